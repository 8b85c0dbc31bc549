"""Write tests/vectors/witnessed/: a cosigned golden bundle, its policy and its tlog-proof.

Run from the repository root after `make install`:
`.venv/bin/python tests/vectors/make_witnessed.py`. It needs no chain: it takes the real
v2 bundle `bundles_v2/thousand-first-anchor.json` and appends to its checkpoint the
cosignature/v1 lines of two of three witnesses whose keys come from fixed seeds
(`WitnessSigner`), at fixed times, in key-name order as the log side serves them. A
cosignature signs the checkpoint text only, so the log's signature and the chain anchor
stay valid. The script is deterministic: running it again writes the same bytes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import sys
from pathlib import Path

import rfc8785

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from ipledger.ledger.keys import WitnessSigner  # noqa: E402
from ipledger.verifier.core.bundle import EvidenceBundle  # noqa: E402
from ipledger.verifier.core.note import parse_note  # noqa: E402
from ipledger.verifier.core.policy import parse_policy  # noqa: E402
from ipledger.verifier.core.tlogproof import TlogProof, verify_tlog_proof  # noqa: E402
from ipledger.verifier.core.verify import verify  # noqa: E402

SOURCE = ROOT / "tests" / "vectors" / "bundles_v2"
OUT = ROOT / "tests" / "vectors" / "witnessed"
NAME = "thousand-first-anchor"
# The policy's name for each office, its witness key name, and whether it cosigned.
OFFICES = (("EP", "ep.example/witness", True), ("DE", "de.example/witness", True),
           ("FR", "fr.example/witness", False))  # fmt: skip


def witness(key_name: str) -> WitnessSigner:
    """Return the golden witness for `key_name`: its seed is SHA-256 of a fixed phrase."""
    return WitnessSigner(key_name, hashlib.sha256(f"ipledger golden {key_name}".encode()).digest())


def main() -> None:
    manifest = json.loads((SOURCE / "manifest.json").read_text("utf-8"))
    info = manifest["bundles"][NAME]
    bundle = EvidenceBundle.from_json((SOURCE / f"{NAME}.json").read_text("utf-8"))
    text = parse_note(bundle.checkpoint).text
    # Times a minute or so after the log received the entry, as a live witness would give.
    base = bundle.entry.received_at // 1000 + 60
    cosigners = sorted((key_name, policy_name) for policy_name, key_name, on in OFFICES if on)
    lines = [
        witness(key_name).cosign(text, base + i).line()
        for i, (key_name, _) in enumerate(cosigners)
    ]
    cosigned = dataclasses.replace(bundle, checkpoint=bundle.checkpoint + "".join(lines))
    policy_text = (
        "# The golden policy: office A's log, witnessed by two of the three offices.\n"
        f"log {info['log_key']}\n"
        + "".join(f"witness {p} {witness(k).verifier_key}\n" for p, k, _ in OFFICES)
        + "group offices 2 EP DE FR\nquorum offices\n"
    )
    entry = rfc8785.dumps(cosigned.to_dict()["entry"])
    proof = TlogProof(bundle.entry.index, bundle.inclusion.proof, cosigned.checkpoint, entry)
    document = (SOURCE / f"{NAME}.doc").read_bytes()

    # Check everything before writing it.
    policy = parse_policy(policy_text)
    trusted = {int(k): bytes.fromhex(v[2:]) for k, v in info["trusted_blocks"].items()}
    verdict = verify(cosigned, document, trusted=trusted, policy=policy)
    assert [c.verified for c in verdict.cosignatures] == [True, True]
    assert verify_tlog_proof(document, proof.text(), policy=policy).log_authenticated

    OUT.mkdir(exist_ok=True)
    (OUT / "witnessed.json").write_text(cosigned.to_json(), "utf-8")
    shutil.copyfile(SOURCE / f"{NAME}.doc", OUT / "witnessed.doc")
    (OUT / "witnessed.policy").write_text(policy_text, "utf-8")
    (OUT / "witnessed.tlog-proof").write_text(proof.text(), "utf-8")
    golden = {
        "source": f"tests/vectors/make_witnessed.py from bundles_v2/{NAME}.json",
        "log_key": info["log_key"],
        "trusted_blocks": info["trusted_blocks"],
        "witnesses": {
            p: {"key": witness(k).verifier_key, "cosigned_at": (base + i) if on else None}
            for i, (p, k, on) in enumerate(sorted(OFFICES, key=lambda o: o[1]))
        },
    }
    (OUT / "manifest.json").write_text(json.dumps(golden, indent=2) + "\n", "utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
