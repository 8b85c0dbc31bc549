"""`ipledger-verify FILE BUNDLE`: a plain-language verdict on a document's evidence bundle."""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import io
import json
import os
import re
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from ipledger.verifier.chains import default_confirmations
from ipledger.verifier.core.beacon import HistoricalSummaries
from ipledger.verifier.core.bundle import EvidenceBundle
from ipledger.verifier.core.errors import (
    BlockNotFinal,
    DocumentMismatch,
    InvalidBundle,
    InvalidTrustRoot,
    InvalidVerifierKey,
    VerifierError,
)
from ipledger.verifier.core.jsontext import exceeds_depth
from ipledger.verifier.core.note import parse_verifier_key
from ipledger.verifier.core.verify import Verdict, verify
from ipledger.verifier.failure import failure_statement
from ipledger.verifier.online import RUNTIME_CODE_HASHES, JsonRpc, RpcError, confirm_on_chain
from ipledger.verifier.report import check_report_path, write_report
from ipledger.verifier.statement import (
    NOT_MADE,
    PASSED,
    ReaderInputs,
    ReportError,
    Statement,
    statement_of,
    verifier_version,
)
from ipledger.verifier.trust import load_trust_root, shipped_trust_root

EXIT_PROVEN = 0
EXIT_FAILED = 1
EXIT_UNUSABLE = 2
EXIT_UNCONFIRMED = 3
_BLOCK_NUMBER_RE = re.compile(r"0|[1-9][0-9]{0,19}")
_BLOCK_HASH_RE = re.compile(r"0x[0-9a-fA-F]{64}")
_DIGEST_RE = re.compile(r"(?:sha256:)?([0-9a-fA-F]{64})")
_MARKS = {PASSED: "\u2714", NOT_MADE: "\u25cb"}
_USAGE = (
    "ipledger-verify FILE BUNDLE [options]\n"
    "       ipledger-verify --digest sha256:HEX BUNDLE [options]"
)


class UsageError(VerifierError):
    """The command line or a file it names cannot be used."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return 0 proven, 1 a check failed, 2 unusable input, 3 unconfirmed."""
    out = io.StringIO()
    code = EXIT_PROVEN
    try:
        try:
            code = _run(_parser().parse_args(argv), out)
        finally:
            sys.stdout.write(out.getvalue())
            sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped reading (`| head`): not an error of ours, and no traceback.
        _silence_stdout()
    return code


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def _run(args: argparse.Namespace, out: TextIO) -> int:
    verified_at = datetime.now(UTC).replace(microsecond=0)
    report: dict[str, Any] = {"document": None, "bundle": None}
    bundle: EvidenceBundle | None = None
    given: ReaderInputs | None = None
    digest = ""
    offline: Verdict | None = None
    try:
        file, bundle_path, given_digest = _inputs(args)
        report.update(document=None if file is None else str(file), bundle=str(bundle_path))
        if args.confirmations is not None and args.confirmations < 1:
            raise UsageError("--confirmations must be at least 1")
        if args.log_key is not None:
            parse_verifier_key(args.log_key)
        if args.report is not None:
            check_report_path(args.report)
        document = None if file is None else _read(file, "document")
        raw = _read(bundle_path, "evidence bundle")
        trusted: dict[int, bytes] | None = None
        trusted_chain_id: int | None = None
        if args.trusted_blocks is not None:
            trusted_chain_id, trusted = _trusted_blocks(args.trusted_blocks)
        trust_root, trust_words = _trust_root(args.trust_root)
        bundle = EvidenceBundle.from_json(raw)
        digest = given_digest or "sha256:" + hashlib.sha256(document or b"").hexdigest()
        given = ReaderInputs(
            document_name=None if file is None else file.name,
            bundle_name=bundle_path.name,
            log_key_given=args.log_key is not None,
            log_address=args.log_address,
            rpc_url=args.rpc,
            trusted_chain_id=trusted_chain_id,
            facts=(),
            pending=None,
            verified_at=verified_at,
            report_id=_report_id(
                args, digest, raw, trusted, trust_root=trust_root, at=verified_at
            ),
            trust_root=trust_words,
        )
        entry_digest = "sha256:" + bundle.entry.digest.hex()
        if given_digest is not None and given_digest != entry_digest:
            raise DocumentMismatch(
                f"the digest given is {given_digest}, but the evidence is for {entry_digest}: "
                "this bundle is not about that document"
            )
        # Offline first: a bundle that fails on its own never reaches the node.
        verdict = verify(
            bundle,
            document=document,
            log_key=args.log_key,
            log_address=args.log_address,
            trusted=trusted,
            trusted_chain_id=trusted_chain_id,
            trust_root=trust_root,
        )
        offline = verdict
        if args.rpc is not None:
            verdict, given = _ask_node(
                args, bundle, document, given, offline, trust_root=trust_root
            )
        statement = statement_of(verdict, bundle, given)
        if args.report is not None:
            write_report(args.report, statement)
    except (
        UsageError,
        InvalidBundle,
        InvalidVerifierKey,
        InvalidTrustRoot,
        RpcError,
        ReportError,
    ) as exc:
        return _fail(out, args.json, report, EXIT_UNUSABLE, title="UNUSABLE INPUT", exc=exc)
    except VerifierError as exc:
        where = ""
        if args.report is not None and bundle is not None and given is not None:
            failed = failure_statement(exc, bundle, given, digest, offline)
            try:
                write_report(args.report, failed)
            except ReportError as error:
                return _fail(out, args.json, report, EXIT_UNUSABLE, title="UNUSABLE INPUT",
                             exc=error)  # fmt: skip
            where = f" (report: {args.report})"
        return _fail(out, args.json, report, EXIT_FAILED, title="NOT PROVEN", exc=exc, end=where)
    code = EXIT_PROVEN if verdict.proven else EXIT_UNCONFIRMED
    if args.json:
        report.update(_verdict_json(verdict, statement))
        json.dump(report, out, indent=2)
        out.write("\n")
    else:
        _print_statement(out, statement, args.report)
    return code


