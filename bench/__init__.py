"""Benchmarks of ipledger against baselines measured in the same run (`make bench`)."""
