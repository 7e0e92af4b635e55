"""Pure: events in, xAPI statements out (no I/O; ``tests/unit/test_domain_purity.py``)."""
