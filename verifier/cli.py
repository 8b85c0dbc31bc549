"""`ipledger-verify FILE BUNDLE`: a plain-language verdict on a document's evidence bundle."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from ipledger.verifier.chains import block_url, chain_name, default_confirmations
from ipledger.verifier.core.bundle import EvidenceBundle
from ipledger.verifier.core.errors import (
    BlockNotFinal,
    InvalidBundle,
    InvalidVerifierKey,
    VerifierError,
)
from ipledger.verifier.core.jsontext import exceeds_depth
from ipledger.verifier.core.note import parse_verifier_key
from ipledger.verifier.core.verify import Verdict, verify
from ipledger.verifier.online import RUNTIME_CODE_HASHES, JsonRpc, RpcError, confirm_on_chain

EXIT_PROVEN = 0
EXIT_FAILED = 1
EXIT_UNUSABLE = 2
EXIT_UNCONFIRMED = 3
_BLOCK_NUMBER_RE = re.compile(r"0|[1-9][0-9]{0,19}")
_BLOCK_HASH_RE = re.compile(r"0x[0-9a-fA-F]{64}")


class UsageError(VerifierError):
    """The command line or a file it names cannot be used."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return 0 proven, 1 a check failed, 2 unusable input, 3 unconfirmed."""
    args = _parser().parse_args(argv)
    out: TextIO = sys.stdout
    report: dict[str, Any] = {"document": str(args.file), "bundle": str(args.bundle)}
    facts: tuple[str, ...] = ()
    pending: str | None = None
    try:
        if args.confirmations is not None and args.confirmations < 1:
            raise UsageError("--confirmations must be at least 1")
        if args.log_key is not None:
            parse_verifier_key(args.log_key)
        document = _read(args.file, "document")
        bundle = EvidenceBundle.from_json(_read(args.bundle, "evidence bundle"))
        trusted: dict[int, bytes] | None = None
        trusted_chain_id: int | None = None
        if args.trusted_blocks is not None:
            trusted_chain_id, trusted = _trusted_blocks(args.trusted_blocks)
        # Offline first: a bundle that fails on its own never reaches the node.
        verdict = verify(
            bundle,
            document=document,
            log_key=args.log_key,
            log_address=args.log_address,
            trusted=trusted,
            trusted_chain_id=trusted_chain_id,
        )
        if args.rpc is not None:
            confirmations = args.confirmations
            if confirmations is None:
                confirmations = default_confirmations(bundle.anchor.chain_id)
            try:
                confirmation = confirm_on_chain(
                    bundle, JsonRpc(args.rpc), confirmations, RUNTIME_CODE_HASHES
                )
            except BlockNotFinal as exc:
                pending = str(exc)
            else:
                facts = confirmation.facts
                # The node confirmed this block's hash on the chain it serves (eth_chainId).
                verdict = verify(
                    bundle,
                    document=document,
                    log_key=args.log_key,
                    log_address=args.log_address,
                    trusted={confirmation.block_number: confirmation.block_hash},
                    trusted_chain_id=bundle.anchor.chain_id,
                )
        if args.report is not None:
            _write_report(args.report, verdict, facts, pending, args.file.name)
    except (UsageError, InvalidBundle, InvalidVerifierKey, RpcError) as exc:
        return _fail(out, args.json, report, EXIT_UNUSABLE, title="UNUSABLE INPUT", exc=exc)
    except VerifierError as exc:
        return _fail(out, args.json, report, EXIT_FAILED, title="NOT PROVEN", exc=exc)
    code = EXIT_PROVEN if verdict.proven else EXIT_UNCONFIRMED
    if args.json:
        report.update(_verdict_json(verdict, facts, pending))
        json.dump(report, out, indent=2)
        out.write("\n")
    else:
        _print_verdict(out, verdict, facts, pending, args)
    return code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ipledger-verify",
        description="Check, offline, that a document existed no later than the block time "
        "recorded in its ipledger evidence bundle.",
        epilog="Exit codes: 0 proven; 1 a check failed; 2 unusable input; 3 every offline check "
        "passed but the block's place on the chain was not checked (give --rpc or "
        "--trusted-blocks).",
    )
    parser.add_argument("file", type=Path, help="the document whose existence is claimed")
    parser.add_argument("bundle", type=Path, help="its evidence bundle (JSON)")
    parser.add_argument("--log-key", help="the log's verifier key (C2SP signed-note format)")
    parser.add_argument(
        "--log-address", help="the log operator's published address (0x...), to pin it"
    )
    parser.add_argument("--rpc", help="a JSON-RPC node of the chain, to confirm the block")
    parser.add_argument(
        "--confirmations", type=int, help="blocks needed on top of the anchor (with --rpc)"
    )
    parser.add_argument(
        "--trusted-blocks",
        type=Path,
        help='JSON file {"<block number>": "0x<block hash>", ...} of block hashes you trust',
    )
    parser.add_argument("--json", action="store_true", help="print a machine-readable report")
    parser.add_argument("--report", type=Path, help="also write a court-ready HTML report here")
    return parser


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read the {what} {path}: {exc.strerror or exc}") from None


