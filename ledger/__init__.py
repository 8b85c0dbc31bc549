"""The ipledger log: entries, Merkle storage, checkpoints, anchoring."""
