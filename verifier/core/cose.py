"""COSE Receipts (RFC 9942) of inclusion: RFC9162_SHA256 proofs in an EdDSA COSE_Sign1."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TypeVar

from ipledger.verifier.core.bundle import BundleEntry, _parse_entry
from ipledger.verifier.core.bundle import _reject_constant as _refuse
from ipledger.verifier.core.bundle import _unique_object as _unique
from ipledger.verifier.core.cbor import CborTag, cbor_head, decode_cbor
from ipledger.verifier.core.errors import (
    CoseInclusionError,
    CoseSignatureError,
    DocumentMismatch,
    InvalidBundle,
    InvalidCbor,
    InvalidCoseReceipt,
    ProofInputError,
    QuorumNotMet,
    UnknownKeyError,
)
from ipledger.verifier.core.leaf import entry_leaf_hash, leaf_input, metadata_hash
from ipledger.verifier.core.note import (
    ALG_ED25519,
    SIGNATURE_SIZE,
    VerifierKey,
    ed25519_verify,
    parse_verifier_key,
)
from ipledger.verifier.core.policy import Policy
from ipledger.verifier.core.proof import root_from_inclusion_proof
from ipledger.verifier.core.rfc9162 import hash_leaf
from ipledger.verifier.core.tlogproof import MAX_PATH, TlogVerdict
from ipledger.verifier.core.verify import Check

COSE_SIGN1_TAG = 18
ALG, CRIT, KID, CWT_CLAIMS, VDS, VDP = 1, 2, 4, 15, 395, 396  # header labels (RFC 9052, 9942)
ALG_EDDSA = -8
VDS_RFC9162_SHA256 = 1
INCLUSION_PROOFS = -1
CWT_ISS = 1
ENTRY_LABEL = -65538  # private use (RFC 9052 section 16.2): ipledger's entry, canonical JSON
SIZE_LABEL = -65539  # private use, protected: the tree size, which RFC 9942 leaves unsigned
SIG1_CONTEXT = b"\x84\x6aSignature1"  # how every COSE_Sign1 Sig_structure begins
_UNDERSTOOD = frozenset({ALG, CRIT, KID, CWT_CLAIMS, VDS})
T = TypeVar("T")


@dataclass(frozen=True)
class CoseReceipt:
    """A parsed receipt: its inclusion proof, protected header fields, signature (unchecked).

    `protected` is the protected header's bytes as signed; `entry` ipledger's entry JSON
    (private-use label -65538 of the unprotected header), which nothing signs but the leaf.
    """

    tree_size: int
    leaf_index: int
    path: tuple[bytes, ...]
    alg: int
    key_id: bytes | None
    issuer: str | None
    protected: bytes
    signature: bytes
    payload: bytes | None = None
    entry: bytes | None = None
    signed_size: int | None = None

    def root(self, leaf: bytes) -> bytes:
        """Return the root the inclusion proof leads to from `leaf` (the log's leaf data)."""
        if self.signed_size is not None and self.signed_size != self.tree_size:
            raise CoseInclusionError(
                f"the proof is for a tree of {self.tree_size}, the log signed {self.signed_size}"
            )
        try:
            return root_from_inclusion_proof(
                self.leaf_index, self.tree_size, hash_leaf(leaf), self.path
            )
        except ProofInputError as exc:
            raise CoseInclusionError(f"the receipt's inclusion proof is malformed: {exc}") from None


def sig_structure(protected: bytes, payload: bytes) -> bytes:
    """Return the COSE_Sign1 Sig_structure (RFC 9052 section 4.4), external_aad empty."""
    return b"".join((SIG1_CONTEXT, cbor_head(2, len(protected)), protected, b"\x40",
                     cbor_head(2, len(payload)), payload))  # fmt: skip


def _need(condition: bool, reason: str) -> None:
    if not condition:
        raise InvalidCoseReceipt(reason)


def _as(value: object, kind: type[T], reason: str) -> T:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise InvalidCoseReceipt(reason)
    return value


def parse_cose_receipt(data: bytes) -> CoseReceipt:
    """Parse a tagged COSE_Sign1 receipt of one RFC9162_SHA256 inclusion proof, strictly.

    Deterministic CBOR throughout (the protected header and the proof included); raises
    `InvalidCoseReceipt`. No signature or proof is checked here.
    """
    try:
        outer = _as(decode_cbor(data), CborTag, "not a tagged COSE_Sign1 (tag 18)")
        _need(outer.tag == COSE_SIGN1_TAG, "not a tagged COSE_Sign1 (tag 18)")
        message = _as(outer.value, tuple, "a COSE_Sign1 is an array")
        _need(len(message) == 4, "a COSE_Sign1 has four items")
        protected = _as(message[0], bytes, "the protected header is not a bstr")
        unprotected = _as(message[1], dict, "the unprotected header is not a map")
        payload, signature = message[2], _as(message[3], bytes, "the signature is not a bstr")
        _need(payload is None or isinstance(payload, bytes), "the payload is a bstr or nil")
        header = _as(decode_cbor(protected), dict, "the protected header is not a map")
        proofs = _as(unprotected.get(VDP), dict, "no verifiable data proofs (396) in the header")
        _need(VDS not in unprotected and ALG not in unprotected, "vds and alg must be protected")
        vds = _as(header.get(VDS), int, "vds (395) is not an integer")
        _need(vds == VDS_RFC9162_SHA256, "vds (395) is not RFC9162_SHA256 (1)")
        alg = _as(header.get(ALG), int, "alg (1) is not an integer")
        crit = _as(header.get(CRIT, ()), tuple, "crit (2) is not an array")
        _need(all(type(c) in (int, str) for c in crit), "crit (2) holds no labels")
        _need(set(crit) <= _UNDERSTOOD, "a critical header parameter is not understood")
        key_id = header.get(KID)
        _need(key_id is None or isinstance(key_id, bytes), "kid (4) is not a bstr")
        issuer = _as(header.get(CWT_CLAIMS, {}), dict, "CWT claims (15) not a map").get(CWT_ISS)
        _need(issuer is None or isinstance(issuer, str), "iss is not text")
        _need(set(proofs) == {INCLUSION_PROOFS}, "only inclusion proofs (-1) are read")
        inclusion = _as(proofs[INCLUSION_PROOFS], tuple, "inclusion proofs are an array")
        _need(len(inclusion) == 1, "a receipt of ipledger has one inclusion proof")
        proof = decode_cbor(_as(inclusion[0], bytes, "the inclusion proof is not a bstr"))
        proof = _as(proof, tuple, "a proof is [tree-size, leaf-index, inclusion-path]")
        _need(len(proof) == 3, "a proof is [tree-size, leaf-index, inclusion-path]")
        size = _as(proof[0], int, "the tree size is not an integer")
        index = _as(proof[1], int, "the leaf index is not an integer")
        _need(0 <= index < size, f"leaf index {index} is not in a tree of {size}")
        path = _as(proof[2], tuple, "the inclusion path is not an array")
        _need(len(path) <= MAX_PATH, f"an inclusion path has at most {MAX_PATH} hashes")
        _need(all(isinstance(n, bytes) and len(n) == 32 for n in path), "path hashes: 32 bytes")
        entry = unprotected.get(ENTRY_LABEL)
        _need(entry is None or isinstance(entry, str), "the entry (-65538) is not text")
        signed = header.get(SIZE_LABEL)
        signed_size = None if signed is None else _as(signed, int, "size (-65539): no integer")
    except InvalidCbor as exc:
        raise InvalidCoseReceipt(f"not deterministic CBOR: {exc}") from None
    return CoseReceipt(
        size, index, path, alg, key_id, issuer, protected, signature, payload,
        None if entry is None else entry.encode("utf-8"), signed_size,
    )  # fmt: skip


def verify_cose_receipt(
    data: bytes | CoseReceipt, *, leaf: bytes, key: VerifierKey | str
) -> CoseReceipt:
    """Check a receipt of `leaf` (the log's leaf data, before RFC 9162 leaf hashing).

    The proof leads to a root, and the EdDSA signature over the Sig_structure with that
    root as the detached payload is by `key` (the log's note key); a kid or issuer, when
    present, must be the key's. Raises `InvalidCoseReceipt` (`CoseInclusionError`,
    `CoseSignatureError`).
    """
    receipt = data if isinstance(data, CoseReceipt) else parse_cose_receipt(data)
    key = parse_verifier_key(key) if isinstance(key, str) else key
    _need(key.algorithm == ALG_ED25519, "a receipt is checked with the log's key, not a witness's")
    _need(receipt.alg == ALG_EDDSA, f"alg {receipt.alg} is not EdDSA (-8), the log's algorithm")
    if receipt.key_id is not None and receipt.key_id != key.key_id:
        raise CoseSignatureError(f"the receipt's kid {receipt.key_id.hex()} is not the key's")
    if receipt.issuer is not None and receipt.issuer != key.name:
        raise CoseSignatureError(f"the receipt's issuer {receipt.issuer} is not {key.name}")
    root = receipt.root(leaf)
    if receipt.payload is not None and receipt.payload != root:
        raise CoseInclusionError("the attached payload is not the root the proof leads to")
    message = sig_structure(receipt.protected, root)
    if len(receipt.signature) != SIGNATURE_SIZE or not ed25519_verify(
        key.public_key, message, receipt.signature
    ):
        raise CoseSignatureError(
            f"the signature is not {key.name}'s over the root {root.hex()}: the entry, the "
            "proof or the receipt was altered"
        )
    return receipt


def check_cose_receipt(
    document: bytes | None,
    data: bytes,
    *,
    policy: Policy | None = None,
    log_key: str | None = None,
) -> TlogVerdict:
    """Check an ipledger COSE Receipt offline: document, leaf, inclusion, the log's signature."""
    receipt = parse_cose_receipt(data)
    entry = _receipt_entry(receipt)
    checks = [
        Check(0, "Receipt is well formed", f"COSE_Sign1, RFC9162_SHA256, entry {entry.index}")
    ]
    remaining: list[str] = []
    digest = "sha256:" + entry.digest.hex()
    if document is not None:
        if hashlib.sha256(document).digest() != entry.digest:
            raise DocumentMismatch(f"the document's SHA-256 is not the receipt's {digest}")
        checks.append(Check(1, "Document matches", f"SHA-256 of the document is {digest}"))
    else:
        remaining.append(f"that the document in question has SHA-256 {digest}")
    meta = metadata_hash(entry.metadata_object())
    leaf = leaf_input(entry.digest, entry.nonce, meta, entry.received_at)
    leaf_hash = entry_leaf_hash(entry.digest, entry.nonce, meta, entry.received_at)
    checks.append(Check(2, "Log entry rebuilt", f"leaf hash {leaf_hash.hex()}"))
    origin = receipt.issuer or f"(unnamed log, key id {(receipt.key_id or b'').hex()})"
    keys = [parse_verifier_key(log_key)] if log_key is not None else []
    if log_key is None and policy is not None and policy.logs:
        keys = [k for k in policy.logs if k.name == receipt.issuer]
        if not keys:
            raise UnknownKeyError(f"the receipt's issuer {origin} is not a policy log")
        keys = [k for k in keys if receipt.key_id in (None, k.key_id)] or keys
    root = receipt.root(leaf)
    detail = f"entry {entry.index} is in the tree of {receipt.tree_size} entries, root {root.hex()}"
    checks.append(Check(3, "Entry is in the log", detail))
    if keys:
        verify_cose_receipt(receipt, leaf=leaf, key=keys[0])
        checks.append(Check(4, "Root signed by the log", f"{keys[0].name}, key {keys[0]}"))
    else:
        remaining.append("that the root was signed by the log (give its verifier key)")
    if policy is not None and not policy.quorum_met(set()):
        raise QuorumNotMet(
            f"a COSE Receipt carries no cosignatures; the quorum needs "
            f"{policy.describe(policy.quorum)}: check the entry's tlog-proof instead"
        )
    remaining.append("that witnesses saw this tree: a COSE Receipt carries no cosignature")
    remaining.append("a time on a blockchain: the entry's evidence bundle carries the anchor")
    size = receipt.tree_size
    return TlogVerdict(entry, size, origin, bool(keys), document is not None, (*checks,),
                       (*remaining,), ())  # fmt: skip


def _receipt_entry(receipt: CoseReceipt) -> BundleEntry:
    if receipt.entry is None:
        raise InvalidCoseReceipt("no entry (label -65538): ipledger writes the entry's JSON there")
    try:
        obj = json.loads(receipt.entry, object_pairs_hook=_unique, parse_constant=_refuse)
        entry = _parse_entry(obj)
    except (InvalidBundle, ValueError, RecursionError) as exc:
        raise InvalidCoseReceipt(f"the receipt's entry is not an ipledger entry: {exc}") from None
    if entry.index != receipt.leaf_index:
        raise InvalidCoseReceipt(
            f"the entry is {entry.index}, the proof's leaf {receipt.leaf_index}"
        )
    return entry
