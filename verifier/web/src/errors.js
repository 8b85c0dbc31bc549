// Mirrors verifier/core/errors.py: one error class; `type` is the Python class name.
export class VerifyError extends Error {
  constructor(type, message) {
    super(message);
    this.type = type;
  }
}

// The Python classes each type is an instance of (isinstance), for the CLI's exit code and
// failure.py's step: a subclass lists its bases after itself.
export const BASES = {
  IndexOutOfRangeError: ['ProofInputError'],
  TreeSizeError: ['ProofInputError'],
  ProofLengthError: ['ProofInputError'],
  HashLengthError: ['ProofInputError'],
  KeyNotInTrie: ['TrieProofError'],
  BlockNotFinal: ['UntrustedBlock'],
  UnknownKeyError: ['SignatureError'],
  UnsupportedBlockProof: ['InvalidBlockProof'],
  TrustRootNotExtended: ['InvalidTrustRoot'],
  TimestampImprintMismatch: ['InvalidTimestampToken'],
  CoseInclusionError: ['InvalidCoseReceipt', 'InclusionError'],
  CoseSignatureError: ['InvalidCoseReceipt', 'SignatureError'],
};

// Whether an error of `type` is an instance of the Python class `kind`.
export function isA(type, kind) {
  return type === kind || (BASES[type] || []).includes(kind);
}
