"""The golden and tamper corpus as data: each case's inputs and what `ipledger-verify --json` says.

A case is a bundle's JSON text, its document (base64; null: the CLI is given `--digest` with
the entry's own digest, so step 1 is not made), the log key (or null) and trusted block hashes
(or null). `expected` is what `ipledger.verifier.cli.main` answers for it, run in-process:
`{"exit", "result", "error_type", "checks": [[step, title], ...]}`. Other verifiers (the
one-file kit, the browser page) must answer every case the same way.

`python -m tests.verifier.corpus OUT.json` writes the corpus (`write_corpus`).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ipledger.verifier import EvidenceBundle
from ipledger.verifier.cli import main
from tests.verifier.golden import NAMES, Golden, load
from tests.verifier.mutations import (
    Data,
    checkpoint_parts,
    drop,
    flip,
    flip_bytes,
    make_note,
    put,
    with_anchor,
)

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
WITNESSED = VECTORS / "witnessed"
PORTAL_PROOF = VECTORS / "portal" / "headers_with_proof" / "22162263.yaml"
# Every mutation is applied to the smallest golden of each version; those of the entry, the
# proof, the checkpoint and the Anchored event also to one with a 10-hash proof.
MUTATED = "single"
PROOF_MUTATED = "thousand-first-anchor"
# Every error type the corpus makes the CLI report (test_corpus.py checks it does).
ERROR_TYPES = frozenset(
    {
        "InvalidBundle",
        "DocumentMismatch",
        "InclusionError",
        "SignatureError",
        "UnknownKeyError",
        "HeaderMismatch",
        "InvalidHeader",
        "ReceiptProofError",
        "AnchorEventError",
        "UntrustedBlock",
        "TransactionMismatch",
        "TransactionProofError",
        "CanonicalityError",
        "InvalidTimestampToken",
        "TimestampImprintMismatch",
        "InvalidVerifierKey",
    }
)
EXIT_CODES = frozenset({0, 1, 2, 3})
_ZERO_DIGEST = "sha256:" + "00" * 32


@dataclass(frozen=True)
class CorpusCase:
    """One verification: the inputs and the installed verifier's answer."""

    name: str
    bundle: str
    document: str | None
    log_key: str | None
    trusted_blocks: dict[str, str] | None
    expected: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "bundle": self.bundle,
            "document": self.document,
            "log_key": self.log_key,
            "trusted_blocks": self.trusted_blocks,
            "expected": self.expected,
        }


@dataclass(frozen=True)
class _Inputs:
    name: str
    bundle: str
    document: bytes | None
    log_key: str | None
    trusted: dict[int, bytes] | None


def case_argv(
    bundle: str,
    document: str | None,
    log_key: str | None,
    trusted_blocks: dict[str, str] | None,
    directory: Path,
) -> list[str]:
    """Write a case's files into `directory` and return the `ipledger-verify` arguments."""
    bundle_path = directory / "bundle.json"
    bundle_path.write_text(bundle, "utf-8")
    if document is None:
        argv = ["--digest", _own_digest(bundle), str(bundle_path)]
    else:
        doc_path = directory / "document.doc"
        doc_path.write_bytes(base64.b64decode(document))
        argv = [str(doc_path), str(bundle_path)]
    if log_key is not None:
        argv += ["--log-key", log_key]
    if trusted_blocks is not None:
        trusted_path = directory / "trusted.json"
        trusted_path.write_text(json.dumps(trusted_blocks), "utf-8")
        argv += ["--trusted-blocks", str(trusted_path)]
    return [*argv, "--json"]


def _own_digest(bundle: str) -> str:
    """The entry's own digest (a bundle that does not parse fails before it is compared)."""
    try:
        return "sha256:" + EvidenceBundle.from_json(bundle).entry.digest.hex()
    except Exception:  # any failure: step 0 refuses the bundle before the digest is compared
        return _ZERO_DIGEST


def summary(report: dict[str, Any], code: int) -> dict[str, Any]:
    """Reduce a `--json` report to what every verifier must agree on."""
    error = report.get("error")
    return {
        "exit": code,
        "result": report["result"],
        "error_type": None if error is None else error["type"],
        "checks": [[c["step"], c["title"]] for c in report.get("checks", [])],
    }


