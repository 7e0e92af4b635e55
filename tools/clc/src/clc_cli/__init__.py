"""``clc``: the operator command line."""
