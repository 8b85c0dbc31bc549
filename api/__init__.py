"""The ipledger HTTP API and command line."""
