// Mirrors verifier/core/x509.py: X.509 certificates (RFC 5280), their signatures, paths to roots.
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import * as der from './der.js';
import { CONTEXT, UNIVERSAL, bytesEqual, isoformat, toHex } from './der.js';
import { VerifyError } from './errors.js';

export const HASHES = { sha1, sha256, sha384, sha512 };
export const HASH_OIDS = {
  '1.3.14.3.2.26': 'sha1', '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384', '2.16.840.1.101.3.4.2.3': 'sha512',
};
// Signature algorithm -> [scheme, hash]; hash null: the CMS SignerInfo's digestAlgorithm says.
const SIGNATURES = {
  '1.2.840.113549.1.1.1': ['rsa', null], '1.2.840.113549.1.1.11': ['rsa', 'sha256'],
  '1.2.840.113549.1.1.12': ['rsa', 'sha384'], '1.2.840.113549.1.1.13': ['rsa', 'sha512'],
  '1.2.840.113549.1.1.10': ['pss', null], '1.2.840.10045.2.1': ['ecdsa', null],
  '1.2.840.10045.4.3.2': ['ecdsa', 'sha256'], '1.2.840.10045.4.3.3': ['ecdsa', 'sha384'],
  '1.2.840.10045.4.3.4': ['ecdsa', 'sha512'], '1.3.101.112': ['ed25519', null],
};
// Named curves as pycryptodome's ECC.import_key knows them; only the NIST three sign here.
const NAMED_CURVES = {
  '1.2.840.10045.3.1.1': 'NIST P-192', '1.3.132.0.33': 'NIST P-224',
  '1.2.840.10045.3.1.7': 'NIST P-256', '1.3.132.0.34': 'NIST P-384', '1.3.132.0.35': 'NIST P-521',
};
const WEB_CURVES = { // WebCrypto's name, the size of r and s, the group order
  'NIST P-256': ['P-256', 32, p256.Point.CURVE().n],
  'NIST P-384': ['P-384', 48, p384.Point.CURVE().n],
  'NIST P-521': ['P-521', 66, p521.Point.CURVE().n],
};
const WEB_HASHES = { sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };
const NAMES = {
  '2.5.4.3': 'CN', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.10': 'O',
  '2.5.4.11': 'OU', '2.5.4.5': 'serialNumber', '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress', '0.9.2342.19200300.100.1.25': 'DC',
};
export const BASIC_CONSTRAINTS = '2.5.29.19', KEY_USAGE = '2.5.29.15', EXT_KEY_USAGE = '2.5.29.37';
export const SUBJECT_KEY_ID = '2.5.29.14';
// Critical extensions this module acts on; any other critical one refuses the certificate.
const UNDERSTOOD = new Set([BASIC_CONSTRAINTS, KEY_USAGE, EXT_KEY_USAGE, SUBJECT_KEY_ID,
  '2.5.29.35', '2.5.29.17']);
export const KEY_CERT_SIGN = 1n << 5n;
export const MAX_PATH = 8;

const invalidCertificate = (message) => new VerifyError('InvalidCertificate', message);

/** An X.509 v3 certificate, its fields as read; `der` is its exact encoding. */
export class Certificate {
  constructor(fields) {
    Object.assign(this, fields);
    Object.freeze(this);
  }

  /** [critical, extnValue] of extension `oid`, or null when absent. */
  extension(oid) {
    const found = this.extensions.find(([name]) => name === oid);
    return found ? [found[1], found[2]] : null;
  }

  /** [cA, pathLenConstraint (BigInt | null)]; [false, null] without the extension. */
  basicConstraints() {
    const found = this.extension(BASIC_CONSTRAINTS);
    if (found === null) return [false, null];
    let items = der.sequence(der.read(found[1]), 0, 2), ca = false, pathLen = null;
    if (items.length && items[0].is(UNIVERSAL, der.BOOLEAN)) { // cA FALSE written out: seen
      ca = der.boolean(items[0]);
      items = items.slice(1);
    }
    if (items.length) pathLen = der.integer(items[0]);
    return [ca, pathLen];
  }

