"""EVM chain plumbing: the managed anvil node, chain presets, the signer and web3 helpers."""
