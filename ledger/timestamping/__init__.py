"""Collecting RFC 3161 time-stamp tokens of the log's checkpoints from external TSAs."""
