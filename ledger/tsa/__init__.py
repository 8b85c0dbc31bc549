"""ipledger as an RFC 3161 time-stamp authority: its key and chain, serials, and the tokens."""
