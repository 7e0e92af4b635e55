"""Benchmarks: each prints its figure and its ratio to a raw baseline measured in the same run."""