def _trusted_blocks(path: Path) -> tuple[int | None, dict[int, bytes]]:
    """Read `{"<block number>": "0x<block hash>"}`, or `{"chain_id": N, "blocks": {...}}`."""
    usage = (
        f'{path} must be a JSON object {{"<block number>": "0x<64 hex block hash>", ...}} '
        '(or {"chain_id": <id>, "blocks": {...}})'
    )
    raw = _read(path, "trusted block list")
    if len(raw) > 1 << 24:
        raise UsageError(f"{path} is larger than 16 MiB: {usage}")
    try:
        text = raw.decode("utf-8")
        if exceeds_depth(text, 3):
            raise ValueError("nested too deeply")
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise UsageError(f"{path} is not JSON ({exc}): {usage}") from None
    chain_id: int | None = None
    if isinstance(data, dict) and "blocks" in data:
        chain_id = data.get("chain_id")
        if set(data) != {"chain_id", "blocks"} or type(chain_id) is not int or chain_id < 0:
            raise UsageError(f'{path}: with "blocks", give exactly a "chain_id" integer too')
        data = data["blocks"]
    if not isinstance(data, dict):
        raise UsageError(usage)
    trusted: dict[int, bytes] = {}
    for key, value in data.items():
        if not _BLOCK_NUMBER_RE.fullmatch(key):
            raise UsageError(f"{path}: {key[:30]!r} is not a block number; {usage}")
        if not isinstance(value, str) or not _BLOCK_HASH_RE.fullmatch(value):
            raise UsageError(f"{path}: the hash of block {key} is not 0x and 64 hex digits")
        trusted[int(key)] = bytes.fromhex(value[2:])
    return chain_id, trusted


def _write_report(
    path: Path, verdict: Verdict, facts: tuple[str, ...], pending: str | None, name: str
) -> None:
    from ipledger.verifier.report import write_html_report

    try:
        write_html_report(path, verdict, facts, name, pending)
    except OSError as exc:
        raise UsageError(f"cannot write the report {path}: {exc.strerror or exc}") from None


def _fail(
    out: TextIO, as_json: bool, report: dict[str, Any], code: int, *, title: str, exc: Exception
) -> int:
    if as_json:
        report.update(
            {
                "result": "failed" if code == EXIT_FAILED else "unusable",
                "error": {"type": type(exc).__name__, "message": str(exc)},
            }
        )
        json.dump(report, out, indent=2)
        out.write("\n")
    else:
        out.write(f"\u2718 {title}: {exc}\n")
    return code


def _verdict_json(verdict: Verdict, facts: tuple[str, ...], pending: str | None) -> dict[str, Any]:
    return {
        "result": "proven" if verdict.proven else "self-consistent",
        "claim": verdict.claim(),
        "digest": verdict.digest,
        "existed_no_later_than": verdict.block_time,
        "existed_no_later_than_utc": verdict.block_time_utc,
        "chain_id": verdict.chain_id,
        "block_number": verdict.block_number,
        "block_hash": verdict.block_hash,
        "tx_hash": verdict.tx_hash,
        "contract": verdict.contract,
        "log": verdict.log,
        "origin": verdict.origin,
        "log_authenticated": verdict.log_authenticated,
        "received_at": verdict.received_at,
        "entry_index": verdict.entry_index,
        "tree_size": verdict.tree_size,
        "checks": [{"step": c.step, "title": c.title, "detail": c.detail} for c in verdict.checks],
        "chain_facts": list(facts),
        "chain_pending": pending,
        "remaining": list(verdict.remaining),
        "warnings": list(verdict.warnings),
    }


def _print_verdict(
    out: TextIO,
    verdict: Verdict,
    facts: tuple[str, ...],
    pending: str | None,
    args: argparse.Namespace,
) -> None:
    for check in verdict.checks:
        out.write(f"  \u2714 {check.title}: {check.detail}\n")
    for fact in facts:
        out.write(f"  \u2714 Node {args.rpc}: {fact}\n")
    if pending is not None:
        out.write(f"  \u2026 Node {args.rpc}: {pending}\n")
    if verdict.proven:
        out.write(f"\nPROVEN: {verdict.claim()}\n")
    else:
        out.write(f"\nSELF-CONSISTENT, NOT YET PROVEN: {verdict.claim()}\n")
    for warning in verdict.warnings:
        out.write(f"Warning: {warning}.\n")
    if verdict.remaining:
        out.write("What remains for you to check:\n")
        for item in verdict.remaining:
            out.write(f"  - {item}\n")
        if not verdict.proven:
            url = block_url(verdict.chain_id, verdict.block_number)
            where = url or f"a node of {chain_name(verdict.chain_id)} (ipledger-verify --rpc URL)"
            out.write(f"  Look the block up at {where}\n")


if __name__ == "__main__":
    raise SystemExit(main())