  /** The keyUsage bits as a BigInt (bit 0 digitalSignature, 5 keyCertSign), null if absent. */
  keyUsage() {
    const found = this.extension(KEY_USAGE);
    return found === null ? null : der.namedBits(der.read(found[1]));
  }

  /** [critical, key purpose OIDs] of extendedKeyUsage, null if absent. */
  extendedKeyUsage() {
    const found = this.extension(EXT_KEY_USAGE);
    if (found === null) return null;
    return [found[0], der.sequence(der.read(found[1]), 1).map((p) => der.oid(p))];
  }

  /** The subjectKeyIdentifier, null if absent. */
  subjectKeyId() {
    const found = this.extension(SUBJECT_KEY_ID);
    return found === null ? null : der.octetString(der.read(found[1]));
  }
}

function decodeText(bytes, number) {
  if (number === 12) return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  if (number === 19 || number === 22) {
    if (bytes.some((b) => b > 0x7f)) throw new TypeError('not ASCII');
    return String.fromCharCode(...bytes);
  }
  if (number === 20) return Array.from(bytes, (b) => String.fromCharCode(b)).join('');
  if (number === 30) return new TextDecoder('utf-16be', { fatal: true, ignoreBOM: true }).decode(bytes);
  if (bytes.length % 4) throw new TypeError('truncated UTF-32');
  let out = '';
  for (let i = 0; i < bytes.length; i += 4) {
    const c = ((bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3]) >>> 0;
    if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) throw new TypeError('not a code point');
    out += String.fromCodePoint(c);
  }
  return out;
}

/** A Name as RFC 4514 writes it: last RDN first, `CN=Test TSA,O=ipledger tests`. */
export function nameText(name) {
  const rdns = [];
  for (const rdn of der.sequence(name)) {
    const parts = [];
    for (const attribute of der.setOf(rdn)) {
      const [kind, value] = der.sequence(attribute, 2, 2);
      const key = der.oid(kind);
      let text;
      if ([12, 19, 22, 20, 30, 28].includes(value.number) && value.cls === UNIVERSAL && !value.constructed) {
        try {
          text = decodeText(value.content, value.number);
        } catch {
          throw der.invalid(`a name attribute ${key} is not valid text`);
        }
        text = Array.from(text, (c) => (',+"\\<>;='.includes(c) ? '\\' + c : c)).join('');
      } else {
        text = '#' + toHex(value.raw);
      }
      parts.push(`${NAMES[key] ?? key}=${text}`);
    }
    rdns.push(parts.join('+'));
  }
  return rdns.reverse().join(',');
}

