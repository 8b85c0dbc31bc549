"""Time-stamp tokens from external RFC 3161 TSAs on each checkpoint: requested, checked, kept."""
