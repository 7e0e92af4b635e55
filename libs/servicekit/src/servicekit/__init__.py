"""Service plumbing shared by the subgraphs."""
