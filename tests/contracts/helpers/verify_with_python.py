"""Run proof cases through verifier/core/proof.py for the contract tests (JSON lines in and out)."""

from __future__ import annotations

import json
import sys
from typing import Any

from ipledger.verifier import VerifierError, root_from_consistency_proof, root_from_inclusion_proof


def run(case: dict[str, Any]) -> dict[str, str]:
    proof = [bytes.fromhex(h) for h in case["proof"]]
    try:
        if case["kind"] == "inclusion":
            root = root_from_inclusion_proof(
                case["index"], case["size"], bytes.fromhex(case["leaf"]), proof
            )
        else:
            root = root_from_consistency_proof(
                case["size1"], case["size2"], proof, bytes.fromhex(case["root1"])
            )
    except VerifierError as exc:
        return {"error": type(exc).__name__}
    return {"root": root.hex()}


def main() -> None:
    cases = json.load(sys.stdin)
    json.dump([run(c) for c in cases], sys.stdout)


if __name__ == "__main__":
    main()