/** Read a DER X.509 v3 certificate; VerifyError InvalidCertificate names what is wrong. */
export function parseCertificate(data) {
  try {
    const [tbs, algorithmId, signature] = der.sequence(der.read(data), 3, 3);
    const fields = der.sequence(tbs, 6, 10).slice();
    const version = fields[0].is(CONTEXT, 0) ? der.integer(der.explicit(fields.shift(), 0)) : 0n;
    if (![0n, 1n, 2n].includes(version) || fields.length < 6) {
      throw invalidCertificate('the certificate is not X.509 v1 to v3 or lacks fields');
    }
    const [serial, innerAlgorithm, issuer, validity, subject, spki] = fields;
    if (!bytesEqual(innerAlgorithm.raw, algorithmId.raw)) {
      throw invalidCertificate("the certificate's two signature algorithms differ");
    }
    const [notBefore, notAfter] = der.sequence(validity, 2, 2).map((t) => der.time(t));
    der.sequence(spki, 2, 2);
    const extensions = [];
    for (const extra of fields.slice(6)) {
      if (!extra.is(CONTEXT, 3)) continue; // issuerUniqueID, subjectUniqueID: not used
      const items = der.explicit(extra, 3);
      for (const item of der.sequence(items, 1)) {
        const parts = der.sequence(item, 2, 3);
        const critical = parts.length === 3 && der.boolean(parts[1]); // FALSE written out: seen
        extensions.push([der.oid(parts[0]), critical, der.octetString(parts[parts.length - 1])]);
      }
    }
    if (new Set(extensions.map((e) => e[0])).size !== extensions.length) {
      throw invalidCertificate('an extension appears twice in the certificate');
    }
    const certificate = new Certificate({
      der: data, subjectText: nameText(subject), issuerText: nameText(issuer),
      notBefore, notAfter, serial: der.integer(serial),
      subject: subject.raw, issuer: issuer.raw, tbs: tbs.raw,
      signatureAlgorithm: algorithmId.raw, signature: der.bitString(signature),
      publicKey: spki.raw, extensions,
    });
    certificate.basicConstraints();
    certificate.keyUsage();
    certificate.extendedKeyUsage();
    return certificate;
  } catch (exc) {
    if (exc instanceof VerifyError && exc.type === 'InvalidDer') {
      throw invalidCertificate(`the certificate is not valid DER X.509: ${exc.message}`);
    }
    throw exc;
  }
}

/** [scheme, hash, parameters] of an AlgorithmIdentifier; schemes: rsa, pss, ecdsa, ed25519. */
export function algorithm(identifier) {
  const parts = der.sequence(der.read(identifier), 1, 2);
  const name = der.oid(parts[0]);
  if (!Object.hasOwn(SIGNATURES, name)) {
    throw invalidCertificate(`signature algorithm ${name} is not supported`);
  }
  const [scheme, digest] = SIGNATURES[name];
  const parameters = parts.length === 2 ? parts[1] : null;
  if (scheme === 'rsa' && parameters !== null) {
    der.nullValue(parameters);
  } else if ((scheme === 'ecdsa' || scheme === 'ed25519') && parameters !== null &&
             name !== '1.2.840.10045.2.1') {
    throw invalidCertificate(`signature algorithm ${name} has parameters`);
  }
  return [scheme, digest, scheme === 'pss' ? parameters : null];
}

/** The name ("sha256", ...) of a hash AlgorithmIdentifier (parameters absent or NULL). */
export function hashAlgorithm(identifier) {
  const parts = der.sequence(der.read(identifier), 1, 2);
  const name = der.oid(parts[0]);
  if (parts.length === 2) der.nullValue(parts[1]);
  if (!Object.hasOwn(HASH_OIDS, name)) {
    throw invalidCertificate(`hash algorithm ${name} is not supported`);
  }
  return HASH_OIDS[name];
}

// RSASSA-PSS-params: [hash, salt length]; the mask must be MGF1 of the same hash.
function pssParameters(parameters) {
  const found = {};
  if (parameters !== null) for (const p of der.sequence(parameters, 0, 4)) found[p.number] = p;
  const digest = found[0] ? hashAlgorithm(der.explicit(found[0], 0).raw) : 'sha1';
  const mgf = found[1] ? der.sequence(der.explicit(found[1], 1), 2, 2) : null;
  if (mgf !== null && (der.oid(mgf[0]) !== '1.2.840.113549.1.1.8' || hashAlgorithm(mgf[1].raw) !== digest)) {
    throw invalidCertificate('RSASSA-PSS with another mask than MGF1 of its own hash');
  }
  const salt = found[2] ? der.integer(der.explicit(found[2], 2)) : 20n;
  return [salt, digest];
}

