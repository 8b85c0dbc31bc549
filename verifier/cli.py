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
from ipledger.verifier.cli_inputs import (
    UsageError,
    read_file,
    read_policy,
    trust_root_for,
    trusted_blocks,
)
from ipledger.verifier.cli_output import fail, print_statement, verdict_json
from ipledger.verifier.core.beacon import HistoricalSummaries
from ipledger.verifier.core.bundle import EvidenceBundle
from ipledger.verifier.core.cose import check_cose_receipt
from ipledger.verifier.core.errors import (
    BlockNotFinal,
    DocumentMismatch,
    InclusionError,
    InvalidBundle,
    InvalidCoseReceipt,
    InvalidPolicy,
    InvalidTlogProof,
    InvalidTrustRoot,
    InvalidVerifierKey,
    SignatureError,
    VerifierError,
)
from ipledger.verifier.core.note import parse_verifier_key
from ipledger.verifier.core.policy import Policy
from ipledger.verifier.core.tlogproof import HEADER as TLOG_PROOF_HEADER
from ipledger.verifier.core.tlogproof import verify_tlog_proof
from ipledger.verifier.core.verify import Verdict, verify
from ipledger.verifier.failure import failure_statement
from ipledger.verifier.online import RUNTIME_CODE_HASHES, JsonRpc, RpcError, confirm_on_chain
from ipledger.verifier.proof_statement import proof_failure, proof_json, proof_statement
from ipledger.verifier.report import check_report_path, write_report
from ipledger.verifier.statement import (
    ReaderInputs,
    ReportError,
    statement_of,
    verifier_version,
)
from ipledger.verifier.trust import shipped_trust_root
from ipledger.verifier.tsa_files import export_tokens, read_tsa_roots

EXIT_PROVEN = 0
EXIT_FAILED = 1  # as cli_output.EXIT_FAILED
EXIT_UNUSABLE = 2
EXIT_UNCONFIRMED = 3
_COSE_SIGN1 = b"\xd2\x84"  # tag 18 and an array of four: how a COSE Receipt file begins
_DIGEST_RE = re.compile(r"(?:sha256:)?([0-9a-fA-F]{64})")
_USAGE = (
    "ipledger-verify FILE BUNDLE [options]\n"
    "       ipledger-verify FILE FILE.tlog-proof [--policy FILE | --log-key KEY] [options]\n"
    "       ipledger-verify FILE FILE.cose-receipt [--policy FILE | --log-key KEY] [options]\n"
    "       ipledger-verify --digest sha256:HEX BUNDLE [options]"
)


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
    exported = ""
    try:
        file, bundle_path, given_digest = _inputs(args)
        report.update(document=None if file is None else str(file), bundle=str(bundle_path))
        if args.confirmations is not None and args.confirmations < 1:
            raise UsageError("--confirmations must be at least 1")
        if args.log_key is not None:
            parse_verifier_key(args.log_key)
        if args.report is not None:
            check_report_path(args.report)
        policy = read_policy(args.policy)
        tsa_roots = read_tsa_roots(args.tsa_ca)
        document = None if file is None else read_file(file, "document")
        raw = read_file(bundle_path, "evidence bundle")
        if raw.startswith(f"{TLOG_PROOF_HEADER}\n".encode()) or raw.startswith(_COSE_SIGN1):
            return _run_proof(
                args, out, report, document, raw,
                given_digest=given_digest, policy=policy, at=verified_at,
            )  # fmt: skip
        trusted: dict[int, bytes] | None = None
        trusted_chain_id: int | None = None
        if args.trusted_blocks is not None:
            trusted_chain_id, trusted = trusted_blocks(args.trusted_blocks)
        trust_root, trust_words = trust_root_for(args.trust_root)
        bundle = EvidenceBundle.from_json(raw)
        if args.export_tokens is not None:  # before verifying: a failing token is worth a look
            exported = export_tokens(args.export_tokens, bundle) + "\n"
            report["exported_tokens"] = str(args.export_tokens)
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
            policy=_policy_words(args.policy, policy),
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
            policy=policy,
            tsa_roots=tsa_roots,
        )
        offline = verdict
        if args.rpc is not None:
            verdict, given = _ask_node(
                args, bundle, document, given, offline,
                trust_root=trust_root, policy=policy, tsa_roots=tsa_roots,
            )  # fmt: skip
        statement = statement_of(verdict, bundle, given)
        if args.report is not None:
            write_report(args.report, statement)
    except (
        UsageError,
        InvalidBundle,
        InvalidVerifierKey,
        InvalidTrustRoot,
        InvalidPolicy,
        InvalidTlogProof,
        InvalidCoseReceipt,
        RpcError,
        ReportError,
    ) as exc:
        return fail(out, args.json, report, EXIT_UNUSABLE, title="UNUSABLE INPUT", exc=exc)
    except VerifierError as exc:
        where = ""
        if args.report is not None and bundle is not None and given is not None:
            failed = failure_statement(exc, bundle, given, digest, offline)
            try:
                write_report(args.report, failed)
            except ReportError as error:
                return fail(out, args.json, report, EXIT_UNUSABLE, title="UNUSABLE INPUT",
                             exc=error)  # fmt: skip
            where = f" (report: {args.report})"
        out.write("" if args.json else exported)
        return fail(out, args.json, report, EXIT_FAILED, title="NOT PROVEN", exc=exc, end=where)
    code = EXIT_PROVEN if verdict.proven else EXIT_UNCONFIRMED
    if args.json:
        report.update(verdict_json(verdict, statement))
        json.dump(report, out, indent=2)
        out.write("\n")
    else:
        print_statement(out, statement, args.report)
        out.write(exported)
    return code


