"""Log entries: submissions validated into leaves (leaf format v1), the table, the values."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import repeat
from typing import Any, NamedTuple, TypeGuard

from sqlalchemy import BigInteger, Column, Index, Integer, LargeBinary, Text, text
from sqlmodel import Field, SQLModel

from ipledger.ledger.errors import InvalidEntry
from ipledger.ledger.wipo import check_office_metadata
from ipledger.verifier.core.errors import EntryError
from ipledger.verifier.core.leaf import (
    DIGEST_SIZE,
    LEAF_VERSION,
    NO_METADATA_HASH,
    NONCE_SIZE,
    canonical_metadata,
    parse_digest,
    parse_metadata_json,
    parse_nonce,
)

# The digest index is split into buckets of 2^16 consecutive entries: a batch then inserts
# into the newest bucket's part of the index only, instead of touching every page of one
# index keyed by random digests (at 1M entries that halved append throughput, see
# docs/benchmarks.md). Its key is (idx >> 16, first 8 bytes of the digest), computed by
# the database from the row, so an insert binds nothing extra. `earliest` seeks each
# bucket in turn: O(n / 65536) index seeks.
DIGEST_BUCKET_BITS = 16
DIGEST_KEY_BYTES = 8
BUCKET_SQL = f"(idx >> {DIGEST_BUCKET_BITS})"
DIGEST_KEY_SQL = f"substr(digest, 1, {DIGEST_KEY_BYTES})"
_LEAF_PREFIX = b"\x00" + bytes([LEAF_VERSION])
_sha256 = hashlib.sha256
_LEAF_STATE = _sha256(_LEAF_PREFIX)  # only ever copied
_copy = type(_LEAF_STATE).copy  # called unbound: see merkle._copy


class Entry(SQLModel, table=True):
    """An entry as stored: one row per leaf, `index` is its position in the log."""

    __tablename__ = "entries"
    __table_args__ = (Index("ix_entries_digest_lookup", text(BUCKET_SQL), text(DIGEST_KEY_SQL)),)

    # INTEGER on SQLite makes the index the rowid: appends go to the end of the table b-tree.
    index: int = Field(
        sa_column=Column(
            "idx",
            BigInteger().with_variant(Integer(), "sqlite"),
            primary_key=True,
            autoincrement=False,
        )
    )
    digest: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))
    nonce: bytes = Field(sa_column=Column(LargeBinary(16), nullable=False))
    metadata_jcs: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    metadata_hash: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))
    received_at: int = Field(sa_column=Column(BigInteger, nullable=False))
    leaf_hash: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))


# NewEntry and LogEntry are NamedTuples, immutable like the frozen dataclasses used
# elsewhere, because appends build them by the million: a NamedTuple is built in C,
# several times faster than a frozen dataclass (docs/benchmarks.md).
class NewEntry(NamedTuple):
    """A validated submission, not yet in the log: raw bytes, canonical metadata."""

    digest: bytes
    nonce: bytes
    metadata_jcs: str | None
    metadata_hash: bytes


class LogEntry(NamedTuple):
    """An entry in the log (a plain value: cheap to build by the million, unlike ORM rows)."""

    index: int  # type: ignore[assignment]  # shadows tuple.index, deliberately
    digest: bytes
    nonce: bytes
    metadata_jcs: str | None
    metadata_hash: bytes
    received_at: int
    leaf_hash: bytes

    @property
    def metadata(self) -> dict[str, Any] | None:
        """Return the metadata object, or None when the entry has none."""
        if self.metadata_jcs is None:
            return None
        value: dict[str, Any] = json.loads(self.metadata_jcs)
        return value

    @classmethod
    def from_row(cls, row: Entry | Any) -> LogEntry:
        """Return the value form of an `entries` row (ORM object or Core row)."""
        index = row.index if isinstance(row, Entry) else row.idx
        return cls(
            index,
            bytes(row.digest),
            bytes(row.nonce),
            row.metadata_jcs,
            bytes(row.metadata_hash),
            row.received_at,
            bytes(row.leaf_hash),
        )


EntryInput = NewEntry | Mapping[str, Any]
"""A submission as `prepare_entries` takes it: validated already, or its JSON fields."""


def validate_entry(
    digest: object,
    nonce: object = None,
    metadata: object = None,
    position: int | None = None,
) -> NewEntry:
    """Validate one submission; a missing nonce is drawn from `secrets` (16 bytes).

    `metadata` is a JSON object (a Mapping) or JSON text (str or bytes, parsed strictly:
    duplicate keys and NaN rejected); its WIPO fields are checked (`ipledger.ledger.wipo`).
    Raises InvalidEntry naming the field and `position`.
    """
    try:
        raw_digest = parse_digest(digest)
        raw_nonce = secrets.token_bytes(NONCE_SIZE) if nonce is None else parse_nonce(nonce)
        jcs, meta_hash = _metadata(metadata)
    except EntryError as exc:
        raise InvalidEntry(exc.field, exc.reason, position) from None
    return NewEntry(raw_digest, raw_nonce, jcs, meta_hash)


def _metadata(metadata: object) -> tuple[str | None, bytes]:
    if metadata is None:
        return None, NO_METADATA_HASH
    if isinstance(metadata, str | bytes | bytearray):
        metadata = parse_metadata_json(metadata if isinstance(metadata, str) else bytes(metadata))
    if not isinstance(metadata, Mapping):
        raise EntryError("metadata", f"must be a JSON object, got {type(metadata).__name__}")
    check_office_metadata(metadata)
    canonical = canonical_metadata(metadata)
    return canonical.decode("utf-8"), _sha256(canonical).digest()


_FIELDS = frozenset({"digest", "nonce", "metadata"})
_DIGEST_PREFIX = "sha256:"
_DIGEST_TEXT_SIZE = len(_DIGEST_PREFIX) + 2 * DIGEST_SIZE
_NEW_ENTRY_SIZES = {"digest": DIGEST_SIZE, "nonce": NONCE_SIZE, "metadata_hash": 32}


def _check_new_entry(entry: NewEntry, position: int) -> None:
    # A NewEntry was validated by whoever built it; its sizes are checked again because
    # the store packs a batch's columns end to end and cuts them by size.
    for field, size in _NEW_ENTRY_SIZES.items():
        value = getattr(entry, field)
        if not isinstance(value, bytes) or len(value) != size:
            raise InvalidEntry(field, f"must be {size} bytes", position)
    if entry.metadata_jcs is not None and not isinstance(entry.metadata_jcs, str):
        raise InvalidEntry("metadata", "must be canonical JSON text or None", position)


def _cut(blob: bytes, width: int) -> Iterator[bytes]:
    """Return the consecutive `width`-byte pieces of `blob`, cut in C."""
    ends = range(width, len(blob) + width, width)
    return map(blob.__getitem__, map(slice, range(0, len(blob), width), ends))


def _all_prepared(items: list[Any]) -> TypeGuard[list[NewEntry]]:
    """Return whether every item is a NewEntry of the right types and sizes (checked in C)."""
    if set(map(type, items)) != {NewEntry}:
        return False
    columns = dict(zip(NewEntry._fields, zip(*items, strict=True), strict=True))
    return set(map(type, columns["metadata_jcs"])) <= {str, type(None)} and all(
        set(map(type, columns[field])) == {bytes} and set(map(len, columns[field])) == {size}
        for field, size in _NEW_ENTRY_SIZES.items()
    )


def _digests_only(items: list[Any]) -> list[NewEntry] | None:
    """Return the batch if every item is exactly {"digest": well formed}, else None.

    The checks run over the whole batch in C (map, one join, one fromhex) and accept
    exactly what the regex of `parse_digest` accepts: each text is 71 characters and
    starts with 'sha256:'; removing 'sha256:' then leaves 64 characters per item (no other
    occurrence) that survive the hex round trip (lowercase hex, no spaces).
    """
    n = len(items)
    if set(map(type, items)) != {dict} or set(map(len, items)) != {1}:
        return None
    texts: list[Any] = list(map(dict.get, items, repeat("digest")))
    if set(map(type, texts)) != {str} or set(map(len, texts)) != {_DIGEST_TEXT_SIZE}:
        return None
    if not all(map(str.startswith, texts, repeat(_DIGEST_PREFIX))):
        return None
    hex_text = "".join(texts).replace(_DIGEST_PREFIX, "")
    if len(hex_text) != 2 * DIGEST_SIZE * n:
        return None
    try:
        raw = bytes.fromhex(hex_text)
    except ValueError:
        return None
    if raw.hex() != hex_text:
        return None
    pool = secrets.token_bytes(NONCE_SIZE * n)
    # repeat() never ends: the cut pieces set the length
    no_metadata = repeat(None), repeat(NO_METADATA_HASH)
    rows = zip(_cut(raw, DIGEST_SIZE), _cut(pool, NONCE_SIZE), *no_metadata, strict=False)
    return list(map(tuple.__new__, repeat(NewEntry), rows))


def prepare_entries(items: Iterable[EntryInput]) -> list[NewEntry]:
    """Validate a batch in order; the first bad entry raises InvalidEntry with its position.

    Nonces the clients left out are drawn together (one call to the OS random source for
    the batch, the same `secrets` source as one call per entry). Two whole-batch fast paths
    accept exactly what the full checks accept: batches of NewEntry (the API's) and batches
    of {"digest": ...} dicts; any other batch goes through the full checks item by item.
    """
    items = list(items)
    if _all_prepared(items):  # the API's batches: built and validated by the caller
        return items
    fast = _digests_only(items)
    if fast is not None:
        return fast
    pool = b""  # drawn on the first entry that needs a server nonce, not for prepared ones
    prepared: list[NewEntry] = []
    append = prepared.append
    new = tuple.__new__  # builds the NamedTuple in C, 2-3x faster than NewEntry(...)
    digest: object
    nonce: object
    metadata: object
    for position, item in enumerate(items):
        if isinstance(item, NewEntry):
            _check_new_entry(item, position)
            append(item)
            continue
        if isinstance(item, Mapping):
            unknown = set(item) - _FIELDS
            if unknown:
                raise InvalidEntry(sorted(unknown)[0], "is not an entry field", position)
            digest, nonce, metadata = item.get("digest"), item.get("nonce"), item.get("metadata")
        else:
            reason = f"must be a JSON object, got {type(item).__name__}"
            raise InvalidEntry("entry", reason, position)
        try:
            raw_digest = parse_digest(digest)
            if nonce is None:
                if not pool:
                    pool = secrets.token_bytes(NONCE_SIZE * len(items))
                off = position * NONCE_SIZE
                raw_nonce = pool[off : off + NONCE_SIZE]
            else:
                raw_nonce = parse_nonce(nonce)
            jcs, meta_hash = (None, NO_METADATA_HASH) if metadata is None else _metadata(metadata)
        except EntryError as exc:
            raise InvalidEntry(exc.field, exc.reason, position) from None
        append(new(NewEntry, (raw_digest, raw_nonce, jcs, meta_hash)))
    return prepared


def leaf_hashes(entries: Sequence[NewEntry], received_at: int) -> list[bytes]:
    """Return the RFC 9162 leaf hashes of entries received at `received_at` (ms, uint64).

    Same bytes as verifier.core.leaf.entry_leaf_hash (tests check it), inlined for the append
    hot path: SHA-256(0x00 || 0x01 || digest || nonce || metadata_hash || received_at),
    from a copy of a context that has absorbed the prefix (see merkle.parents).
    """
    # Three updates per leaf, no joined input: on the SHA-NI CPU this runs on, joining the
    # inputs by column in C first cost 0.33x of the floor (docs/benchmarks.md, "Log"). The
    # batch shares its time and most entries the no-metadata hash: those 40 bytes are one
    # update, built once (an entry with metadata pays one 40-byte concatenation).
    stamp = received_at.to_bytes(8, "big")
    none = NO_METADATA_HASH
    tail = none + stamp
    out: list[bytes] = []
    for digest, nonce, _, metadata_hash in entries:
        h = _copy(_LEAF_STATE)
        h.update(digest)
        h.update(nonce)
        h.update(tail if metadata_hash is none else metadata_hash + stamp)
        out.append(h.digest())
    return out