def _inputs(args: argparse.Namespace) -> tuple[Path | None, Path, str | None]:
    """Return (document or None, bundle, normalized --digest or None) from the positionals."""
    file, bundle = args.file, args.bundle
    if args.digest is None:
        if file is None or bundle is None:
            raise UsageError(
                "give the document and its evidence bundle: ipledger-verify FILE BUNDLE "
                "(or ipledger-verify --digest sha256:HEX BUNDLE)"
            )
        return file, bundle, None
    if bundle is not None or file is None:
        raise UsageError(
            "with --digest give the evidence bundle alone: ipledger-verify --digest "
            "sha256:HEX BUNDLE (the digest stands for FILE)"
        )
    match = _DIGEST_RE.fullmatch(args.digest)
    if match is None:
        raise UsageError(
            "--digest must be sha256: followed by the document's 64 hex digits "
            "(e.g. from sha256sum FILE)"
        )
    return None, file, "sha256:" + match.group(1).lower()


def _ask_node(
    args: argparse.Namespace,
    bundle: EvidenceBundle,
    document: bytes | None,
    given: ReaderInputs,
    offline: Verdict,
    *,
    trust_root: HistoricalSummaries,
) -> tuple[Verdict, ReaderInputs]:
    """Step 8 against the node; a block not yet deep enough leaves the offline verdict."""
    confirmations = args.confirmations
    if confirmations is None:
        confirmations = default_confirmations(bundle.anchor.chain_id)
    try:
        confirmation = confirm_on_chain(
            bundle, JsonRpc(args.rpc), confirmations, RUNTIME_CODE_HASHES
        )
    except BlockNotFinal as exc:
        return offline, _with(given, pending=str(exc))
    # The node confirmed this block's hash on the chain it serves (eth_chainId).
    verdict = verify(
        bundle,
        document=document,
        log_key=args.log_key,
        log_address=args.log_address,
        trusted={confirmation.block_number: confirmation.block_hash},
        trusted_chain_id=bundle.anchor.chain_id,
        trust_root=trust_root,
    )
    return verdict, _with(given, facts=confirmation.facts, trusted_chain_id=None)


def _with(given: ReaderInputs, **changes: Any) -> ReaderInputs:
    return dataclasses.replace(given, **changes)