def _run_proof(
    args: argparse.Namespace,
    out: TextIO,
    report: dict[str, Any],
    document: bytes | None,
    raw: bytes,
    *,
    given_digest: str | None,
    policy: Policy | None,
    at: datetime,
) -> int:
    """Verify a tlog-proof or COSE Receipt given for BUNDLE: inclusion in the tree, no anchor."""
    cose = raw.startswith(_COSE_SIGN1)
    kind = "a COSE Receipt" if cose else "a tlog-proof file"
    chain_options = ("rpc", "trusted_blocks", "log_address", "trust_root", "confirmations")
    used = [f"--{o.replace('_', '-')}" for o in chain_options if getattr(args, o) is not None]
    stamps = [f"--{o.replace('_', '-')}" for o in ("tsa_ca", "export_tokens") if getattr(args, o)]
    if stamps:
        raise UsageError(
            f"{', '.join(stamps)}: a tlog-proof file carries no time-stamp token; give the "
            "entry's evidence bundle (v3) instead, or leave them out"
        )
    if used:
        raise UsageError(
            f"{', '.join(used)} check a chain anchor, which {kind} does not carry: "
            "give the entry's evidence bundle instead, or leave them out"
        )
    digest = given_digest or "sha256:" + hashlib.sha256(document or b"").hexdigest()
    given = ReaderInputs(
        document_name=None if args.digest is not None else args.file.name,
        bundle_name=args.bundle.name if args.bundle is not None else args.file.name,
        log_key_given=args.log_key is not None,
        log_address=None,
        rpc_url=None,
        trusted_chain_id=None,
        facts=(),
        pending=None,
        verified_at=at,
        report_id=_report_id(args, digest, raw, None, trust_root=shipped_trust_root(), at=at),
        policy=_policy_words(args.policy, policy),
    )
    try:
        check = check_cose_receipt if cose else verify_tlog_proof
        verdict = check(document, raw, policy=policy, log_key=args.log_key)
        entry_digest = "sha256:" + verdict.entry.digest.hex()
        if given_digest is not None and given_digest != entry_digest:
            raise DocumentMismatch(
                f"the digest given is {given_digest}, but the proof is for {entry_digest}"
            )
    except (InvalidTlogProof, InvalidVerifierKey):
        raise
    except VerifierError as exc:
        proof_failed = isinstance(exc, InclusionError | SignatureError)
        if isinstance(exc, InvalidCoseReceipt) and not proof_failed:
            raise  # malformed: unusable input, as a malformed tlog-proof
        where = ""
        if args.report is not None:
            write_report(args.report, proof_failure(exc, given, digest, cose=cose))
            where = f" (report: {args.report})"
        return fail(out, args.json, report, EXIT_FAILED, title="NOT PROVEN", exc=exc, end=where)
    statement = proof_statement(verdict, given, cose=cose)
    if args.report is not None:
        write_report(args.report, statement)
    if args.json:
        report.update(proof_json(verdict, statement))
        json.dump(report, out, indent=2)
        out.write("\n")
    else:
        print_statement(out, statement, args.report)
    return EXIT_PROVEN if verdict.log_authenticated else EXIT_UNCONFIRMED


def _policy_words(path: Path | None, policy: Policy | None) -> str | None:
    if path is None or policy is None:
        return None
    return f"{path.name}: quorum {policy.describe(policy.quorum)}"


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
    policy: Policy | None,
    tsa_roots: tuple[bytes, ...] | None,
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
        policy=policy,
        tsa_roots=tsa_roots,
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
        "policy": args.policy and hashlib.sha256(args.policy.read_bytes()).hexdigest(),
        "at": at.isoformat(),
    }
    if args.tsa_ca is not None:  # only then, so that other report ids stay as they were
        inputs["tsa_ca"] = hashlib.sha256(args.tsa_ca.read_bytes()).hexdigest()
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
        "--trusted-blocks). A tlog-proof file (c2sp.org/tlog-proof@v1) or a COSE Receipt "
        "(RFC 9942) given for BUNDLE proves inclusion in the log's tree only: 0 when the log's "
        "key was checked, else 3.",
    )
    parser.add_argument(
        "file", type=Path, nargs="?", metavar="FILE", help="the document whose existence is claimed"
    )
    parser.add_argument(
        "bundle",
        type=Path,
        nargs="?",
        metavar="BUNDLE",
        help="its evidence bundle (JSON), its tlog-proof file (.tlog-proof) or its COSE "
        "Receipt (.cose-receipt)",
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
        "--policy",
        type=Path,
        metavar="FILE",
        help="a tlog-policy file (c2sp.org/tlog-policy): the log keys and the witnesses' quorum "
        "whose cosignatures the checkpoint must carry",
    )
    parser.add_argument(
        "--trust-root",
        type=Path,
        metavar="FILE",
        help="Ethereum mainnet's historical_summaries (an ipledger trust-root file) to check "
        "block proofs against, instead of the one this verifier ships; it must extend it",
    )
    parser.add_argument(
        "--tsa-ca",
        type=Path,
        metavar="FILE",
        help="certificates (PEM, one or more; or DER) of the time-stamp authorities you trust, "
        "or their CAs: a v3 bundle's RFC 3161 tokens must include one chaining to them",
    )
    parser.add_argument(
        "--export-tokens",
        type=Path,
        metavar="DIR",
        help="write the bundle's time-stamped checkpoint (checkpoint.txt) and its RFC 3161 "
        "tokens (token-N.tst) to DIR, to check them with openssl ts -verify",
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


if __name__ == "__main__":
    raise SystemExit(main())
