"""Canonicality proofs of mainnet blocks, built from a consensus client's Beacon API."""
