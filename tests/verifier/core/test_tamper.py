"""Every mutation of a golden bundle is rejected with the error class of the step it breaks.

Offline, a few fields are bound to nothing the verifier can recompute; those mutations
must verify and are listed in `test_fields_only_a_node_or_the_log_key_can_check`: the
transaction hash and chain id (checked by `--rpc`, see test_online.py), and, without the
log's verifier key, the checkpoint's origin line and signature (the verdict then says
the log is unauthenticated).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest
import rlp

from ipledger.ledger.keys import LogSigner
from ipledger.verifier import EvidenceBundle, Verdict, VerifierError, verify
from ipledger.verifier.core.bundle import to_checksum_address
from ipledger.verifier.core.errors import (
    AnchorEventError,
    DocumentMismatch,
    HeaderMismatch,
    InclusionError,
    InvalidBundle,
    InvalidHeader,
    ReceiptProofError,
    SignatureError,
    UnknownKeyError,
    UntrustedBlock,
)
from ipledger.verifier.core.leaf import entry_leaf_hash, metadata_hash
from tests.verifier.golden import NAMES, Golden, load, rfc9162_root
from tests.verifier.mutations import (
    checkpoint_parts,
    drop,
    flip,
    flip_bytes,
    make_note,
    put,
    with_anchor,
)

Data = dict[str, Any]
GOLDEN = [load(n) for n in NAMES]
# Bundles sharing a block (or a receipt) need their bytes swept once.
BY_BLOCK = {g.data()["anchor"]["block_hash"]: g for g in GOLDEN}
BY_RECEIPT = {g.data()["anchor"]["receipt"]: g for g in GOLDEN}
# Header fields holding integers (canonical: no leading zero byte).
INT_FIELDS = {7, 8, 9, 10, 11, 15, 17, 18}
EXTRA_DATA = 12  # the one header field of any length


def _verify(
    g: Golden,
    bundle: str | bytes | Data | EvidenceBundle,
    *,
    document: bool = True,
    key: bool = True,
    trusted: bool = True,
    **extra: Any,
) -> Verdict:
    if isinstance(bundle, dict):
        bundle = json.dumps(bundle, ensure_ascii=False)
    return verify(
        bundle,
        document=g.document if document else None,
        log_key=g.log_key if key else None,
        trusted=g.trusted if trusted else None,
        **extra,
    )


def expect(
    exc: type[VerifierError], g: Golden, bundle: str | bytes | Data | EvidenceBundle, **kw: Any
) -> None:
    """Verification raises exactly `exc`: not a sibling class, never another exception."""
    with pytest.raises(VerifierError) as info:
        _verify(g, bundle, **kw)
    assert type(info.value) is exc, f"{type(info.value).__name__}: {info.value}"


def _upper_hex(address: str) -> str:
    return "0x" + address[2:].upper()


golden = pytest.mark.parametrize("g", GOLDEN, ids=NAMES)
_WITH_METADATA = [
    (g, n) for g, n in zip(GOLDEN, NAMES, strict=True) if g.data()["entry"]["metadata"]
]
golden_with_metadata = pytest.mark.parametrize(
    "g", [g for g, _ in _WITH_METADATA], ids=[n for _, n in _WITH_METADATA]
)


# -- the untouched bundle and harmless re-encodings ------------------------------------


@golden
def test_unchanged_bundle_is_proven(g: Golden) -> None:
    assert _verify(g, g.text).proven


@golden
def test_re_encodings_that_change_nothing_still_verify(g: Golden) -> None:
    data = g.data()
    reference = _verify(g, data)
    # Key order, whitespace, \\u escapes and the case of address checksums are not content.
    shuffled = {k: data[k] for k in reversed(list(data))}
    shuffled["entry"] = {k: data["entry"][k] for k in reversed(list(data["entry"]))}
    for text in (
        json.dumps(shuffled),
        json.dumps(data, separators=(",", ":"), ensure_ascii=True),
        json.dumps(data, indent=7),
    ):
        assert _verify(g, text) == reference
    for field in ("contract", "log"):
        for case in (str.lower, _upper_hex):
            lowered = put(g, f"anchor.{field}", case(data["anchor"][field]))
            assert _verify(g, lowered) == reference


# -- entry -----------------------------------------------------------------------------


@golden
def test_every_digest_byte(g: Golden) -> None:
    for i in range(32):
        data = put(g, "entry.digest", "sha256:" + flip(g.data()["entry"]["digest"][7:], i))
        expect(DocumentMismatch, g, data)
        expect(InclusionError, g, data, document=False)


@golden
def test_every_nonce_byte(g: Golden) -> None:
    for i in range(16):
        expect(InclusionError, g, put(g, "entry.nonce", flip(g.data()["entry"]["nonce"], i)))


@golden
def test_metadata_changes(g: Golden) -> None:
    meta = g.data()["entry"]["metadata"]
    changes: list[object] = [{"a": 1}, {}, [], "text", 1] if meta is None else []
    if meta is not None:
        first = next(iter(meta))
        changes += [
            None,
            {**meta, first: "changed"},
            {**meta, "added": True},
            {k: v for k, v in meta.items() if k != first},
            {**meta, first: [meta[first]]},
        ]
    for value in changes:
        data = put(g, "entry.metadata", value)
        if isinstance(value, dict) or value is None:
            expect(InclusionError, g, data)
        else:
            expect(InvalidBundle, g, data)
    text = g.text.replace('"metadata": null', '"metadata": {"a": NaN}')
    text = text.replace('"metadata": {', '"metadata": {"a": 1, "a": 2, ', 1)
    if text != g.text:
        expect(InvalidBundle, g, text)


@golden_with_metadata
def test_metadata_reordered_or_respelled_is_the_same_entry(g: Golden) -> None:
    meta = g.data()["entry"]["metadata"]

    def reorder(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: reorder(value[k]) for k in sorted(value, reverse=True)}
        if isinstance(value, list):
            return [reorder(v) for v in value]
        return value

    reference = _verify(g, g.text)
    data = put(g, "entry.metadata", reorder(meta))
    assert list(data["entry"]["metadata"]) != list(meta)
    assert _verify(g, data) == reference  # JCS sorts keys: the same metadata hash
    # 12 and 12.0 and 1.2e1 are one JCS number; \\u escapes are one string.
    text = json.dumps(data, ensure_ascii=True)
    if '"claims": 12' in text:
        assert _verify(g, text.replace('"claims": 12', '"claims": 1.2e1')) == reference


@golden
def test_received_at(g: Golden) -> None:
    at = g.data()["entry"]["received_at"]
    for value in (at + 1, at - 1, at + 1000, 0, 2**64 - 1):
        expect(InclusionError, g, put(g, "entry.received_at", value))
    for bad in (-1, 2**64, at + 0.5, str(at), True, None):
        expect(InvalidBundle, g, put(g, "entry.received_at", bad))


@golden
def test_index(g: Golden) -> None:
    index, size = g.info["entry_index"], g.info["tree_size"]
    for value in {index + 1, index - 1, size, size + 1, 2**64 - 1} - {index, -1}:
        expect(InclusionError, g, put(g, "entry.index", value))
    for bad in (-1, 2**64, float(index), str(index)):
        expect(InvalidBundle, g, put(g, "entry.index", bad))


# -- inclusion proof and tree size -----------------------------------------------------


@golden
def test_every_byte_of_every_inclusion_hash(g: Golden) -> None:
    proof = g.data()["inclusion"]["proof"]
    for k in range(len(proof)):
        for i in range(32):
            data = put(g, "inclusion.proof", [*proof[:k], flip(proof[k], i), *proof[k + 1 :]])
            expect(InclusionError, g, data, document=False, key=False)


@golden
def test_inclusion_proof_shape(g: Golden) -> None:
    proof = g.data()["inclusion"]["proof"]
    shapes = [[*proof, "00" * 32], [*proof, *proof[-1:]], proof[1:], proof[:-1], proof[::-1]]
    if len(proof) >= 2:
        shapes.append([proof[1], proof[0], *proof[2:]])
    for shape in shapes:
        if shape != proof:
            expect(InclusionError, g, put(g, "inclusion.proof", shape))
    bad_proofs: list[object] = [
        [*proof, "00" * 31],
        [*proof, "AA" * 32],
        [*proof, "0x" + "00" * 32],
        ["00" * 32] * 65,
        "00" * 32,
        None,
    ]
    for bad in bad_proofs:
        expect(InvalidBundle, g, put(g, "inclusion.proof", bad))


@golden
def test_tree_size(g: Golden) -> None:
    size = g.info["tree_size"]
    for value in (size - 1, size + 1, 2 * size, 2**64 - 1):
        data = put(g, "inclusion.tree_size", value)
        expect(InclusionError, g, data)
        expect(InclusionError, g, data, key=False)
    for bad in (-1, 2**64, None, str(size)):
        expect(InvalidBundle, g, put(g, "inclusion.tree_size", bad))


# -- checkpoint ------------------------------------------------------------------------


def _leaf(g: Golden) -> bytes:
    entry = EvidenceBundle.from_json(g.text).entry
    meta = metadata_hash(entry.metadata_object())
    return entry_leaf_hash(entry.digest, entry.nonce, meta, entry.received_at)


def _proof(g: Golden) -> list[bytes]:
    return list(EvidenceBundle.from_json(g.text).inclusion.proof)


def _with_checkpoint(g: Golden, note: str) -> Data:
    return put(g, "checkpoint", note)


@golden
def test_checkpoint_body_lines(g: Golden) -> None:
    origin, size, root, name, sig = checkpoint_parts(g)
    assert make_note(origin, size, root, name, sig) == g.data()["checkpoint"]
    # With the log's key, any change to the signed text breaks the signature.
    for other_origin in (origin + "x", origin[:-1], origin.upper(), "example.com/log"):
        note = make_note(other_origin, size, root, name, sig)
        expect(SignatureError, g, _with_checkpoint(g, note))
    for other_size in (int(size) - 1, int(size) + 1):
        note = make_note(origin, str(other_size), root, name, sig)
        if other_size == 0:  # the empty tree has one root only: a malformed checkpoint
            expect(InvalidBundle, g, _with_checkpoint(g, note))
            continue
        expect(SignatureError, g, _with_checkpoint(g, note))
        expect(InclusionError, g, _with_checkpoint(g, note), key=False)
        # Changing the proof's size along with it: the proof may still fold to the same
        # root for some shapes (e.g. the last leaf of 1,000 in a tree of 1,001); the
        # Anchored event then rejects the size the chain never recorded.
        data = _with_checkpoint(g, note)
        data["inclusion"]["tree_size"] = other_size
        if other_size > g.info["entry_index"]:
            folds = rfc9162_root(g.info["entry_index"], other_size, _leaf(g), _proof(g)) == root
            expect(AnchorEventError if folds else InclusionError, g, data, key=False)
    for i in range(32):
        note = make_note(origin, size, flip_bytes(root, i), name, sig)
        expect(SignatureError, g, _with_checkpoint(g, note))
        expect(InclusionError, g, _with_checkpoint(g, note), key=False)
    note = make_note(origin, size, root, name, sig, extra="an extension line\n")
    expect(SignatureError, g, _with_checkpoint(g, note))


@golden
def test_checkpoint_signature_line(g: Golden) -> None:
    origin, size, root, name, sig = checkpoint_parts(g)
    for i in range(4, len(sig)):  # every byte of the Ed25519 signature
        note = make_note(origin, size, root, name, flip_bytes(sig, i))
        expect(SignatureError, g, _with_checkpoint(g, note))
    for i in range(4):  # the key id
        expect(
            UnknownKeyError,
            g,
            _with_checkpoint(g, make_note(origin, size, root, name, flip_bytes(sig, i))),
        )
    for other_name in (name + "x", "example.com/log"):
        note = make_note(origin, size, root, other_name, sig)
        expect(UnknownKeyError, g, _with_checkpoint(g, note))
    # The same text signed by another key under the log's name: a forgery, by key id.
    forger = LogSigner.generate(name)
    forged = forger.sign_note(f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n")
    expect(UnknownKeyError, g, _with_checkpoint(g, forged))
    assert _verify(g, _with_checkpoint(g, forged), key=False).proven  # unauthenticated
    # A cosignature by another key is ignored (C2SP signed-note); the log's must verify.
    cosigned = g.data()["checkpoint"] + forged.partition("\n\n")[2].replace(name, "witness", 1)
    assert _verify(g, _with_checkpoint(g, cosigned)).log_authenticated


@golden
def test_checkpoint_layout_is_step_0(g: Golden) -> None:
    note = g.data()["checkpoint"]
    origin, size, root, name, sig = checkpoint_parts(g)
    body = note.partition("\n\n")[0] + "\n"
    broken = [
        body,  # the signature dropped
        body + "\n",  # signature line dropped, blank line kept
        note.replace("\n\n", "\n"),  # the blank line dropped
        note.rstrip("\n"),
        note.replace("\n", "\r\n"),
        note.replace("\u2014 ", "-- "),
        note.replace(base64.b64encode(sig).decode(), base64.b64encode(sig).decode().rstrip("=")),
        make_note(origin, "0" + size, root, name, sig),
        make_note(origin, size, root[:31], name, sig),
        make_note(origin, size, root, name, sig[:4]),
        make_note("", size, root, name, sig),
        "",
        "\n\n",
    ]
    for text in broken:
        expect(InvalidBundle, g, _with_checkpoint(g, text))
        expect(InvalidBundle, g, _with_checkpoint(g, text), key=False)


# -- block header, receipt and trie nodes: every byte ----------------------------------


def same_layout(original: list[bytes], raw: bytes) -> bool:
    """Tell, with pyrlp, whether `raw` is canonical RLP of fields the sizes of `original`'s.

    (Only extraData may change length.)

    Integers must also stay canonical (no leading zero byte): the header rules the
    verifier must apply, decided here by a second RLP implementation.
    """
    try:
        fields = rlp.decode(raw, strict=True)
    except rlp.exceptions.DecodingError:
        return False
    if not isinstance(fields, list) or len(fields) != len(original):
        return False
    for number, (old, new) in enumerate(zip(original, fields, strict=True)):
        if not isinstance(new, bytes) or (len(new) != len(old) and number != EXTRA_DATA):
            return False
        if number in INT_FIELDS and new[:1] == b"\0":
            return False
    return True


def header_expectations(raw: bytes) -> Iterator[tuple[int, int, type[VerifierError]]]:
    """Yield (offset, bit, error) for a bit flip at every byte of a header.

    Length prefixes get two flips (bits 0 and 7), content bytes one. A flip that keeps
    the layout (`same_layout`) leaves a well-formed header of another hash:
    HeaderMismatch; one that breaks it (a length, a canonical-form rule): InvalidHeader.
    """
    fields = rlp.decode(raw)
    prefixes = set(range(len(raw) - sum(len(rlp.encode(f)) for f in fields)))
    pos = len(prefixes)
    for field in fields:
        encoded = rlp.encode(field)
        prefixes |= set(range(pos, pos + len(encoded) - len(field)))
        pos += len(encoded)
    assert pos == len(raw)
    for offset in range(len(raw)):
        for bit in (0, 7) if offset in prefixes else (0,):
            mutated_raw = flip_bytes(raw, offset, bit)
            yield offset, bit, HeaderMismatch if same_layout(fields, mutated_raw) else InvalidHeader


@pytest.mark.parametrize("g", list(BY_BLOCK.values()), ids=[g.name for g in BY_BLOCK.values()])
def test_every_byte_of_the_block_header(g: Golden) -> None:
    header = EvidenceBundle.from_json(g.text).anchor.block_header
    errors: dict[type[VerifierError], int] = {}
    for offset, bit, error in header_expectations(header):
        expect(error, g, with_anchor(g, block_header=flip_bytes(header, offset, bit)), key=False)
        errors[error] = errors.get(error, 0) + 1
    assert errors[InvalidHeader] >= 40 and errors[HeaderMismatch] >= 500, errors


@golden
def test_block_header_as_a_whole(g: Golden) -> None:
    bundle = EvidenceBundle.from_json(g.text)
    header = bundle.anchor.block_header
    fields = rlp.decode(header)
    number = int.from_bytes(fields[8], "big")
    renumbered = rlp.encode(
        [*fields[:8], (number + 1).to_bytes(8, "big").lstrip(b"\0"), *fields[9:]]
    )
    for other in (
        rlp.encode(fields[:-1]),  # the previous fork's layout: well formed, another hash
        renumbered,
    ):
        expect(HeaderMismatch, g, with_anchor(g, block_header=other), key=False)
    # Even with the number claimed along with it, the hash does not follow.
    expect(HeaderMismatch, g, with_anchor(g, block_header=renumbered, block_number=number + 1))
    for other in (
        header[:-1],
        header + b"\x80",
        rlp.encode([*fields, b""]),
        rlp.encode(fields[:14]),
    ):
        expect(InvalidHeader, g, with_anchor(g, block_header=other), key=False)
    for bad in ("0x", "0x" + "00" * 5000, header.hex(), "0x" + header.hex().upper()):
        expect(InvalidBundle, g, put(g, "anchor.block_header", bad))


@pytest.mark.parametrize("g", list(BY_RECEIPT.values()), ids=[g.name for g in BY_RECEIPT.values()])
def test_every_byte_of_the_receipt(g: Golden) -> None:
    receipt = EvidenceBundle.from_json(g.text).anchor.receipt
    for offset in range(len(receipt)):
        for bit in (0, 7) if offset < 8 else (0,):
            bad = with_anchor(g, receipt=flip_bytes(receipt, offset, bit))
            expect(ReceiptProofError, g, bad, key=False)
    for other in (receipt[:-1], receipt + b"\x00", receipt[1:], b"\x02" + receipt):
        expect(ReceiptProofError, g, with_anchor(g, receipt=other), key=False)
    expect(InvalidBundle, g, put(g, "anchor.receipt", "0x"))


@pytest.mark.parametrize("g", list(BY_RECEIPT.values()), ids=[g.name for g in BY_RECEIPT.values()])
def test_every_trie_node(g: Golden) -> None:
    nodes = EvidenceBundle.from_json(g.text).anchor.receipt_proof
    for k, node in enumerate(nodes):
        offsets = sorted({*range(0, len(node), 5), *range(4), *range(len(node) - 4, len(node))})
        for offset in offsets:
            proof = (*nodes[:k], flip_bytes(node, offset), *nodes[k + 1 :])
            expect(ReceiptProofError, g, with_anchor(g, receipt_proof=proof), key=False)
        for other in (node[:-1], node + b"\x80", node[1:]):
            proof = (*nodes[:k], other, *nodes[k + 1 :])
            expect(ReceiptProofError, g, with_anchor(g, receipt_proof=proof), key=False)
    shapes = [nodes[:-1], (*nodes, nodes[-1]), (nodes[0], *nodes), nodes[::-1], nodes[1:]]
    for shape in shapes:
        if shape and tuple(shape) != nodes:
            expect(ReceiptProofError, g, with_anchor(g, receipt_proof=tuple(shape)), key=False)
    expect(InvalidBundle, g, put(g, "anchor.receipt_proof", []))
    expect(InvalidBundle, g, put(g, "anchor.receipt_proof", ["0x"]))


# -- anchor fields ---------------------------------------------------------------------


@golden
def test_tx_index_is_bound_by_the_receipt_trie_key(g: Golden) -> None:
    index = g.info["tx_index"]
    count = g.info["block_transactions"]
    for value in sorted({*range(count + 2), index + 128, index + 256, 2**16, 2**64 - 1} - {index}):
        expect(ReceiptProofError, g, with_anchor(g, tx_index=value), key=False)
    expect(InvalidBundle, g, put(g, "anchor.tx_index", -1))


@golden
def test_log_index(g: Golden) -> None:
    for value in (1, 2, 2**64 - 1):
        expect(AnchorEventError, g, put(g, "anchor.log_index", value))
    expect(InvalidBundle, g, put(g, "anchor.log_index", -1))


@golden
def test_every_byte_of_contract_and_log_addresses(g: Golden) -> None:
    for field in ("contract", "log"):
        raw = bytes.fromhex(g.data()["anchor"][field][2:])
        for i in range(20):
            other = to_checksum_address(flip_bytes(raw, i))
            data = put(g, f"anchor.{field}", other)
            expect(AnchorEventError, g, data)
        # A mixed-case address must carry the right EIP-55 checksum.
        address = g.data()["anchor"][field]
        letter = next(i for i, c in enumerate(address) if i > 1 and c.isalpha())
        bad = address[:letter] + address[letter].swapcase() + address[letter + 1 :]
        expect(InvalidBundle, g, put(g, f"anchor.{field}", bad))
        expect(
            InvalidBundle,
            g,
            put(g, f"anchor.{field}", "0x" + "11" * 19),
        )


@golden
def test_block_number_hash_and_time(g: Golden) -> None:
    anchor = g.data()["anchor"]
    for number in (anchor["block_number"] + 1, anchor["block_number"] - 1, 0):
        expect(HeaderMismatch, g, put(g, "anchor.block_number", number))
    for time in (anchor["block_time"] + 1, anchor["block_time"] - 1, 2**64 - 1):
        expect(HeaderMismatch, g, put(g, "anchor.block_time", time))
    for i in range(32):
        data = put(g, "anchor.block_hash", flip(anchor["block_hash"], i))
        expect(HeaderMismatch, g, data)
    for field in ("block_number", "block_time"):
        expect(InvalidBundle, g, put(g, f"anchor.{field}", -1))
    expect(InvalidBundle, g, put(g, "anchor.block_hash", "0x" + "00" * 31))


@golden
def test_fields_only_a_node_or_the_log_key_can_check(g: Golden) -> None:
    """Documented limits of offline verification: these mutations verify, and say so."""
    anchor = g.data()["anchor"]
    # tx_hash: no transaction-trie proof is in the bundle; --rpc checks it (test_online.py).
    for i in (0, 31):
        data = put(g, "anchor.tx_hash", flip(anchor["tx_hash"], i))
        assert _verify(g, data).tx_hash != anchor["tx_hash"]
    # chain_id: only a node (eth_chainId) or a trusted list naming its chain binds it.
    for chain in (1, anchor["chain_id"] + 1):
        data = put(g, "anchor.chain_id", chain)
        verdict = _verify(g, data)
        assert verdict.chain_id == chain and any(f"chain {chain}" in r for r in verdict.remaining)
        expect(UntrustedBlock, g, data, trusted_chain_id=anchor["chain_id"])
    # Without the log's key, the origin and signature are not checked: the verdict says
    # the log is unauthenticated and does not claim when the log received the entry.
    origin, size, root, name, sig = checkpoint_parts(g)
    for note in (
        make_note("forged.example/log", size, root, name, sig),
        make_note(origin, size, root, name, flip_bytes(sig, 10)),
    ):
        verdict = _verify(g, _with_checkpoint(g, note), key=False)
        assert not verdict.log_authenticated and "unauthenticated" in verdict.claim()
        assert "received by the log" not in verdict.claim()


# -- the reader's inputs ---------------------------------------------------------------


@golden
def test_document_key_and_trusted_hash(g: Golden) -> None:
    for i in (0, len(g.document) - 1):
        with pytest.raises(DocumentMismatch):
            verify(g.text, document=flip_bytes(g.document, i))
    with pytest.raises(DocumentMismatch):
        verify(g.text, document=g.document + b"\n")
    other = next(o for o in GOLDEN if o.log_key != g.log_key)
    with pytest.raises(UnknownKeyError):
        verify(g.text, log_key=other.log_key)
    block = next(iter(g.trusted))
    with pytest.raises(UntrustedBlock):
        verify(g.text, trusted={block: flip_bytes(g.trusted[block], 0)})
    # A trusted list without the bundle's block confirms nothing.
    assert not verify(g.text, trusted={block + 1: g.trusted[block]}).proven


# -- the envelope ----------------------------------------------------------------------


@golden
def test_envelope(g: Golden) -> None:
    expect(InvalidBundle, g, put(g, "format", "ipledger-evidence2"))
    versions: list[object] = [2, 0, "1", 1.0, True, None]
    for version in versions:
        expect(InvalidBundle, g, put(g, "version", version))
    data = g.data()
    for section in (None, "entry", "inclusion", "anchor"):
        obj = data if section is None else data[section]
        for key in list(obj):
            expect(
                InvalidBundle,
                g,
                drop(g, key if section is None else f"{section}.{key}"),
            )
        extra = put(g, "comment" if section is None else f"{section}.comment", "x")
        expect(InvalidBundle, g, extra)
    expect(InvalidBundle, g, g.text.replace('"version": 1,', '"version": 1, "version": 1,'))
    expect(InvalidBundle, g, g.text.encode("utf-16"))
    expect(InvalidBundle, g, "[" + g.text + "]")