def _report_id(
    args: argparse.Namespace,
    digest: str,
    raw: bytes,
    trusted: dict[int, bytes] | None,
    *,
    trust_root: HistoricalSummaries,
    at: datetime,
) -> str:
    """Name this verification by a hash over what was verified, with what, and when."""
    inputs = {
        "digest": digest,
        "bundle": hashlib.sha256(raw).hexdigest(),
        "log_key": args.log_key,
        "log_address": args.log_address,
        "rpc": args.rpc,
        "confirmations": args.confirmations,
        "trusted": None if trusted is None else {str(k): v.hex() for k, v in trusted.items()},
        "trust_root": trust_root.root.hex(),
        "at": at.isoformat(),
    }
    token = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:16]
    return "IPV-" + "-".join(token[i : i + 4] for i in range(0, 16, 4)).upper()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ipledger-verify",
        usage=_USAGE,
        description="Check, offline, that a document existed no later than the block time "
        "recorded in its ipledger evidence bundle.",
        epilog="Exit codes: 0 proven; 1 a check failed; 2 unusable input; 3 every offline check "
        "passed but the block's place on the chain was not checked (give --rpc or "
        "--trusted-blocks).",
    )
    parser.add_argument(
        "file", type=Path, nargs="?", metavar="FILE", help="the document whose existence is claimed"
    )
    parser.add_argument(
        "bundle", type=Path, nargs="?", metavar="BUNDLE", help="its evidence bundle (JSON)"
    )
    parser.add_argument(
        "--digest",
        metavar="sha256:HEX",
        help="the document's SHA-256 instead of the document (then give BUNDLE alone)",
    )
    parser.add_argument(
        "--log-key", metavar="KEY", help="the log's verifier key (C2SP signed-note format)"
    )
    parser.add_argument(
        "--log-address",
        metavar="0x...",
        help="the log operator's published address (0x...), to pin it",
    )
    parser.add_argument(
        "--rpc", metavar="URL", help="a JSON-RPC node of the chain, to confirm the block"
    )
    parser.add_argument(
        "--confirmations",
        type=int,
        metavar="N",
        help="blocks needed on top of the anchor (with --rpc)",
    )
    parser.add_argument(
        "--trusted-blocks",
        type=Path,
        metavar="FILE",
        help='JSON file {"<block number>": "0x<block hash>", ...} of block hashes you trust',
    )
    parser.add_argument(
        "--trust-root",
        type=Path,
        metavar="FILE",
        help="Ethereum mainnet's historical_summaries (an ipledger trust-root file) to check "
        "block proofs against, instead of the one this verifier ships; it must extend it",
    )
    parser.add_argument("--json", action="store_true", help="print a machine-readable report")
    parser.add_argument(
        "--report",
        type=Path,
        metavar="PATH",
        help="also write a court report: PDF when PATH ends in .pdf (needs "
        "ipledger-verifier[report]), HTML when it ends in .html",
    )
    parser.add_argument(
        "--version", action="version", version=f"ipledger-verify {verifier_version()}"
    )
    return parser


def _trust_root(path: Path | None) -> tuple[HistoricalSummaries, str | None]:
    """Return the trust root to check block proofs against, and words naming a given one.

    A trust root given with --trust-root must agree with the one this verifier ships: the
    shorter list a prefix of the longer (historical_summaries only grow).
    """
    shipped = shipped_trust_root()
    if path is None:
        return shipped, None
    given = load_trust_root(path)
    both = (
        f"{path} is Ethereum mainnet's historical_summaries at slot {given.slot} "
        f"({len(given.summaries)} periods, root 0x{given.root.hex()}); the one this verifier "
        f"ships is at slot {shipped.slot} ({len(shipped.summaries)} periods, root "
        f"0x{shipped.root.hex()})"
    )
    try:
        if len(given.summaries) >= len(shipped.summaries):
            given.check_extends(shipped)
        else:
            shipped.check_extends(given)
    except InvalidTrustRoot:
        raise InvalidTrustRoot(
            f"{both}: they disagree (neither list is a prefix of the other), so one of them "
            "is not mainnet's; check both against a beacon node you trust"
        ) from None
    return given, both + "; the shorter is a prefix of the longer"


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


def _fail(
    out: TextIO,
    as_json: bool,
    report: dict[str, Any],
    code: int,
    *,
    title: str,
    exc: Exception,
    end: str = "",
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
        out.write(f"\u2718 {title}: {exc}{end}\n")
    return code


def _verdict_json(verdict: Verdict, s: Statement) -> dict[str, Any]:
    node = [c for c in s.checks if c.title == "Confirmed by the node"]
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
        "not_made": [
            {"step": c.step, "title": c.title, "reason": c.detail}
            for c in s.checks
            if c.outcome == NOT_MADE
        ],
        "chain_facts": [c.detail for c in node if c.outcome == PASSED],
        "chain_pending": next((c.detail for c in node if c.outcome == NOT_MADE), None),
        "remaining": list(s.remaining),
        "nothing_remains": s.nothing_remains,
        "bundle_version": verdict.bundle_version,
        "transaction_proven": verdict.transaction_proven,
        "sender": verdict.sender,
        "canonical_by": verdict.canonical_by,
        "warnings": list(verdict.warnings),
        "report_id": s.report_id,
        "verified_at": s.verified_at,
        "verifier_version": s.version,
    }


def _print_statement(out: TextIO, s: Statement, report: Path | None) -> None:
    for label, value in s.record:
        if label == "Trust root":
            out.write(f"Trust root: {value}\n")
    for check in s.checks:
        if check.outcome == PASSED:
            out.write(f"  {_MARKS[PASSED]} {check.title}: {check.detail}\n")
        else:
            out.write(f"  {_MARKS[NOT_MADE]} {check.title}: not checked: {check.detail}\n")
    out.write(f"\n{s.status}: {s.sentence}\n")
    for caveat in s.caveats:
        out.write(f"{caveat}\n")
    for warning in s.warnings:
        out.write(f"Warning: {warning}.\n")
    if s.remaining:
        out.write("What remains for you to check:\n")
        for item in s.remaining:
            out.write(f"  - {item}\n")
    if report is not None:
        out.write(f"Report written to {report} (report {s.report_id}).\n")


if __name__ == "__main__":
    raise SystemExit(main())
