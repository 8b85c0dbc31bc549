"""COSE Receipts (RFC 9942) of entries: the inclusion proof signed by the log, and the entry."""

from __future__ import annotations

from ipledger.ledger.errors import BundleSelfCheckFailed, BundleUnavailable
from ipledger.ledger.evidence.tlogproof import entry_extra, proof_checkpoint
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore
from ipledger.verifier.core.cbor import CborTag, cbor_head
from ipledger.verifier.core.cose import (
    ALG,
    ALG_EDDSA,
    COSE_SIGN1_TAG,
    CWT_CLAIMS,
    CWT_ISS,
    ENTRY_LABEL,
    INCLUSION_PROOFS,
    KID,
    SIZE_LABEL,
    VDP,
    VDS,
    VDS_RFC9162_SHA256,
    CoseReceipt,
    check_cose_receipt,
    parse_cose_receipt,
    sig_structure,
)

COSE_RECEIPT_MEDIA_TYPE = 'application/cose; cose-type="cose-sign1"'


def cose_receipt(store: LogStore, signer: LogSigner, index: int) -> bytes:
    """Return the COSE Receipt of entry `index` under the newest checkpoint (`OutOfRange`).

    The protected header names the algorithm (EdDSA), the log's note key id (kid), the
    log as issuer (CWT claims, iss), RFC9162_SHA256 and the tree size (private label
    -65539: RFC 9942 signs only the root); the root, the checkpoint's, is the detached
    payload. Raises `BundleUnavailable` while no checkpoint covers the entry.
    """
    extra = entry_extra(store, index)
    checkpoint = proof_checkpoint(store, index)
    if checkpoint.tree_size <= index:
        raise BundleUnavailable(f"no checkpoint covers entry {index} yet")
    path = store.inclusion_proof(index, checkpoint.tree_size)
    protected = encode_cbor(
        {
            ALG: ALG_EDDSA,
            KID: signer.key_id,
            CWT_CLAIMS: {CWT_ISS: signer.name},
            VDS: VDS_RFC9162_SHA256,
            SIZE_LABEL: checkpoint.tree_size,
        }
    )
    signature = signer.sign_cose(sig_structure(protected, checkpoint.root))
    proof = encode_cbor([checkpoint.tree_size, index, list(path)])
    unprotected = {VDP: {INCLUSION_PROOFS: [proof]}, ENTRY_LABEL: extra.decode("utf-8")}
    return encode_cbor(CborTag(COSE_SIGN1_TAG, [protected, unprotected, None, signature]))


def check_receipt_file(data: bytes, verifier_key: str, digest: bytes) -> CoseReceipt:
    """Check a COSE Receipt before it is written: of `digest`, proven, signed by the log.

    Raises a `VerifierError`, or `BundleSelfCheckFailed` for a receipt of another digest.
    """
    verdict = check_cose_receipt(None, data, log_key=verifier_key)
    if verdict.entry.digest != digest:
        raise BundleSelfCheckFailed(
            f"the COSE Receipt of entry {verdict.entry.index} is of another digest "
            f"(sha256:{verdict.entry.digest.hex()})"
        )
    return parse_cose_receipt(data)


def encode_cbor(value: object) -> bytes:
    """Encode deterministically (RFC 8949 4.2.1): ints, bytes, text, arrays, maps, tags, None."""
    if value is None or isinstance(value, bool):
        return bytes([0xF6 if value is None else 0xF5 if value else 0xF4])
    if isinstance(value, int):
        return cbor_head(0, value) if value >= 0 else cbor_head(1, -1 - value)
    if isinstance(value, bytes):
        return cbor_head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return cbor_head(3, len(raw)) + raw
    if isinstance(value, list | tuple):
        return cbor_head(4, len(value)) + b"".join(encode_cbor(v) for v in value)
    if isinstance(value, dict):
        pairs = sorted((encode_cbor(k), encode_cbor(v)) for k, v in value.items())
        return cbor_head(5, len(pairs)) + b"".join(k + v for k, v in pairs)
    if isinstance(value, CborTag):
        return cbor_head(6, value.tag) + encode_cbor(value.value)
    raise TypeError(f"cannot encode a {type(value).__name__} as CBOR")
