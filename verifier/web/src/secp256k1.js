// Mirrors verifier/core/secp256k1.py: ECDSA public-key recovery for Ethereum signatures (noble).
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { VerifyError } from './errors.js';
import { keccak256 } from './hex.js';

const P = 2n ** 256n - 2n ** 32n - 977n;
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const HALF_N = N / 2n;

function bad(message) {
  return new VerifyError('InvalidSignature', message);
}

function powMod(base, exp, mod) {
  let result = 1n;
  let b = base % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
  }
  return result;
}

/**
 * The 64-byte public key (X || Y) that signed `messageHash` (32 bytes): the same range, low-s
 * (EIP-2) and curve checks as the Python, in its order, then noble's recovery. Throws
 * InvalidSignature.
 */
export function recoverPublicKey(messageHash, yParity, r, s) {
  if (!(messageHash instanceof Uint8Array) || messageHash.length !== 32) throw bad('the signed message hash must be 32 bytes');
  if (yParity !== 0n && yParity !== 1n) throw bad(`y_parity must be 0 or 1, got ${yParity}`);
  if (!(r > 0n && r < N)) throw bad('r is outside [1, n-1] of secp256k1');
  if (!(s > 0n && s < N)) throw bad('s is outside [1, n-1] of secp256k1');
  if (s > HALF_N) throw bad('s is above n/2: EIP-2 admits only the low-s form of a signature');
  const alpha = (powMod(r, 3n, P) + 7n) % P;
  const y = powMod(alpha, (P + 1n) / 4n, P);
  if ((y * y) % P !== alpha) throw bad('r is not the x coordinate of a point on secp256k1');
  let point;
  try {
    point = new secp256k1.Signature(r, s, Number(yParity)).recoverPublicKey(messageHash);
  } catch {
    throw bad('the signature recovers the point at infinity, not a public key');
  }
  return point.toBytes(false).subarray(1);
}

/** The 20-byte address, keccak256(public key)[12:], that signed the hash. */
export function recoverAddress(messageHash, yParity, r, s) {
  return keccak256(recoverPublicKey(messageHash, yParity, r, s)).slice(12);
}
