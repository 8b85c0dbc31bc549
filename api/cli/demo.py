"""`ipledger demo`: the main job end to end on the embedded default, narrated for a person."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from ipledger.api.cli.common import console as cli_console
from ipledger.api.cli.common import utc
from ipledger.api.cli.errors import DemoFailed
from ipledger.ledger.chain.managed import chain_down
from ipledger.ledger.checkpoints import cut_checkpoint
from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.hashing import hash_file
from ipledger.verifier.cli import main as verify_main
from ipledger.verifier.core.checkpoint import verify_checkpoint
from ipledger.verifier.core.proof import verify_inclusion

demo_app = typer.Typer(rich_markup_mode=None)


@demo_app.command()
def demo(
    data_dir: Annotated[Path, typer.Option("--dir", help="Folder for the demo's files")] = Path(
        "demo-out"
    ),
) -> None:
    """Run the main job end to end on the embedded default, narrated."""
    run_demo(data_dir, cli_console)


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
        {
            "office": "EP",
            "application_number": "EP26123456",
            "document_role": "claims",
            "applicant_ref": "ACME-2026-017",
        },
    ),
    Sample(
        "trademark-logo.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">'
        '<circle cx="32" cy="32" r="30" fill="#1a6b2f"/></svg>\n',
        {"office": "EM", "document_role": "drawings", "title": "Green Circle (figurative mark)"},
    ),
    Sample(
        "lab-notebook-2026-11-24.md",
        "# Lab notebook, 24 November 2026\n\nSample 7 shows the expected fluorescence.\n",
        {"document_role": "evidence", "title": "laboratory notebook page"},
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
    """Stamp sample documents, anchor them on the managed local chain, prove and verify each.

    Starts the managed anvil node in `data_dir` and stops it at the end, whatever happens,
    so the demo leaves nothing running.
    """
    settings = Settings(data_dir=data_dir / "ledger", origin="demo.ipledger.local/log")
    console.rule(Text("1. A fresh log and the local chain", style="bold"))
    deployment, _ = Deployment.init(settings)
    try:
        _run(deployment, data_dir, console)
    finally:
        deployment.close()
        if chain_down(settings.data_dir):
            console.print("Local chain stopped (its state is kept in the data directory).")


def _run(deployment: Deployment, data_dir: Path, console: Console) -> None:
    chain = deployment.chain
    store = deployment.store
    console.print(
        Text.assemble("Log ", (deployment.origin, "bold"), f" in {deployment.settings.data_dir}")
    )
    console.print(f"Verifier key: {deployment.verifier_key}")
    console.print(
        f"Chain {chain.preset.chain_id} at {chain.rpc_url}; EvidenceAnchor contract "
        f"{chain.contract_deployment.address}; the log anchors from {chain.signer.address}"
    )

    console.rule(Text("2. Hash documents locally and stamp their hashes", style="bold"))
    paths = write_samples(data_dir / "samples")
    hashed = [hash_file(p) for p in paths]
    entries = store.append(
        [{"digest": h.digest, "metadata": s.metadata} for h, s in zip(hashed, SAMPLES, strict=True)]
    )
    for h, e in zip(hashed, entries, strict=True):
        console.print(f"  entry {e.index}: {h.path.name}  {h.digest}")

    console.rule(Text("3. Cut a signed checkpoint and check each inclusion proof", style="bold"))
    cp = cut_checkpoint(store, deployment.log_signer)
    if cp is None:
        raise DemoFailed("a fresh log with new entries must yield a checkpoint")
    console.print(cp.note, end="")
    checked = verify_checkpoint(cp.note, deployment.verifier_key)
    for h, e in zip(hashed, entries, strict=True):
        proof = store.inclusion_proof(e.index, cp.tree_size)
        verify_inclusion(e.index, cp.tree_size, e.leaf_hash, proof, checked.root)
        console.print(f"  \u2714 {h.path.name}: in the signed tree of {cp.tree_size}")

    console.rule(Text("4. Anchor the checkpoint on the chain and wait until final", style="bold"))
    anchored = deployment.worker().run_until_final(timeout=120)
    console.print(
        f"Anchored tree size {anchored.tree_size}: transaction {anchored.tx_hash}, "
        f"block {anchored.block_number}, {utc(anchored.block_time)} ({anchored.state.value})"
    )
    for h, e in zip(hashed, entries, strict=True):
        console.print(
            f"  {h.path.name}: entry {e.index} -> tx {anchored.tx_hash}, "
            f"block {anchored.block_number}, block time {utc(anchored.block_time)}"
        )

    console.rule(
        Text("5. Export each evidence bundle and verify it as a court would", style="bold")
    )
    key = deployment.verifier_key
    for h, e in zip(hashed, entries, strict=True):
        bundle_path = h.path.with_name(h.path.name + ".evidence.json")
        bundle_path.write_text(deployment.evidence_bundle(e.index).to_json(), encoding="utf-8")
        console.print(Text(
            f"$ ipledger-verify {h.path.name} {bundle_path.name} --log-key ... --rpc ...",
            style="bold",
        ))
        code = verify_main(
            [str(h.path), str(bundle_path), "--log-key", key, "--rpc", chain.rpc_url]
        )
        if code != 0:
            raise DemoFailed(f"the evidence of {h.path.name} did not verify (exit {code})")

    console.rule(Text("6. A one-byte change is rejected", style="bold"))
    original = hashed[0].path
    forged = original.with_name("forged-" + original.name)
    data = bytearray(original.read_bytes())
    data[0] ^= 0x01
    forged.write_bytes(bytes(data))
    bundle_path = original.with_name(original.name + ".evidence.json")
    console.print(
        Text(f"$ ipledger-verify {forged.name} {bundle_path.name} --log-key ...", style="bold")
    )
    code = verify_main([str(forged), str(bundle_path), "--log-key", key])
    if code != 1:
        raise DemoFailed(f"a forged document was not rejected (exit {code})")
    console.print("The forged document is rejected: its hash is not the one anchored.")


