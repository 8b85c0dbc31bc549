"""Evidence bundles v1, v2 and v3: strict parsing and canonical JSON writing (design section 8)."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ipledger.verifier.core.beacon import BlockProof
from ipledger.verifier.core.checkpoint import parse_checkpoint
from ipledger.verifier.core.errors import (
    EntryError,
    InvalidBlockProof,
    InvalidBundle,
    InvalidCheckpoint,
    InvalidNote,
)
from ipledger.verifier.core.jsontext import exceeds_depth
from ipledger.verifier.core.keccak import keccak256
from ipledger.verifier.core.leaf import (
    MAX_METADATA_DEPTH,
    canonical_metadata,
    check_received_at,
    parse_digest,
    parse_nonce,
)
from ipledger.verifier.core.note import parse_note

FORMAT = "ipledger-evidence"
VERSION = 3  # what the producer writes; every version up to it is read
VERSIONS = (1, 2, 3)
MAX_BUNDLE_BYTES = 1 << 20
MAX_PROOF_HASHES = 64
MAX_TRIE_NODES = 64
MAX_TIMESTAMPS = 16
MAX_TOKEN_BYTES = 1 << 16
MAX_UINT64 = 2**64 - 1
_HEX_RE = re.compile(r"[0-9a-f]*")
_CHAIN_HEX_RE = re.compile(r"0x[0-9a-fA-F]*")

_TOP_KEYS = ("format", "version", "entry", "inclusion", "checkpoint", "anchor")
_TOP_KEYS_V3 = (*_TOP_KEYS, "timestamps")
_ENTRY_KEYS = ("index", "digest", "nonce", "metadata", "received_at")
_INCLUSION_KEYS = ("tree_size", "proof")
_ANCHOR_KEYS_V1 = (
    "chain_id",
    "contract",
    "log",
    "tx_hash",
    "tx_index",
    "log_index",
    "block_number",
    "block_hash",
    "block_time",
    "block_header",
    "receipt",
    "receipt_proof",
)
_ANCHOR_KEYS_V2 = (*_ANCHOR_KEYS_V1, "transaction", "transaction_proof", "block_proof")
_BLOCK_PROOF_KEYS = ("type", "proof")


@dataclass(frozen=True)
class BundleEntry:
    """The log entry the bundle is about; `metadata` is its RFC 8785 canonical JSON or None."""

    index: int
    digest: bytes
    nonce: bytes
    metadata: bytes | None
    received_at: int

    def metadata_object(self) -> dict[str, Any] | None:
        """Return a fresh copy of the metadata as a JSON object, or None."""
        return None if self.metadata is None else dict(json.loads(self.metadata))

    def to_dict(self) -> dict[str, Any]:
        """Return the entry as a bundle writes it under "entry" (and a tlog-proof's extra)."""
        return {
            "index": self.index,
            "digest": "sha256:" + self.digest.hex(),
            "nonce": self.nonce.hex(),
            "metadata": self.metadata_object(),
            "received_at": self.received_at,
        }


@dataclass(frozen=True)
class Inclusion:
    """An RFC 9162 inclusion proof of the entry in the tree of `tree_size` leaves."""

    tree_size: int
    proof: tuple[bytes, ...]


@dataclass(frozen=True)
class AnchorEvidence:
    """The anchoring transaction, its receipt and block, with the receipt's trie proof."""

    chain_id: int
    contract: bytes
    log: bytes
    tx_hash: bytes
    tx_index: int
    log_index: int
    block_number: int
    block_hash: bytes
    block_time: int
    block_header: bytes
    receipt: bytes
    receipt_proof: tuple[bytes, ...]
    # Version 2: the transaction (EIP-2718 bytes) with its proof under transactionsRoot, and
    # the block's canonicality proof once the operator has it (None until then, or never on
    # a chain without a beacon chain).
    transaction: bytes | None = None
    transaction_proof: tuple[bytes, ...] = ()
    block_proof: BlockProof | None = None


@dataclass(frozen=True)
class EvidenceBundle:
    """A self-contained evidence bundle, validated field by field when parsed."""

    entry: BundleEntry
    inclusion: Inclusion
    checkpoint: str
    anchor: AnchorEvidence
    version: int = 1
    timestamps: tuple[bytes, ...] = ()  # v3: RFC 3161 TimeStampTokens (DER) on the checkpoint

    def __post_init__(self) -> None:
        if self.version not in VERSIONS:
            raise InvalidBundle(f"version must be one of {VERSIONS}")
        if (self.version >= 2) != (self.anchor.transaction is not None):
            raise InvalidBundle("a version 2 or later bundle, and only it, carries the transaction")
        if self.version < 2 and self.anchor.block_proof is not None:
            raise InvalidBundle("a version 1 bundle carries no block proof")
        if self.version < 3 and self.timestamps:
            raise InvalidBundle("only a version 3 bundle carries time-stamp tokens")
        if len(self.timestamps) > MAX_TIMESTAMPS:
            raise InvalidBundle(f"a bundle carries at most {MAX_TIMESTAMPS} time-stamp tokens")

    @classmethod
    def from_json(cls, text: str | bytes) -> EvidenceBundle:
        """Parse and validate a v1, v2 or v3 bundle; raise `InvalidBundle` naming the bad field."""
        if isinstance(text, bytes | bytearray):
            if len(text) > MAX_BUNDLE_BYTES:
                raise InvalidBundle(f"bundle is larger than {MAX_BUNDLE_BYTES} bytes")
            try:
                text = bytes(text).decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InvalidBundle(f"bundle is not UTF-8 text ({exc.reason})") from None
        if not isinstance(text, str):
            raise InvalidBundle("bundle must be JSON text")
        if len(text) > MAX_BUNDLE_BYTES:
            raise InvalidBundle(f"bundle is larger than {MAX_BUNDLE_BYTES} bytes")
        if exceeds_depth(text, MAX_METADATA_DEPTH + 2):
            raise InvalidBundle("bundle nests arrays or objects too deeply")
        try:
            data = json.loads(
                text, object_pairs_hook=_unique_object, parse_constant=_reject_constant
            )
        except InvalidBundle:
            raise
        except (ValueError, RecursionError) as exc:
            raise InvalidBundle(f"bundle is not valid JSON ({exc})") from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: object) -> EvidenceBundle:
        """Validate an already-decoded JSON value (see `from_json`)."""
        version = data.get("version", 1) if isinstance(data, dict) else 1
        if type(version) is not int or version not in VERSIONS:
            raise InvalidBundle(
                f"version must be 1, 2 or 3; this verifier reads versions 1 to {VERSION} (a newer "
                "bundle needs a newer ipledger-verifier)"
            )
        top = _object(data, "bundle", _TOP_KEYS_V3 if version >= 3 else _TOP_KEYS)
        if top["format"] != FORMAT:
            raise InvalidBundle(f"format must be {FORMAT!r}")
        return cls(
            entry=_parse_entry(top["entry"]),
            inclusion=_parse_inclusion(top["inclusion"], version),
            checkpoint=_parse_checkpoint_text(top["checkpoint"]),
            anchor=_parse_anchor(top["anchor"], version),
            version=version,
            timestamps=_parse_timestamps(top["timestamps"]) if version >= 3 else (),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the bundle as a JSON-ready dict in the encoding of its version."""
        a = self.anchor
        spell = _base64 if self.version >= 2 else _hex
        anchor: dict[str, Any] = {
            "chain_id": a.chain_id,
            "contract": to_checksum_address(a.contract),
            "log": to_checksum_address(a.log),
            "tx_hash": "0x" + a.tx_hash.hex(),
            "tx_index": a.tx_index,
            "log_index": a.log_index,
            "block_number": a.block_number,
            "block_hash": "0x" + a.block_hash.hex(),
            "block_time": a.block_time,
            "block_header": spell(a.block_header),
            "receipt": spell(a.receipt),
            "receipt_proof": [spell(n) for n in a.receipt_proof],
        }
        if a.transaction is not None:
            anchor["transaction"] = spell(a.transaction)
            anchor["transaction_proof"] = [spell(n) for n in a.transaction_proof]
            anchor["block_proof"] = (
                None
                if a.block_proof is None
                else {"type": a.block_proof.type, "proof": spell(a.block_proof.to_ssz())}
            )
        proof_hash = _base64 if self.version >= 2 else bytes.hex
        written: dict[str, Any] = {
            "format": FORMAT,
            "version": self.version,
            "entry": self.entry.to_dict(),
            "inclusion": {
                "tree_size": self.inclusion.tree_size,
                "proof": [proof_hash(h) for h in self.inclusion.proof],
            },
            "checkpoint": self.checkpoint,
            "anchor": anchor,
        }
        if self.version >= 3:
            written["timestamps"] = [_base64(token) for token in self.timestamps]
        return written

    def to_json(self) -> str:
        """Return the bundle as indented JSON text ending in a newline."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InvalidBundle(f"duplicate key {key!r}")
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise InvalidBundle(f"{name} is not a JSON number")


def _object(value: object, where: str, keys: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidBundle(f"{where} must be a JSON object")
    unknown = sorted(set(value) - set(keys))
    if unknown:
        raise InvalidBundle(f"{where} has unknown key(s) {', '.join(map(repr, unknown))}")
    missing = [k for k in keys if k not in value]
    if missing:
        raise InvalidBundle(f"{where} lacks key(s) {', '.join(map(repr, missing))}")
    return value


def _uint(value: object, where: str, maximum: int = MAX_UINT64) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= maximum:
        raise InvalidBundle(f"{where} must be an integer from 0 to {maximum}")
    return value


def _plain_hex(value: object, where: str, size: int) -> bytes:
    if not isinstance(value, str) or len(value) != 2 * size or not _HEX_RE.fullmatch(value):
        raise InvalidBundle(f"{where} must be {2 * size} lowercase hex characters")
    return bytes.fromhex(value)


def _chain_hex(value: object, where: str, size: int | None = None, limit: int = 1 << 18) -> bytes:
    if not isinstance(value, str) or not _CHAIN_HEX_RE.fullmatch(value) or len(value) % 2:
        raise InvalidBundle(f"{where} must be 0x-prefixed hex with an even number of digits")
    if value[2:] != value[2:].lower():
        raise InvalidBundle(f"{where} must be lowercase hex")
    raw = bytes.fromhex(value[2:])
    if size is not None and len(raw) != size:
        raise InvalidBundle(f"{where} must be {size} bytes, got {len(raw)}")
    if size is None and not 0 < len(raw) <= limit:
        raise InvalidBundle(f"{where} must hold between 1 and {limit} bytes")
    return raw


def _chain_base64(
    value: object, where: str, size: int | None = None, limit: int = 1 << 18
) -> bytes:
    if not isinstance(value, str) or not value:
        raise InvalidBundle(f"{where} must be base64 text (RFC 4648, with padding)")
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidBundle(f"{where} must be base64 text (RFC 4648, with padding)") from None
    if _base64(raw) != value:  # one spelling per byte string: no stray bits in the padding
        raise InvalidBundle(f"{where} is not in canonical base64")
    if size is not None and len(raw) != size:
        raise InvalidBundle(f"{where} must be {size} bytes, got {len(raw)}")
    if size is None and not 0 < len(raw) <= limit:
        raise InvalidBundle(f"{where} must hold between 1 and {limit} bytes")
    return raw


def _base64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _hex(raw: bytes) -> str:
    return "0x" + raw.hex()


def _parse_entry(value: object) -> BundleEntry:
    obj = _object(value, "entry", _ENTRY_KEYS)
    try:
        digest = parse_digest(obj["digest"])
        nonce = parse_nonce(obj["nonce"])
        received_at = check_received_at(obj["received_at"])
        metadata = obj["metadata"]
        canonical = None if metadata is None else canonical_metadata(_as_object(metadata))
    except EntryError as exc:
        raise InvalidBundle(f"entry.{exc}") from None
    return BundleEntry(
        index=_uint(obj["index"], "entry.index"),
        digest=digest,
        nonce=nonce,
        metadata=canonical,
        received_at=received_at,
    )


def _as_object(value: object) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise EntryError("metadata", "must be a JSON object or null")
    return value


def _parse_timestamps(value: object) -> tuple[bytes, ...]:
    if not isinstance(value, list) or len(value) > MAX_TIMESTAMPS:
        raise InvalidBundle(f"timestamps must be a list of at most {MAX_TIMESTAMPS} tokens")
    tokens = tuple(
        _chain_base64(t, f"timestamps[{i}]", limit=MAX_TOKEN_BYTES) for i, t in enumerate(value)
    )
    if len(set(tokens)) != len(tokens):
        raise InvalidBundle("timestamps carries the same token twice")
    return tokens


def _parse_inclusion(value: object, version: int) -> Inclusion:
    obj = _object(value, "inclusion", _INCLUSION_KEYS)
    proof = obj["proof"]
    if not isinstance(proof, list) or len(proof) > MAX_PROOF_HASHES:
        raise InvalidBundle(f"inclusion.proof must be a list of at most {MAX_PROOF_HASHES} hashes")
    read = _plain_hex if version < 2 else _chain_base64
    return Inclusion(
        tree_size=_uint(obj["tree_size"], "inclusion.tree_size"),
        proof=tuple(read(h, f"inclusion.proof[{i}]", 32) for i, h in enumerate(proof)),
    )


def _parse_checkpoint_text(value: object) -> str:
    if not isinstance(value, str) or not value or len(value) > 1 << 16:
        raise InvalidBundle("checkpoint must be the signed note text (a non-empty string)")
    # Only the layout here; whether the signature verifies is step 4's question.
    try:
        parse_checkpoint(parse_note(value).text)
    except (InvalidNote, InvalidCheckpoint) as exc:
        raise InvalidBundle(f"checkpoint is not a signed checkpoint note: {exc}") from None
    return value


def _address(value: object, where: str) -> bytes:
    if not isinstance(value, str) or not _CHAIN_HEX_RE.fullmatch(value) or len(value) != 42:
        raise InvalidBundle(f"{where} must be a 0x-prefixed 20-byte address")
    digits = value[2:]
    raw = bytes.fromhex(digits)
    if digits not in (digits.lower(), digits.upper()) and to_checksum_address(raw) != value:
        raise InvalidBundle(f"{where} has a wrong EIP-55 checksum")
    return raw


def _trie_nodes(value: object, where: str, version: int) -> tuple[bytes, ...]:
    if not isinstance(value, list) or not 0 < len(value) <= MAX_TRIE_NODES:
        raise InvalidBundle(f"{where} must be a list of 1 to {MAX_TRIE_NODES} trie nodes")
    read = _chain_hex if version < 2 else _chain_base64
    return tuple(read(n, f"{where}[{i}]", limit=1 << 12) for i, n in enumerate(value))


def _parse_block_proof(value: object) -> BlockProof | None:
    if value is None:
        return None
    obj = _object(value, "anchor.block_proof", _BLOCK_PROOF_KEYS)
    kind = obj["type"]
    if not isinstance(kind, str):
        raise InvalidBundle("anchor.block_proof.type must be a string")
    try:
        return BlockProof.from_ssz(kind, _chain_base64(obj["proof"], "anchor.block_proof.proof"))
    except InvalidBlockProof as exc:
        raise InvalidBundle(f"anchor.block_proof: {exc}") from None


def _parse_anchor(value: object, version: int) -> AnchorEvidence:
    obj = _object(value, "anchor", _ANCHOR_KEYS_V1 if version < 2 else _ANCHOR_KEYS_V2)
    read = _chain_hex if version < 2 else _chain_base64
    v2 = version >= 2
    return AnchorEvidence(
        chain_id=_uint(obj["chain_id"], "anchor.chain_id"),
        contract=_address(obj["contract"], "anchor.contract"),
        log=_address(obj["log"], "anchor.log"),
        tx_hash=_chain_hex(obj["tx_hash"], "anchor.tx_hash", 32),
        tx_index=_uint(obj["tx_index"], "anchor.tx_index"),
        log_index=_uint(obj["log_index"], "anchor.log_index"),
        block_number=_uint(obj["block_number"], "anchor.block_number"),
        block_hash=_chain_hex(obj["block_hash"], "anchor.block_hash", 32),
        block_time=_uint(obj["block_time"], "anchor.block_time"),
        block_header=read(obj["block_header"], "anchor.block_header", limit=1 << 12),
        receipt=read(obj["receipt"], "anchor.receipt"),
        receipt_proof=_trie_nodes(obj["receipt_proof"], "anchor.receipt_proof", version),
        transaction=read(obj["transaction"], "anchor.transaction") if v2 else None,
        transaction_proof=(
            _trie_nodes(obj["transaction_proof"], "anchor.transaction_proof", version) if v2 else ()
        ),
        block_proof=_parse_block_proof(obj["block_proof"]) if v2 else None,
    )


@lru_cache(maxsize=256)
def to_checksum_address(raw: bytes) -> str:
    """Return the EIP-55 mixed-case checksum form of a 20-byte address.

    Remembered (a keccak each): a log writes the same two addresses into every bundle.
    """
    if len(raw) != 20:
        raise InvalidBundle(f"an address is 20 bytes, got {len(raw)}")
    digits = raw.hex()
    check = keccak256(digits.encode("ascii")).hex()
    pairs = zip(digits, check[:40], strict=True)
    return "0x" + "".join(c.upper() if int(k, 16) >= 8 else c for c, k in pairs)
