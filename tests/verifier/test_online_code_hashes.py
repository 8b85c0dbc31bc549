import json
from pathlib import Path

from Crypto.Hash import keccak

from ipledger.verifier.online import RUNTIME_CODE_HASHES

ARTIFACT = Path(__file__).parents[2] / "contracts" / "EvidenceAnchor.json"


def test_runtime_code_hash_matches_the_committed_artifact() -> None:
    code = bytes.fromhex(json.loads(ARTIFACT.read_text())["deployedBytecode"][2:])
    assert keccak.new(digest_bits=256, data=code).digest() in RUNTIME_CODE_HASHES
