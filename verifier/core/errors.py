"""Typed errors of the offline verifier: every failed check raises one of these."""

from __future__ import annotations


class VerifierError(Exception):
    """Base of every verification failure; nothing in `verifier` returns False instead."""


class ProofInputError(VerifierError, ValueError):
    """A proof or its parameters are malformed (checked before any hashing)."""


class IndexOutOfRangeError(ProofInputError):
    """A leaf index is not an integer in 0..size-1."""


class TreeSizeError(ProofInputError):
    """A tree size is negative, zero where RFC 9162 forbids it, or sizes are out of order."""


class ProofLengthError(ProofInputError):
    """A proof has more or fewer hashes than RFC 9162 prescribes for its sizes."""


class HashLengthError(ProofInputError):
    """A hash is not exactly 32 bytes."""


class RootMismatchError(VerifierError):
    """A root recomputed from a proof differs from the root it should equal."""

    def __init__(self, computed: bytes, expected: bytes, what: str = "root") -> None:
        """Record both roots so the message can show them."""
        self.computed = computed
        self.expected = expected
        super().__init__(
            f"{what} mismatch: the proof leads to {computed.hex()}, expected {expected.hex()}"
        )


class EntryError(VerifierError, ValueError):
    """An entry field is malformed; `field` names it (digest, nonce, metadata, received_at)."""

    def __init__(self, field: str, reason: str) -> None:
        """Name the field and say what is wrong with it."""
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


class InvalidRLP(VerifierError, ValueError):
    """Bytes are not canonical RLP (Yellow Paper appendix B): truncated, padded or non-minimal."""


class TrieProofError(VerifierError, ValueError):
    """A Merkle-Patricia trie proof is malformed, incomplete, or does not reach the key."""


class KeyNotInTrie(TrieProofError):
    """A trie proof shows that the key has no value under the root."""


class InvalidHeader(VerifierError, ValueError):
    """A block header is not a well-formed RLP header of a known Ethereum fork."""


class InvalidReceipt(VerifierError, ValueError):
    """A transaction receipt is not a well-formed EIP-2718 consensus receipt."""


class ReceiptProofError(VerifierError):
    """A receipt is not the value that its proof yields under the block's receiptsRoot."""


class InvalidBundle(VerifierError, ValueError):
    """An evidence bundle is not valid v1 JSON: a key, type, length or encoding is wrong."""


class DocumentMismatch(VerifierError):
    """The document's SHA-256 is not the digest the bundle's entry commits to (step 1)."""


class InclusionError(VerifierError):
    """The entry is not in the checkpointed tree: proof, size or root disagree (step 3)."""


class HeaderMismatch(VerifierError):
    """The block header does not hash to the block hash, or its number or time differ (step 5)."""


class AnchorEventError(VerifierError):
    """The receipt does not hold a successful Anchored event for this log and root (step 7)."""


class UntrustedBlock(VerifierError):
    """The block is not the one the reader trusts at that height (step 8)."""


class BlockNotFinal(UntrustedBlock):
    """The node has the bundle's block, but not yet deep enough to rely on (step 8)."""


class InvalidNote(VerifierError, ValueError):
    """A signed note is malformed (C2SP signed-note): layout, encoding or signature lines."""


class InvalidVerifierKey(VerifierError, ValueError):
    """A verifier key string is malformed, of an unknown algorithm, or its key id is wrong."""


class SignatureError(VerifierError):
    """A signature by the expected key is present but does not verify."""


class UnknownKeyError(SignatureError):
    """No signature line of the note is by the expected key (same name and key id)."""


class InvalidCheckpoint(VerifierError, ValueError):
    """A checkpoint body is malformed (C2SP tlog-checkpoint): origin, size, root or extensions."""


class InvalidSubmissionReceipt(VerifierError, ValueError):
    """A submission receipt (note body or JSON document) is malformed."""


class ReceiptMismatch(VerifierError):
    """An entry is not the one a receipt's signed root commits to (fields, leaf or proof)."""


class InvalidBlockProof(VerifierError, ValueError):
    """A block's canonicality proof (Portal `BlockHeaderWithProof`) is malformed."""


class UnsupportedBlockProof(InvalidBlockProof):
    """A block's proof is of a kind the verifier does not check (pre-Capella history)."""


class CanonicalityError(VerifierError):
    """A canonicality proof does not verify: the block is not in the trust root's history."""


class BlockAfterTrustRoot(VerifierError):
    """A block is later than the trust root's history: it needs a trust root taken after it."""

    def __init__(self, slot: int, trust_root_slot: int, period_closes: str) -> None:
        """Record the block's slot, the trust root's slot and when the block's period closes."""
        self.slot = slot
        self.trust_root_slot = trust_root_slot
        self.period_closes = period_closes
        super().__init__(
            f"the block at slot {slot} is after the trust root at slot {trust_root_slot}: "
            f"it needs a trust root taken after {period_closes} (or --rpc)"
        )


class InvalidTrustRoot(VerifierError, ValueError):
    """A trust root (historical_summaries file) is malformed or its stated root is wrong."""


class TrustRootNotExtended(InvalidTrustRoot):
    """A newer trust root does not keep an older one's historical summaries as its prefix."""


class InvalidSignature(VerifierError, ValueError):
    """A secp256k1 signature is out of range, not low-s, or recovers no public key."""


class InvalidTransaction(VerifierError, ValueError):
    """A transaction is not a well-formed, signed EIP-2718 transaction of types 0 to 4."""


class TransactionProofError(VerifierError):
    """A transaction is not the value that its proof yields under the block's transactionsRoot."""


class TransactionMismatch(VerifierError):
    """Step 6 (v2): the proven transaction is not the one the bundle names, or not for its chain."""


class InvalidTlogProof(VerifierError, ValueError):
    """A tlog-proof file (c2sp.org/tlog-proof@v1) is malformed."""


class InvalidPolicy(VerifierError, ValueError):
    """A tlog-policy file is malformed; the message names the line and how to fix it."""


class QuorumNotMet(VerifierError):
    """Step 4 with a policy: the checkpoint's valid cosignatures do not meet its quorum."""


class InvalidDer(VerifierError, ValueError):
    """Bytes are not the one DER encoding (X.690) of a value: length, tag, integer, time, ..."""


class InvalidCertificate(VerifierError, ValueError):
    """An X.509 certificate is malformed, uses an unknown algorithm or critical extension."""


class InvalidTimestampToken(VerifierError, ValueError):
    """An RFC 3161 time-stamp token is malformed, or its signature or signer does not verify."""


class TimestampImprintMismatch(InvalidTimestampToken):
    """A time-stamp token is valid but stamps other data: its messageImprint is not the hash."""


class UntrustedTimestampAuthority(VerifierError):
    """A time-stamp token's signer has no valid certificate path to the roots given."""
class InvalidCbor(VerifierError, ValueError):
    """Bytes are not deterministic CBOR (RFC 8949 section 4.2.1) of the kinds a receipt uses."""


class InvalidCoseReceipt(VerifierError, ValueError):
    """A COSE Receipt (RFC 9942) is malformed, of another structure, or does not verify."""


class CoseInclusionError(InvalidCoseReceipt, InclusionError):
    """A COSE Receipt's inclusion proof does not lead from the entry's leaf to a root."""


class CoseSignatureError(InvalidCoseReceipt, SignatureError):
    """A COSE Receipt is not signed by the log's key over the root its proof leads to."""
