"""Evidence for bundles: chain proofs (block header, receipt, receipts-trie proof)."""
