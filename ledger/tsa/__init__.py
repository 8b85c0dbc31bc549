"""ipledger as an RFC 3161 time-stamp authority: its keys, serial numbers and tokens."""