def run_cli(argv: list[str]) -> tuple[int, str]:
    """Run `ipledger-verify` in this process; return its exit code and what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(argv)
    return code, out.getvalue()


def _case(inputs: _Inputs, directory: Path) -> CorpusCase:
    document = None if inputs.document is None else base64.b64encode(inputs.document).decode()
    trusted = (
        None
        if inputs.trusted is None
        else {str(n): "0x" + h.hex() for n, h in sorted(inputs.trusted.items())}
    )
    argv = case_argv(inputs.bundle, document, inputs.log_key, trusted, directory)
    code, text = run_cli(argv)
    return CorpusCase(
        name=inputs.name,
        bundle=inputs.bundle,
        document=document,
        log_key=inputs.log_key,
        trusted_blocks=trusted,
        expected=summary(json.loads(text), code),
    )


@cache
def corpus_cases() -> list[CorpusCase]:
    """Every case, in a fixed order, with names unique and stable between runs."""
    with tempfile.TemporaryDirectory(prefix="ipledger-corpus-") as tmp:
        cases = [_case(inputs, Path(tmp)) for inputs in _all_inputs()]
    names = [c.name for c in cases]
    assert len(set(names)) == len(names), "corpus case names must be unique"
    return cases


def write_corpus(path: Path | str) -> None:
    """Write the corpus as a JSON list of cases (CorpusCase.to_dict)."""
    data = [c.to_dict() for c in corpus_cases()]
    Path(path).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")


# -- the inputs ------------------------------------------------------------------------


def _goldens() -> list[Golden]:
    return [load(n, v) for v in (1, 2, 3) for n in NAMES] + [_witnessed()]


@cache
def _witnessed() -> Golden:
    info: dict[str, Any] = json.loads((WITNESSED / "manifest.json").read_text("utf-8"))
    return Golden(
        name="witnessed",
        text=(WITNESSED / "witnessed.json").read_text("utf-8"),
        document=(WITNESSED / "witnessed.doc").read_bytes(),
        log_key=info["log_key"],
        trusted={int(k): bytes.fromhex(v[2:]) for k, v in info["trusted_blocks"].items()},
        info=info,
        version=2,
    )


def _label(g: Golden) -> str:
    return "witnessed" if g.name == "witnessed" else f"v{g.version}/{g.name}"


def _all_inputs() -> Iterator[_Inputs]:
    goldens = _goldens()
    for g in goldens:
        yield from _plain(g)
    for g in goldens:
        if g.name == MUTATED:
            makers = _MAKERS
        elif g.name == PROOF_MUTATED and g.version != 2:
            makers = (_steps2_3_entry, _step4_checkpoint, _step7_event)
        elif g.name == "witnessed":
            makers = (_witnessed_cosignatures,)
        else:
            continue
        for make in makers:
            for name, value, options in make(g):
                bundle = _text(value)
                yield _Inputs(
                    f"{_label(g)}/{name}",
                    bundle,
                    None if options.get("document") is False else options.get("doc", g.document),
                    None if options.get("key") is False else options.get("log_key", g.log_key),
                    None if options.get("trusted") is False else options.get("blocks", g.trusted),
                )


def _plain(g: Golden) -> Iterator[_Inputs]:
    """The untouched bundle with and without each of document, log key and trusted blocks."""
    for doc in (True, False):
        for key in (True, False):
            for trusted in (True, False):
                words = [
                    "doc" if doc else "digest",
                    "key" if key else "nokey",
                    "trusted" if trusted else "untrusted",
                ]
                yield _Inputs(
                    f"{_label(g)}/golden/{'-'.join(words)}",
                    g.text,
                    g.document if doc else None,
                    g.log_key if key else None,
                    g.trusted if trusted else None,
                )


def _text(value: Data | EvidenceBundle | str) -> str:
    if isinstance(value, EvidenceBundle):
        return value.to_json()
    if isinstance(value, str):
        return value
    return json.dumps(value, indent=2, ensure_ascii=False)


Made = Iterator[tuple[str, Data | EvidenceBundle | str, dict[str, Any]]]


def _step0_envelope(g: Golden) -> Made:
    text = g.text
    yield "json/truncated", text[: len(text) // 2], {}
    yield "json/array", "[" + text + "]", {}
    yield "json/empty", "", {}
    yield "json/object", "{}", {}
    yield "json/nan", text.replace('"received_at": ', '"received_at": NaN, "x": ', 1), {}
    version = f'"version": {g.version},'
    yield "json/duplicate-key", text.replace(version, version + " " + version, 1), {}
    yield "format", put(g, "format", "ipledger-evidence2"), {}
    for bad in (0, 4, "1", True, None):
        yield f"version/{json.dumps(bad)}", put(g, "version", bad), {}
    data = g.data()
    for section in (None, "entry", "inclusion", "anchor"):
        obj = data if section is None else data[section]
        where = "top" if section is None else section
        for key in sorted(obj):
            yield (
                f"missing/{where}.{key}",
                drop(g, key if section is None else f"{section}.{key}"),
                {},
            )
        yield (
            f"unknown/{where}.comment",
            put(g, "comment" if section is None else f"{section}.comment", "x"),
            {},
        )


def _step0_encodings(g: Golden) -> Made:
    entry = g.data()["entry"]
    yield "encoding/digest-upper", put(g, "entry.digest", entry["digest"].upper()), {}
    yield "encoding/digest-no-prefix", put(g, "entry.digest", entry["digest"][7:]), {}
    yield "encoding/nonce-short", put(g, "entry.nonce", entry["nonce"][:-2]), {}
    for bad in (-1, 2**64, entry["received_at"] + 0.5, str(entry["received_at"]), True):
        yield f"encoding/received_at-{json.dumps(bad)}", put(g, "entry.received_at", bad), {}
    yield "encoding/index-negative", put(g, "entry.index", -1), {}
    yield "encoding/metadata-list", put(g, "entry.metadata", []), {}
    yield "encoding/tree_size-null", put(g, "inclusion.tree_size", None), {}
    yield "encoding/proof-not-list", put(g, "inclusion.proof", "00" * 32), {}
    yield "encoding/proof-too-long", put(g, "inclusion.proof", ["00" * 32] * 65), {}
    anchor = g.data()["anchor"]
    yield "encoding/block_hash-short", put(g, "anchor.block_hash", "0x" + "00" * 31), {}
    yield "encoding/block_number-negative", put(g, "anchor.block_number", -1), {}
    yield "encoding/log_index-negative", put(g, "anchor.log_index", -1), {}
    address = anchor["log"]
    letter = next(i for i, c in enumerate(address) if i > 1 and c.isalpha())
    bad = address[:letter] + address[letter].swapcase() + address[letter + 1 :]
    yield "encoding/log-checksum", put(g, "anchor.log", bad), {}
    yield "encoding/log-lowercase", put(g, "anchor.log", address.lower()), {}
    yield "encoding/whitespace", json.dumps(g.data(), separators=(",", ":")), {}
    if g.version == 1:
        proof = g.data()["inclusion"]["proof"]
        yield "encoding/hash-upper", put(g, "inclusion.proof", [*proof, "AA" * 32]), {}
        yield "encoding/header-no-0x", put(g, "anchor.block_header", anchor["block_header"][2:]), {}
        return
    tx = anchor["transaction"]
    yield "encoding/tx-extra-padding", put(g, "anchor.transaction", tx + "="), {}
    yield "encoding/tx-hex", put(g, "anchor.transaction", "0x" + base64.b64decode(tx).hex()), {}
    if tx.rstrip("=") != tx:
        yield "encoding/tx-unpadded", put(g, "anchor.transaction", tx.rstrip("=")), {}
    yield "encoding/tx-proof-empty", put(g, "anchor.transaction_proof", []), {}
    yield "encoding/block-proof-object", put(g, "anchor.block_proof", {}), {}
    v1_keys = g.data()
    v1_keys["version"] = 1
    yield "encoding/v2-keys-as-v1", v1_keys, {}
    if g.version == 2:
        yield "encoding/v2-with-timestamps", put(g, "timestamps", []), {}


def _step1_document(g: Golden) -> Made:
    yield "document/first-byte", g.text, {"doc": flip_bytes(g.document, 0)}
    yield "document/last-byte", g.text, {"doc": flip_bytes(g.document, len(g.document) - 1)}
    yield "document/newline", g.text, {"doc": g.document + b"\n"}
    yield "document/empty", g.text, {"doc": b""}
    digest = g.data()["entry"]["digest"]
    for i in (0, 31):
        data = put(g, "entry.digest", "sha256:" + flip(digest[7:], i))
        yield f"entry/digest-{i}", data, {}
        yield f"entry/digest-{i}-nodoc", data, {"document": False}


def _steps2_3_entry(g: Golden) -> Made:
    entry = g.data()["entry"]
    for i in (0, 15):
        yield f"entry/nonce-{i}", put(g, "entry.nonce", flip(entry["nonce"], i)), {}
    at = entry["received_at"]
    for value in (at + 1, at - 1, 0):
        yield f"entry/received_at-{value - at:+d}", put(g, "entry.received_at", value), {}
    meta = entry["metadata"]
    yield "entry/metadata-changed", put(g, "entry.metadata", {"a": 1} if meta is None else None), {}
    index, size = entry["index"], g.data()["inclusion"]["tree_size"]
    for value in sorted({index + 1, size, 2**64 - 1} - {index}):
        yield f"entry/index-{value}", put(g, "entry.index", value), {}
    proof = g.data()["inclusion"]["proof"]
    for k, i in sorted({(k, 0) for k in (0, 1, 2, len(proof) - 1)} | {(0, 31)}):
        if 0 <= k < len(proof):
            changed = [*proof[:k], _flip_hash(proof[k], i), *proof[k + 1 :]]
            yield f"proof/hash-{k}-byte-{i}", put(g, "inclusion.proof", changed), {}
    yield "proof/extra-hash", put(g, "inclusion.proof", [*proof, _zero_hash(g)]), {}
    if proof:
        yield "proof/missing-last", put(g, "inclusion.proof", proof[:-1]), {}
        yield "proof/reversed", put(g, "inclusion.proof", proof[::-1]), {}
        yield "proof/duplicated-last", put(g, "inclusion.proof", [*proof, proof[-1]]), {}
    for value in sorted({size + 1, 2 * size, 2**64 - 1}):
        data = put(g, "inclusion.tree_size", value)
        yield f"tree_size-{value}", data, {}
        yield f"tree_size-{value}-nokey", data, {"key": False}


def _step4_checkpoint(g: Golden) -> Made:
    origin, size, root, name, sig = checkpoint_parts(g)
    note = g.data()["checkpoint"]
    cosigned = note[len(make_note(origin, size, root, name, sig)) :]

    def checkpoint(text: str) -> Data:
        return put(g, "checkpoint", text + cosigned)

    for label, other in (("longer", origin + "x"), ("other", "example.com/log")):
        data = checkpoint(make_note(other, size, root, name, sig))
        yield f"checkpoint/origin-{label}", data, {}
        yield f"checkpoint/origin-{label}-nokey", data, {"key": False}
    data = checkpoint(make_note(origin, str(int(size) + 1), root, name, sig))
    yield "checkpoint/size+1", data, {}
    yield "checkpoint/size+1-nokey", data, {"key": False}
    for i in (0, 31):
        data = checkpoint(make_note(origin, size, flip_bytes(root, i), name, sig))
        yield f"checkpoint/root-{i}", data, {}
        yield f"checkpoint/root-{i}-nokey", data, {"key": False}
    for i in (0, 3, 4, 40, len(sig) - 1):
        data = checkpoint(make_note(origin, size, root, name, flip_bytes(sig, i)))
        yield f"checkpoint/signature-{i}", data, {}
    yield "checkpoint/signer-name", checkpoint(make_note(origin, size, root, name + "x", sig)), {}
    yield (
        "checkpoint/extension-line",
        checkpoint(make_note(origin, size, root, name, sig, extra="an extension line\n")),
        {},
    )
    body = note.partition("\n\n")[0] + "\n"
    layouts = {
        "no-signature": body,
        "no-blank-line": note.replace("\n\n", "\n"),
        "no-final-newline": note.rstrip("\n"),
        "crlf": note.replace("\n", "\r\n"),
        "dash": note.replace("\u2014 ", "-- "),
        "size-leading-zero": make_note(origin, "0" + size, root, name, sig),
        "root-short": make_note(origin, size, root[:31], name, sig),
        "empty": "",
    }
    for label, text in layouts.items():
        yield f"checkpoint/layout-{label}", put(g, "checkpoint", text), {}
    other_log = load("single" if g.name != "single" else "legacy-tx", 1)
    yield "log-key/other-log", g.text, {"log_key": other_log.log_key}
    yield "log-key/malformed", g.text, {"log_key": g.log_key[:-4]}


def _step5_header(g: Golden) -> Made:
    bundle = EvidenceBundle.from_json(g.text)
    header = bundle.anchor.block_header
    for offset, bit in ((0, 0), (1, 7), (2, 0), (4, 0), (40, 0), (200, 0), (len(header) - 1, 0)):
        changed = with_anchor(g, block_header=flip_bytes(header, offset, bit))
        yield f"header/byte-{offset}-bit-{bit}", changed, {}
    yield "header/truncated", with_anchor(g, block_header=header[:-1]), {}
    yield "header/extended", with_anchor(g, block_header=header + b"\x80"), {}
    anchor = g.data()["anchor"]
    yield "header/block_number+1", put(g, "anchor.block_number", anchor["block_number"] + 1), {}
    yield "header/block_time+1", put(g, "anchor.block_time", anchor["block_time"] + 1), {}
    yield "header/block_hash-0", put(g, "anchor.block_hash", flip(anchor["block_hash"], 0)), {}


def _step6_receipt(g: Golden) -> Made:
    anchor = EvidenceBundle.from_json(g.text).anchor
    receipt = anchor.receipt
    for offset in (0, 3, 100, len(receipt) - 1):
        yield f"receipt/byte-{offset}", with_anchor(g, receipt=flip_bytes(receipt, offset)), {}
    yield "receipt/truncated", with_anchor(g, receipt=receipt[:-1]), {}
    nodes = anchor.receipt_proof
    for k, node in enumerate(nodes):
        for offset in (0, len(node) // 2, len(node) - 1):
            proof = (*nodes[:k], flip_bytes(node, offset), *nodes[k + 1 :])
            yield f"receipt-proof/node-{k}-byte-{offset}", with_anchor(g, receipt_proof=proof), {}
    yield "receipt-proof/duplicated", with_anchor(g, receipt_proof=(*nodes, nodes[-1])), {}
    yield "tx_index+1", with_anchor(g, tx_index=anchor.tx_index + 1), {}
    yield "tx_index+128", with_anchor(g, tx_index=anchor.tx_index + 128), {}
    if g.version == 1:
        return
    assert anchor.transaction is not None
    tx = anchor.transaction
    for offset in (0, 1, 10, len(tx) // 2, len(tx) - 1):
        yield f"transaction/byte-{offset}", with_anchor(g, transaction=flip_bytes(tx, offset)), {}
    nodes = anchor.transaction_proof
    for k, node in enumerate(nodes):
        for offset in (0, len(node) // 2):
            proof = (*nodes[:k], flip_bytes(node, offset), *nodes[k + 1 :])
            yield f"tx-proof/node-{k}-byte-{offset}", with_anchor(g, transaction_proof=proof), {}
    data = g.data()["anchor"]
    yield "tx_hash-0", put(g, "anchor.tx_hash", flip(data["tx_hash"], 0)), {}
    yield "chain_id-1", put(g, "anchor.chain_id", 1), {}


def _step7_event(g: Golden) -> Made:
    anchor = g.data()["anchor"]
    yield "event/log_index-1", put(g, "anchor.log_index", 1), {}
    for field in ("contract", "log"):
        raw = bytes.fromhex(anchor[field][2:])
        for i in (0, 19):
            changed = "0x" + flip_bytes(raw, i).hex()
            yield f"event/{field}-byte-{i}", put(g, f"anchor.{field}", changed), {}
    size = g.data()["inclusion"]["tree_size"]
    origin, _, root, name, sig = checkpoint_parts(g)
    if g.version == 1 and size > 1:
        # Size changed everywhere without the key: the proof may fold, the event then refuses.
        data = put(g, "checkpoint", make_note(origin, str(size + 1), root, name, sig))
        data["inclusion"]["tree_size"] = size + 1
        yield "event/size+1-everywhere-nokey", data, {"key": False}


def _step8_chain(g: Golden) -> Made:
    block = next(iter(g.trusted))
    yield "trusted/wrong-hash", g.text, {"blocks": {block: flip_bytes(g.trusted[block], 0)}}
    yield "trusted/other-block", g.text, {"blocks": {block + 1: g.trusted[block]}}
    if g.version == 1:
        return
    proof = _portal_block_proof()
    for chain_id in (1, 31337):
        data = put(g, "anchor.block_proof", {"type": "historical_summaries_deneb", "proof": proof})
        data["anchor"]["chain_id"] = chain_id
        yield f"block-proof/mainnet-proof-chain-{chain_id}", data, {"trusted": False}
    raw = base64.b64decode(proof)
    for offset in (0, 100, len(raw) - 1):
        flipped = base64.b64encode(flip_bytes(raw, offset)).decode()
        data = put(
            g, "anchor.block_proof", {"type": "historical_summaries_deneb", "proof": flipped}
        )
        yield f"block-proof/byte-{offset}", data, {"trusted": False}


def _step9_tokens(g: Golden) -> Made:
    if g.version != 3:
        return
    tokens: list[str] = g.data()["timestamps"]
    if not tokens:
        return
    raw = base64.b64decode(tokens[0])
    for offset in (0, 1, 2, 30, len(raw) // 2, len(raw) - 40, len(raw) - 1):
        changed = [base64.b64encode(flip_bytes(raw, offset)).decode(), *tokens[1:]]
        yield f"token/first-byte-{offset}", put(g, "timestamps", changed), {}
    yield "token/removed-first", put(g, "timestamps", tokens[1:]), {}
    yield "token/none", put(g, "timestamps", []), {}
    yield "token/duplicated", put(g, "timestamps", [*tokens, tokens[0]]), {}
    yield "token/truncated", put(g, "timestamps", [base64.b64encode(raw[:-1]).decode()]), {}
    other = load("legacy-tx" if g.name != "legacy-tx" else "single", 3).data()["timestamps"]
    foreign = load("thousand-second-anchor", 3).data()["timestamps"]
    yield "token/of-another-checkpoint", put(g, "timestamps", foreign[:1] or other[:1]), {}
    yield "token/not-base64", put(g, "timestamps", ["MAMCAQF="]), {}
    yield "token/not-der", put(g, "timestamps", ["MAMCAQE="]), {}


def _witnessed_cosignatures(g: Golden) -> Made:
    note: str = g.data()["checkpoint"]
    lines = note.splitlines(keepends=True)
    split = lines.index("\n") + 2
    head, cosignatures = "".join(lines[:split]), lines[split:]
    yield "cosignatures/dropped", put(g, "checkpoint", head), {}
    yield "cosignatures/first-only", put(g, "checkpoint", head + cosignatures[0]), {}
    name, encoded = cosignatures[0].removeprefix("\u2014 ").rstrip("\n").split(" ")
    raw = base64.b64decode(encoded)
    for offset in (0, 4, 12, len(raw) - 1):
        line = f"\u2014 {name} {base64.b64encode(flip_bytes(raw, offset)).decode()}\n"
        changed = head + line + "".join(cosignatures[1:])
        yield f"cosignatures/first-byte-{offset}", put(g, "checkpoint", changed), {}
    yield "cosignatures/reordered", put(g, "checkpoint", head + "".join(cosignatures[::-1])), {}
    yield from _step4_checkpoint(g)


def _flip_hash(value: str, index: int) -> str:
    if re.fullmatch(r"[0-9a-f]{64}", value):
        return flip(value, index)
    return base64.b64encode(flip_bytes(base64.b64decode(value), index)).decode()


def _zero_hash(g: Golden) -> str:
    return "00" * 32 if g.version == 1 else base64.b64encode(bytes(32)).decode()


@cache
def _portal_block_proof() -> str:
    """Mainnet block 22162263's Portal block proof (base64), from tests/vectors/portal."""
    text = PORTAL_PROOF.read_text("utf-8")
    match = re.search(r'content_value: "0x([0-9a-f]+)"', text)
    assert match is not None
    content = bytes.fromhex(match.group(1))
    proof_offset = int.from_bytes(content[4:8], "little")
    return base64.b64encode(content[proof_offset:]).decode()


_MAKERS: tuple[Callable[[Golden], Made], ...] = (
    _step0_envelope,
    _step0_encodings,
    _step1_document,
    _steps2_3_entry,
    _step4_checkpoint,
    _step5_header,
    _step6_receipt,
    _step7_event,
    _step8_chain,
    _step9_tokens,
)


def fingerprint(cases: list[CorpusCase]) -> str:
    """A SHA-256 over the corpus: equal for two builds of the same checkout."""
    data = json.dumps([c.to_dict() for c in cases], sort_keys=True).encode()
    return hashlib.sha256(data).hexdigest()


if __name__ == "__main__":
    write_corpus(sys.argv[1])
