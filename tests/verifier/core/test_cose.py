"""COSE Receipts on the RFC 9162 vector tree: a receipt pycose signs, and every field tampered."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import cbor2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pycose.algorithms import EdDSA
from pycose.headers import KID, Algorithm
from pycose.keys import OKPKey
from pycose.messages import Sign1Message

from ipledger.ledger.evidence.cose_receipt import encode_cbor
from ipledger.ledger.keys import LogSigner, WitnessSigner
from ipledger.verifier.core.cbor import CborTag
from ipledger.verifier.core.cose import (
    ENTRY_LABEL,
    SIZE_LABEL,
    check_cose_receipt,
    parse_cose_receipt,
    sig_structure,
    verify_cose_receipt,
)
from ipledger.verifier.core.errors import (
    CoseInclusionError,
    CoseSignatureError,
    DocumentMismatch,
    InvalidCoseReceipt,
    QuorumNotMet,
    UnknownKeyError,
    VerifierError,
)
from ipledger.verifier.core.leaf import leaf_input, metadata_hash
from ipledger.verifier.core.policy import parse_policy

VECTORS = json.loads((Path(__file__).parents[2] / "vectors" / "rfc9162.json").read_text())["tree"]
LEAVES = [bytes.fromhex(h) for h in VECTORS["leaves"]]
LOG = LogSigner("example.com/log", bytes(range(32)))
PROOF = next(p for p in VECTORS["inclusion"] if p["tree_size"] == 8 and p["leaf_index"] == 5)
ROOT = bytes.fromhex(VECTORS["roots_by_size"]["8"])
PATH = [bytes.fromhex(h) for h in PROOF["proof"]]


def _protected(**changes: Any) -> dict[int, Any]:
    header = {1: -8, 4: LOG.key_id, 15: {1: LOG.name}, 395: 1, SIZE_LABEL: 8}
    for label, value in changes.items():
        key = {"alg": 1, "kid": 4, "cwt": 15, "vds": 395, "crit": 2, "size": SIZE_LABEL}[label]
        if value is None:
            del header[key]
        else:
            header[key] = value
    return header


def _receipt(
    protected: dict[int, Any] | bytes | None = None,
    unprotected: dict[int, Any] | None = None,
    *,
    proof: Any = (8, 5, PATH),
    payload: bytes | None = None,
    root: bytes = ROOT,
    signer: LogSigner = LOG,
    tag: int = 18,
) -> bytes:
    raw = protected if isinstance(protected, bytes) else encode_cbor(protected or _protected())
    header = {396: {-1: [encode_cbor(list(proof))]}} if unprotected is None else unprotected
    signature = signer.sign_cose(sig_structure(raw, root))
    return encode_cbor(CborTag(tag, [raw, header, payload, signature]))


def test_a_receipt_of_a_vector_tree_verifies_for_its_leaf_only() -> None:
    data = _receipt()
    receipt = verify_cose_receipt(data, leaf=LEAVES[5], key=LOG.verifier_key)
    assert (receipt.tree_size, receipt.leaf_index, receipt.path) == (8, 5, tuple(PATH))
    assert (receipt.alg, receipt.key_id, receipt.issuer) == (-8, LOG.key_id, LOG.name)
    assert receipt.root(LEAVES[5]) == ROOT and receipt.entry is None
    for other in (LEAVES[4], LEAVES[5] + b"\0", b""):
        with pytest.raises(CoseSignatureError):
            verify_cose_receipt(data, leaf=other, key=LOG.verifier)
    # Every vector proof of the 8-leaf tree, as a receipt.
    for vector in VECTORS["inclusion"]:
        size, index = vector["tree_size"], vector["leaf_index"]
        root = bytes.fromhex(VECTORS["roots_by_size"][str(size)])
        path = [bytes.fromhex(h) for h in vector["proof"]]
        one = _receipt(_protected(size=size), proof=(size, index, path), root=root)
        assert verify_cose_receipt(one, leaf=LEAVES[index], key=LOG.verifier).tree_size == size


def test_a_receipt_signed_by_pycose_verifies_and_ours_verifies_in_pycose() -> None:
    key = OKPKey(crv="Ed25519", x=LOG.public_key, d=bytes(range(32)))
    uhdr = {396: {-1: [cbor2.dumps([8, 5, PATH])]}}
    message = Sign1Message(phdr={Algorithm: EdDSA, KID: LOG.key_id, 395: 1}, uhdr=uhdr, key=key)
    data = message.encode(detached_payload=ROOT)  # pycose writes the payload as nil
    assert cbor2.loads(data).value[2] is None
    receipt = verify_cose_receipt(data, leaf=LEAVES[5], key=LOG.verifier)
    assert receipt.issuer is None and receipt.key_id == LOG.key_id
    with pytest.raises(CoseSignatureError):
        verify_cose_receipt(data, leaf=LEAVES[6], key=LOG.verifier)
    ours = cbor2.loads(_receipt())
    check = Sign1Message.from_cose_obj([ours.value[0], dict(ours.value[1]), None,
                                        ours.value[3]], True)
    check.key = OKPKey(crv="Ed25519", x=LOG.public_key)
    assert check.verify_signature(detached_payload=ROOT)


TAMPERED: dict[str, tuple[bytes, type[Exception]]] = {
    "path hash": (_receipt(proof=(8, 5, [PATH[0][:-1] + b"\1", *PATH[1:]]), root=ROOT),
                  CoseSignatureError),
    "path hash unsigned": (_receipt(proof=(8, 5, [bytes(32), *PATH[1:]])), CoseSignatureError),
    "path too short": (_receipt(proof=(8, 5, PATH[:-1])), CoseInclusionError),
    "path hash of 31 bytes": (_receipt(proof=(8, 5, [PATH[0][:31], *PATH[1:]])),
                              InvalidCoseReceipt),
    "size": (_receipt(proof=(7, 5, PATH)), CoseInclusionError),
    "size signed as text": (_receipt(_protected(size="8")), InvalidCoseReceipt),
    "index": (_receipt(proof=(8, 4, PATH)), CoseSignatureError),
    "index not in tree": (_receipt(proof=(8, 8, PATH)), InvalidCoseReceipt),
    "proof of four items": (_receipt(proof=(8, 5, PATH, 0)), InvalidCoseReceipt),
    "signed another root": (_receipt(root=bytes(32)), CoseSignatureError),
    "alg ES256": (_receipt(_protected(alg=-7)), InvalidCoseReceipt),
    "no alg": (_receipt(_protected(alg=None)), InvalidCoseReceipt),
    "vds 2": (_receipt(_protected(vds=2)), InvalidCoseReceipt),
    "no vds": (_receipt(_protected(vds=None)), InvalidCoseReceipt),
    "kid of another key": (_receipt(_protected(kid=b"\0\0\0\0")), CoseSignatureError),
    "issuer of another log": (_receipt(_protected(cwt={1: "other.example/log"})),
                              CoseSignatureError),
    "unknown critical label": (_receipt(_protected(crit=[99])), InvalidCoseReceipt),
    "a map in crit": (_receipt(_protected(crit=[{}])), InvalidCoseReceipt),
    "vds true": (_receipt(_protected(vds=True)), InvalidCoseReceipt),
    "vds unprotected": (_receipt(unprotected={395: 1, 396: {-1: [encode_cbor([8, 5, PATH])]}}),
                        InvalidCoseReceipt),
    "no proofs": (_receipt(unprotected={}), InvalidCoseReceipt),
    "two proofs": (_receipt(unprotected={396: {-1: [encode_cbor([8, 5, PATH])] * 2}}),
                   InvalidCoseReceipt),
    "consistency proof too": (_receipt(unprotected={396: {-1: [encode_cbor([8, 5, PATH])],
                                                          -2: []}}), InvalidCoseReceipt),
    "attached payload not the root": (_receipt(payload=bytes(32)), CoseInclusionError),
    "COSE_Mac0 tag": (_receipt(tag=17), InvalidCoseReceipt),
    "signed by another key": (_receipt(signer=LogSigner("example.com/log", bytes(32))),
                                CoseSignatureError),
}


@pytest.mark.parametrize("name", list(TAMPERED))
def test_tampered_receipts_fail(name: str) -> None:
    data, error = TAMPERED[name]
    with pytest.raises(error):
        verify_cose_receipt(data, leaf=LEAVES[5], key=LOG.verifier)


def test_rfc9942_leaves_the_tree_size_unsigned_and_ipledger_signs_it() -> None:
    # Entry 5's path is the same in trees of 7 and 8 leaves, and leads to the same root: a
    # receipt without the signed size (-65539) can be given another size and still verify.
    unsigned = _receipt(_protected(size=None), proof=(7, 5, PATH))
    assert verify_cose_receipt(unsigned, leaf=LEAVES[5], key=LOG.verifier).tree_size == 7
    with pytest.raises(CoseInclusionError, match="the log signed 8"):
        verify_cose_receipt(_receipt(proof=(7, 5, PATH)), leaf=LEAVES[5], key=LOG.verifier)


def test_a_flipped_signature_bit_and_an_attached_root() -> None:
    data = bytearray(_receipt())
    data[-1] ^= 0x80
    with pytest.raises(CoseSignatureError, match=r"not example\.com/log's over the root"):
        verify_cose_receipt(bytes(data), leaf=LEAVES[5], key=LOG.verifier)
    assert verify_cose_receipt(_receipt(payload=ROOT), leaf=LEAVES[5], key=LOG.verifier)
    witness = WitnessSigner("example.com/witness", bytes(32))
    with pytest.raises(InvalidCoseReceipt, match="not a witness's"):
        verify_cose_receipt(_receipt(), leaf=LEAVES[5], key=witness.verifier)


def test_non_deterministic_cbor_is_refused() -> None:
    good = _receipt()
    tag = cbor2.loads(good)
    protected, _, _, signature = tag.value
    # The same protected header with alg written in two bytes, signed as it stands.
    long_alg = bytes.fromhex("a5") + bytes.fromhex("013807") + protected[3:]
    assert cbor2.loads(long_alg)[1] == -8
    variants = {
        "non-shortest alg": _receipt(long_alg),
        "unsorted protected map": _receipt(bytes.fromhex("a2") + encode_cbor(395) + b"\x01"
                                           + b"\x01\x27"),
        "indefinite outer array": bytes.fromhex("d29f") + good[2:] + b"\xff",
        "trailing byte": good + b"\x00",
        "untagged": good[1:],
        "not CBOR": b"c2sp.org/tlog-proof@v1\n",
    }
    for name, data in variants.items():
        with pytest.raises(InvalidCoseReceipt):
            parse_cose_receipt(data)
            pytest.fail(name)
    two_labels = bytes.fromhex("a2") + encode_cbor(ENTRY_LABEL) + encode_cbor("{}") + encode_cbor(
        396) + encode_cbor({-1: [encode_cbor([8, 5, PATH])]})
    unsorted = encode_cbor(CborTag(18, [protected, {}, None, signature]))
    unsorted = unsorted.replace(b"\xa0", two_labels, 1)
    with pytest.raises(InvalidCoseReceipt, match="out of order"):
        parse_cose_receipt(unsorted)


def _entry_receipt(metadata: dict[str, Any] | None = None, index: int = 0) -> tuple[bytes, bytes]:
    digest, nonce = hashlib.sha256(b"claim").digest(), bytes(range(16))
    leaf = leaf_input(digest, nonce, metadata_hash(metadata), 1_800_000_000_000)
    entry = {"digest": "sha256:" + digest.hex(), "index": index, "metadata": metadata,
             "nonce": nonce.hex(), "received_at": 1_800_000_000_000}
    root = hashlib.sha256(b"\0" + leaf).digest()
    unprotected = {396: {-1: [encode_cbor([1, 0, []])]}, ENTRY_LABEL: json.dumps(entry)}
    return _receipt(_protected(size=1), unprotected=unprotected, root=root), leaf


def test_check_cose_receipt_reads_the_entry_and_the_document() -> None:
    data, leaf = _entry_receipt({"office": "EP"})
    verdict = check_cose_receipt(b"claim", data, log_key=LOG.verifier_key)
    assert verdict.log_authenticated and verdict.document_checked
    assert [c.step for c in verdict.checks] == [0, 1, 2, 3, 4]
    assert verdict.claim() == "The document is entry 0 of the log example.com/log, tree size 1."
    assert verify_cose_receipt(data, leaf=leaf, key=LOG.verifier).entry is not None
    unsigned = check_cose_receipt(None, data)
    assert not unsigned.log_authenticated and "signed by the log" in unsigned.remaining[1]
    assert any("no cosignature" in r for r in verdict.remaining)
    assert any("evidence bundle carries the anchor" in r for r in verdict.remaining)
    with pytest.raises(DocumentMismatch):
        check_cose_receipt(b"other", data, log_key=LOG.verifier_key)
    wrong_index, _ = _entry_receipt(index=3)
    with pytest.raises(InvalidCoseReceipt, match="the entry is 3"):
        check_cose_receipt(None, wrong_index)
    with pytest.raises(InvalidCoseReceipt, match="no entry"):
        check_cose_receipt(None, _receipt())
    none = parse_policy(f"log {LOG.verifier_key}\nquorum none\n")
    assert check_cose_receipt(b"claim", data, policy=none).log_authenticated
    witness = WitnessSigner("example.com/witness", bytes(32))
    quorum = parse_policy(f"log {LOG.verifier_key}\nwitness W {witness.verifier_key}\nquorum W\n")
    with pytest.raises(QuorumNotMet, match="carries no cosignatures"):
        check_cose_receipt(b"claim", data, policy=quorum)
    other = LogSigner("other.example/log", bytes(32))
    with pytest.raises(UnknownKeyError):
        check_cose_receipt(b"claim", data, policy=parse_policy(f"log {other.verifier_key}\n"
                                                               "quorum none\n"))


@pytest.mark.parametrize("bit", [0, 3, 7])
def test_every_flipped_bit_fails(bit: int) -> None:
    for data, check in (
        (_receipt(), lambda d: verify_cose_receipt(d, leaf=LEAVES[5], key=LOG.verifier)),
        (_entry_receipt({"office": "EP"})[0],
         lambda d: check_cose_receipt(b"claim", d, log_key=LOG.verifier_key)),
    ):
        check(data)
        for at in range(len(data)):
            changed = bytearray(data)
            changed[at] ^= 1 << bit
            with pytest.raises(VerifierError):
                check(bytes(changed))
                pytest.fail(f"byte {at} bit {bit} changed and the receipt still verifies")


_cbor = st.recursive(
    st.integers(-(2**64), 2**64 - 1) | st.binary(max_size=40) | st.text(max_size=8)
    | st.booleans() | st.none(),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.integers(-3, 400) | st.text(max_size=3), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=1500, deadline=None)
@given(st.data())
def test_any_cbor_in_any_field_parses_or_raises_invalid_cose_receipt(data: st.DataObject) -> None:
    protected = _protected()
    unprotected: dict[int, Any] = {396: {-1: [encode_cbor([8, 5, PATH])]}}
    proof: list[Any] = [8, 5, PATH]
    where = data.draw(st.sampled_from(["protected", "unprotected", "proof", "outer", "vdp"]))
    label = data.draw(st.sampled_from([1, 2, 4, 15, 395, 396, -1, SIZE_LABEL, ENTRY_LABEL]))
    value = data.draw(_cbor)
    if where == "protected":
        protected[label] = value
    elif where == "unprotected":
        unprotected[label] = value
    elif where == "vdp":
        unprotected[396] = {-1: value} if label == -1 else {label: value}
    elif where == "proof":
        proof[data.draw(st.integers(0, 2))] = value
        unprotected[396] = {-1: [encode_cbor(proof)]}
    parts: list[Any] = [encode_cbor(protected), unprotected, None, bytes(64)]
    if where == "outer":
        parts[data.draw(st.integers(0, 3))] = value
    try:
        receipt = parse_cose_receipt(encode_cbor(CborTag(18, parts)))
    except InvalidCoseReceipt:
        return
    with pytest.raises(VerifierError):
        verify_cose_receipt(receipt, leaf=LEAVES[5], key=LOG.verifier)  # never signed