function base64url(bytes) {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function unsigned(value) {
  let hex = value.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  return Uint8Array.from(hex.match(/../g), (h) => parseInt(h, 16));
}

function gcd(a, b) {
  while (b) [a, b] = [b, a % b];
  return a;
}

// The SubjectPublicKeyInfo as pycryptodome imports it: {kind: 'rsa', n, e} or {kind: 'ec', curve, point}.
function readPublicKey(spki, scheme) {
  const [id, bits] = der.sequence(der.read(spki), 2, 2);
  const algorithmParts = der.sequence(id, 1, 2);
  const name = der.oid(algorithmParts[0]);
  const parameters = algorithmParts[1] ?? null;
  const key = der.bitString(bits);
  if (scheme === 'rsa' || scheme === 'pss') {
    if (!['1.2.840.113549.1.1.1', '1.2.840.113549.1.1.10'].includes(name)) throw new TypeError('not RSA');
    if (parameters !== null) der.nullValue(parameters);
    const [n, e] = der.sequence(der.read(key), 2, 2).map((i) => der.integer(i));
    if (e <= 1n || e >= n || gcd(n, e) !== 1n || !(n & 1n)) throw new TypeError('not an RSA key');
    return { kind: 'rsa', n, e };
  }
  if (name === '1.3.101.112' && parameters === null) return { kind: 'ec', curve: 'Ed25519', point: key };
  if (name === '1.3.101.113' && parameters === null) return { kind: 'ec', curve: 'Ed448', point: key };
  if (name !== '1.2.840.10045.2.1' || parameters === null) throw new TypeError('not an EC key');
  const curve = NAMED_CURVES[der.oid(parameters)];
  if (curve === undefined) throw new TypeError('unsupported curve');
  return { kind: 'ec', curve, point: key };
}

// An ECDSA-Sig-Value (DER) as WebCrypto's r || s, each below the order, or null.
function rawEcdsa(signature, size, order) {
  const [r, s] = der.sequence(der.read(signature), 2, 2).map((i) => der.integer(i));
  if (!(r > 0n && r < order && s > 0n && s < order)) return null;
  const out = new Uint8Array(2 * size);
  const rb = unsigned(r), sb = unsigned(s);
  out.set(rb, size - rb.length);
  out.set(sb, 2 * size - sb.length);
  return out;
}

/**
 * Check `signature` of `message` by a SubjectPublicKeyInfo; throw InvalidCertificate.
 *
 * `digest` is the CMS digestAlgorithm, used where the signature algorithm names no hash.
 */
export async function verifySignature(publicKey, identifier, message, signature, digest = null) {
  const [scheme, named, parameters] = algorithm(identifier);
  digest = named || digest || 'sha256';
  const subtle = globalThis.crypto.subtle;
  let ok = false;
  try {
    const key = readPublicKey(publicKey, scheme);
    if (key.kind === 'rsa') {
      const size = key.n.toString(2).length;
      if (size < 2048) throw invalidCertificate('an RSA key is shorter than 2048 bits');
      let params = { name: 'RSASSA-PKCS1-v1_5' };
      if (scheme === 'pss') {
        const [salt, pssDigest] = pssParameters(parameters);
        digest = pssDigest;
        params = { name: 'RSA-PSS', saltLength: Number(salt) };
      }
      if (digest === 'sha1') throw invalidCertificate('a signature over a SHA-1 digest is refused');
      const jwk = { kty: 'RSA', n: base64url(unsigned(key.n)), e: base64url(unsigned(key.e)), ext: true };
      const imported = await subtle.importKey('jwk', jwk, { name: params.name, hash: WEB_HASHES[digest] },
        false, ['verify']);
      ok = await subtle.verify(params, imported, signature, message);
    } else if (scheme === 'ed25519' && key.curve === 'Ed25519') {
      ok = ed25519.verify(signature, message, key.point, { zip215: false });
    } else if (scheme === 'ecdsa' && Object.hasOwn(WEB_CURVES, key.curve) && digest !== 'sha1') {
      const [namedCurve, size, order] = WEB_CURVES[key.curve];
      const raw = rawEcdsa(signature, size, order);
      if (raw !== null) {
        const imported = await subtle.importKey('raw', key.point, { name: 'ECDSA', namedCurve }, false, ['verify']);
        ok = await subtle.verify({ name: 'ECDSA', hash: WEB_HASHES[digest] }, imported, raw, message);
      }
    } else {
      throw invalidCertificate(`a ${key.curve} key cannot make a ${scheme} signature`);
    }
  } catch (exc) {
    if (exc instanceof VerifyError && exc.type === 'InvalidCertificate') throw exc;
    ok = false; // a key or signature WebCrypto or the DER reader refuses: pycryptodome's ValueError
  }
  if (!ok) throw invalidCertificate(`the ${scheme} signature does not verify`);
}

/** Refuse a certificate outside its validity at `at` or with a critical unknown extension. */
export function checkValidity(certificate, at) {
  if (!(certificate.notBefore <= at && at <= certificate.notAfter)) {
    throw invalidCertificate(
      `the certificate ${certificate.subjectText} is valid from ${isoformat(certificate.notBefore)} ` +
        `to ${isoformat(certificate.notAfter)}, not at ${isoformat(at)}`,
    );
  }
  for (const [name, critical] of certificate.extensions) {
    if (critical && !UNDERSTOOD.has(name)) {
      throw invalidCertificate(
        `the certificate ${certificate.subjectText} has a critical extension ${name} ` +
          'this verifier does not understand',
      );
    }
  }
}

function checkIssuer(issuer, below, at) {
  checkValidity(issuer, at);
  const [ca, pathLen] = issuer.basicConstraints();
  const usage = issuer.keyUsage();
  if (!ca) throw invalidCertificate(`${issuer.subjectText} is not a CA (basicConstraints)`);
  if (usage !== null && !(usage & KEY_CERT_SIGN)) {
    throw invalidCertificate(`${issuer.subjectText} may not sign certificates (keyUsage)`);
  }
  if (pathLen !== null && BigInt(below) > pathLen) {
    throw invalidCertificate(`${issuer.subjectText} allows ${pathLen} CAs below it, the path has ${below}`);
  }
}

const isCheckError = (exc) => exc instanceof VerifyError &&
  (exc.type === 'InvalidCertificate' || exc.type === 'InvalidDer');

/**
 * A path leaf -> intermediates -> one of `roots`, all valid at `at` (microseconds, BigInt).
 *
 * As certificate_path: issuers found by byte-equal Name, each a CA allowed to sign
 * certificates, within its pathLenConstraint, its key verifying the certificate below; a root
 * that is the leaf itself trusts it directly; no revocation. Throws InvalidCertificate with
 * the last reason a candidate path failed.
 */
export async function certificatePath(leaf, intermediates, roots, at) {
  const problems = [];
  const extend = async (path) => {
    const last = path[path.length - 1];
    const candidates = [...roots.map((c) => [c, true]), ...intermediates.map((c) => [c, false])];
    for (const [candidate, isRoot] of candidates) {
      if (!bytesEqual(candidate.subject, last.issuer) || path.some((c) => bytesEqual(c.der, candidate.der))) {
        continue;
      }
      try {
        checkIssuer(candidate, path.length - 1, at);
        await verifySignature(candidate.publicKey, last.signatureAlgorithm, last.tbs, last.signature);
      } catch (exc) {
        if (!isCheckError(exc)) throw exc;
        problems.push(exc.message);
        continue;
      }
      if (isRoot) return [...path, candidate];
      if (path.length < MAX_PATH) {
        const found = await extend([...path, candidate]);
        if (found) return found;
      }
    }
    return null;
  };
  checkValidity(leaf, at);
  if (roots.some((root) => bytesEqual(root.der, leaf.der))) return [leaf];
  const found = await extend([leaf]);
  if (found === null) {
    throw invalidCertificate(problems.length ? problems[problems.length - 1] :
      `no root or intermediate certificate given is the issuer (${leaf.issuerText}) ` +
        `of ${leaf.subjectText} or of a CA above it`);
  }
  return found;
}
