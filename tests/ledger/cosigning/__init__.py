"""Tests of the witnessed log (ledger/cosigning)."""
