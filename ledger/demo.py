"""`ipledger demo`: the main job end to end on the embedded default, narrated for a person."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from ledger.checkpoints import cut_checkpoint
from ledger.config import Settings
from ledger.hashing import hash_file
from ledger.service import Ledger
from verifier.checkpoint import verify_checkpoint
from verifier.proof import verify_inclusion


@dataclass(frozen=True)
class Sample:
    """A sample document the demo writes and stamps, with its metadata."""

    name: str
    text: str
    metadata: dict[str, Any]


SAMPLES = (
    Sample(
        "patent-claims.txt",
        "1. A method of anchoring document hashes in an append-only Merkle log, comprising:\n"
        "   receiving a SHA-256 digest; appending a leaf; signing a checkpoint.\n",
        {"office": "EP", "kind": "patent application draft", "applicant_ref": "ACME-2026-017"},
    ),
    Sample(
        "trademark-logo.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">'
        '<circle cx="32" cy="32" r="30" fill="#1a6b2f"/></svg>\n',
        {"office": "EM", "kind": "trademark figurative element", "title": "Green Circle"},
    ),
    Sample(
        "lab-notebook-2026-11-24.md",
        "# Lab notebook, 24 November 2026\n\nSample 7 shows the expected fluorescence.\n",
        {"kind": "laboratory notebook page"},
    ),
)


def write_samples(folder: Path) -> list[Path]:
    """Write the sample documents into `folder` and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for sample in SAMPLES:
        path = folder / sample.name
        path.write_text(sample.text, encoding="utf-8")
        paths.append(path)
    return paths


def run_demo(data_dir: Path, console: Console) -> None:
    """Stamp sample documents into a fresh log, cut a checkpoint, prove and verify each."""
    settings = Settings(data_dir=data_dir / "ledger", origin="demo.ipledger.local/log")
    console.rule("[bold]1. A fresh log")
    ledger, _ = Ledger.init(settings)
    try:
        console.print(f"Log [bold]{ledger.origin}[/] in {settings.data_dir}")
        console.print(f"Verifier key: {ledger.signer.verifier_key}")

        console.rule("[bold]2. Hash documents locally and stamp their hashes")
        paths = write_samples(data_dir / "samples")
        hashed = [hash_file(p) for p in paths]
        entries = ledger.store.append(
            [
                {"digest": h.digest, "metadata": s.metadata}
                for h, s in zip(hashed, SAMPLES, strict=True)
            ]
        )
        for h, e in zip(hashed, entries, strict=True):
            console.print(f"  entry {e.index}: {h.path.name}  {h.digest}")

        console.rule("[bold]3. Cut a signed checkpoint")
        cp = cut_checkpoint(ledger.store, ledger.signer)
        if cp is None:
            raise RuntimeError("a fresh log with new entries must yield a checkpoint")
        console.print(cp.note, end="")

        console.rule("[bold]4. Prove each entry and check the proof with the verifier")
        checked = verify_checkpoint(cp.note, ledger.signer.verifier_key)
        for h, e in zip(hashed, entries, strict=True):
            proof = ledger.store.inclusion_proof(e.index, cp.tree_size)
            verify_inclusion(e.index, cp.tree_size, e.leaf_hash, proof, checked.root)
            console.print(
                f"  \u2714 {h.path.name}: entry {e.index} is in the signed tree of "
                f"{cp.tree_size} ({len(proof)} proof hashes)"
            )
    finally:
        ledger.close()
