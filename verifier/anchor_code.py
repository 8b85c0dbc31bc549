"""Runtime code hashes of the published EvidenceAnchor contract, for the on-chain code check."""

from __future__ import annotations

# keccak256 of the deployed (runtime) bytecode in contracts/EvidenceAnchor.json, compiled with
# solc 0.8.30+commit.73712a01; a test recomputes it from the artifact. Add a hash here (never
# replace one) when a new contract version is published, so older bundles still verify.
RUNTIME_CODE_HASHES: frozenset[bytes] = frozenset(
    {
        bytes.fromhex("8fa2ba6a175e6b723ad5f980cfc3c5a1c565e4cd53eb8144aa017e40c38c5f1f"),
    }
)
