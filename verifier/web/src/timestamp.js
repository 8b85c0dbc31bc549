// Mirrors verifier/core/timestamp.py: RFC 3161 tokens: TSTInfo, the CMS signature, ESS, the TSA.
import * as asn1 from './der.js';
import { CONTEXT, UNIVERSAL, bytesEqual } from './der.js';
import { VerifyError } from './errors.js';
import {
  HASHES, certificatePath, checkValidity, hashAlgorithm, parseCertificate, verifySignature,
} from './x509.js';

export const SIGNED_DATA = '1.2.840.113549.1.7.2', TST_INFO = '1.2.840.113549.1.9.16.1.4';
export const CONTENT_TYPE = '1.2.840.113549.1.9.3', MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
export const SIGNING_CERTIFICATE = '1.2.840.113549.1.9.16.2.12';
export const SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';
export const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
export const IMPRINT_HASHES = ['sha256', 'sha384', 'sha512'];
export const MAX_CERTIFICATES = 16;
export const MAX_ACCURACY_SECONDS = 86_399_999_999_999n; // Python's timedelta range, as core/timestamp.py

const invalidToken = (message) => new VerifyError('InvalidTimestampToken', message);
const isType = (exc, ...types) => exc instanceof VerifyError && types.includes(exc.type);

function accuracy(element) {
  let seconds = 0n, millis = 0n, micros = 0n;
  for (const part of asn1.sequence(element, 0, 3)) {
    if (part.is(UNIVERSAL, asn1.INTEGER)) {
      seconds = asn1.integer(part);
    } else if (part.is(CONTEXT, 0) || part.is(CONTEXT, 1)) {
      const value = asn1.integer(part, CONTEXT, part.number);
      if (!(value >= 1n && value <= 999n)) {
        throw invalidToken("the token's accuracy has millis or micros off 1-999");
      }
      if (part.number === 0) millis = value;
      else micros = value;
    } else {
      throw invalidToken("the token's accuracy has an unknown field");
    }
  }
  if (seconds < 0n) throw invalidToken("the token's accuracy is negative");
  if (seconds > MAX_ACCURACY_SECONDS) throw invalidToken("the token's accuracy is over 2.7 million years");
  return { seconds, millis, micros };
}

// TSTInfo -> {genTime (microseconds, BigInt), serial, policy, hashAlgorithm, messageImprint, nonce, accuracy}
function tstInfo(econtent) {
  const fields = asn1.sequence(asn1.read(econtent), 5, 10).slice();
  const [version, policy, imprint, serial, genTime] = fields;
  if (asn1.integer(version) !== 1n) throw invalidToken("the token's TSTInfo is not version 1");
  const [algorithmId, hashed] = asn1.sequence(imprint, 2, 2);
  let accuracyValue = null, nonce = null;
  const rest = fields.slice(5);
  if (rest.length && rest[0].is(UNIVERSAL, asn1.SEQUENCE)) accuracyValue = accuracy(rest.shift());
  if (rest.length && rest[0].is(UNIVERSAL, asn1.BOOLEAN)) asn1.boolean(rest.shift()); // ordering
  if (rest.length && rest[0].is(UNIVERSAL, asn1.INTEGER)) nonce = asn1.integer(rest.shift());
  if (rest.length && rest[0].is(CONTEXT, 0)) rest.shift(); // the TSA's GeneralName: informative
  if (rest.length && rest[0].is(CONTEXT, 1)) rest.shift(); // extensions
  if (rest.length) throw invalidToken("the token's TSTInfo has fields out of order or unknown");
  if (!genTime.is(UNIVERSAL, asn1.GENERALIZED_TIME)) {
    throw invalidToken("the token's genTime is not a GeneralizedTime");
  }
  const serialNumber = asn1.integer(serial);
  if (serialNumber < 0n || (nonce !== null && nonce < 0n)) {
    throw invalidToken("the token's serial number or nonce is negative");
  }
  const digest = hashAlgorithm(algorithmId.raw);
  return {
    genTime: asn1.time(genTime), serial: serialNumber, policy: asn1.oid(policy), hashAlgorithm: digest,
    messageImprint: asn1.octetString(hashed), nonce, accuracy: accuracyValue,
  };
}

function findSigner(signerId, pool) {
  if (signerId.is(CONTEXT, 0)) {
    for (const c of pool) {
      const id = c.subjectKeyId();
      if (id !== null && bytesEqual(id, signerId.content)) return c;
    }
    return null;
  }
  const [issuer, serial] = asn1.sequence(signerId, 2, 2);
  const number = asn1.integer(serial);
  return pool.find((c) => bytesEqual(c.issuer, issuer.raw) && c.serial === number) ?? null;
}

function parse(token) {
  const [contentType, content] = asn1.sequence(asn1.read(token), 2, 2);
  if (asn1.oid(contentType) !== SIGNED_DATA) {
    throw invalidToken('the token is not a CMS SignedData ContentInfo');
  }
  const signedData = asn1.explicit(content, 0);
  const fields = asn1.sequence(signedData, 4, 6);
  if (asn1.integer(fields[0]) !== 3n) throw invalidToken("the token's SignedData is not version 3");
  const digestAlgorithms = asn1.setOf(fields[1]).map((d) => d.raw);
  const [econtentType, wrapped] = asn1.sequence(fields[2], 2, 2);
  if (asn1.oid(econtentType) !== TST_INFO) {
    throw invalidToken("the token's content is not an RFC 3161 TSTInfo");
  }
  const econtent = asn1.octetString(asn1.explicit(wrapped, 0));
  let certificates = [];
  const rest = fields.slice(3);
  if (rest.length && rest[0].is(CONTEXT, 0)) {
    const items = asn1.expect(rest.shift(), 0, CONTEXT, true).children();
    if (items.length > MAX_CERTIFICATES) {
      throw invalidToken(`the token carries over ${MAX_CERTIFICATES} certificates`);
    }
    certificates = items.filter((item) => item.is(UNIVERSAL, asn1.SEQUENCE))
      .map((item) => parseCertificate(item.raw));
  }
  if (rest.length && rest[0].is(CONTEXT, 1)) rest.shift(); // CRLs: revocation is not checked
  if (rest.length !== 1) throw invalidToken("the token's SignedData has unknown fields");
  const signers = asn1.setOf(rest[0]);
  if (signers.length !== 1) {
    throw invalidToken(`the token has ${signers.length} SignerInfos, not exactly one`);
  }
  const parts = asn1.sequence(signers[0], 5, 7);
  const [version, signerId, digestAlgorithm, attributes] = parts;
  const signerVersion = asn1.integer(version);
  if ((signerVersion !== 1n && signerVersion !== 3n) || !attributes.is(CONTEXT, 0)) {
    throw invalidToken("the token's SignerInfo has no signed attributes");
  }
  if (!(parts[4].is(UNIVERSAL, asn1.SEQUENCE) && (parts.length === 6 || parts.length === 7))) {
    throw invalidToken("the token's SignerInfo is malformed");
  }
  if (!digestAlgorithms.some((d) => bytesEqual(d, digestAlgorithm.raw))) { // RFC 5652 5.1
    throw invalidToken("the token's digestAlgorithms lacks its signer's digest");
  }
  const info = tstInfo(econtent);
  return {
    fields: info, signer: findSigner(signerId, certificates), econtent, certificates, signerId,
    digest: hashAlgorithm(digestAlgorithm.raw), signedAttributes: attributes,
    signatureAlgorithm: parts[4].raw, signature: asn1.octetString(parts[5]),
  };
}

function parseChecked(token) {
  try {
    return parse(token);
  } catch (exc) {
    if (isType(exc, 'InvalidDer', 'InvalidCertificate')) {
      throw invalidToken(`the token is malformed: ${exc.message}`);
    }
    throw exc;
  }
}

function tokenOf(token, fields, tsa, trusted) {
  return Object.freeze({ token, ...fields, tsa, trusted });
}

/** Read a token's fields (for listing); checks its structure, NOT its signature. */
export function parseTimestampToken(token) {
  const parts = parseChecked(token);
  if (parts.signer === null) throw invalidToken('the token carries no certificate of its signer');
  return tokenOf(token, parts.fields, parts.signer, false);
}

function signedAttributes(element) {
  const found = new Map();
  for (const attribute of element.children()) {
    const [kind, values] = asn1.sequence(attribute, 2, 2);
    const name = asn1.oid(kind), items = asn1.setOf(values);
    if (found.has(name) || items.length !== 1) {
      throw invalidToken(`the signed attribute ${name} is repeated or multi-valued`);
    }
    found.set(name, items[0]);
  }
  return found;
}

function checkEss(attributes, signer) {
  const found = [SIGNING_CERTIFICATE_V2, SIGNING_CERTIFICATE].filter((k) => attributes.has(k));
  if (!found.length) {
    throw invalidToken('the token has no ESS signing-certificate attribute (RFC 3161 2.4.1, RFC 5816)');
  }
  for (const kind of found) { // each present names the signer first
    const first = asn1.sequence(asn1.sequence(attributes.get(kind), 1, 2)[0], 1)[0];
    const parts = asn1.sequence(first, 1, 3).slice();
    let digest = 'sha1';
    if (kind === SIGNING_CERTIFICATE_V2) {
      digest = 'sha256';
      if (parts[0].is(UNIVERSAL, asn1.SEQUENCE)) digest = hashAlgorithm(parts.shift().raw);
    }
    if (!parts.length || !bytesEqual(asn1.octetString(parts[0]), HASHES[digest](signer.der))) {
      throw invalidToken("the token's ESS signing-certificate attribute names another certificate");
    }
    if (parts.length === 2) {
      const [names, serial] = asn1.sequence(parts[1], 2, 2);
      const directory = asn1.sequence(names, 1).filter((n) => n.is(CONTEXT, 4));
      if (asn1.integer(serial) !== signer.serial ||
          (directory.length && !bytesEqual(asn1.explicit(directory[0], 4).raw, signer.issuer))) {
        throw invalidToken("the token's ESS issuerSerial is not the signer certificate's");
      }
    }
  }
}

/**
 * Check an RFC 3161 token over `message`; with `roots` (DER certificates; null: none), its
 * TSA's path to one of them. The order and the errors are verify_timestamp_token's: the
 * structure; the imprint; the signer's certificate (in the token, `certificates` or `roots`);
 * contentType, messageDigest and ESS signing certificate; the signature; the signer's critical
 * timeStamping-only EKU and validity at genTime; then, with `roots`, a path (trusted: true).
 */
export async function verifyTimestampToken(token, { message, roots = null, certificates = [] }) {
  const parts = parseChecked(token);
  const { genTime, hashAlgorithm: digest, messageImprint } = parts.fields;
  if (!IMPRINT_HASHES.includes(digest)) {
    throw invalidToken(`the token's imprint uses ${digest}, not one of ${IMPRINT_HASHES.join(', ')}`);
  }
  if (!bytesEqual(HASHES[digest](message), messageImprint)) {
    throw new VerifyError('TimestampImprintMismatch',
      `the token stamps other data: its ${digest} imprint is not the hash of the message`);
  }
  const given = certificates.map((c) => parseCertificate(c));
  const trust = (roots ?? []).map((c) => parseCertificate(c));
  const signer = findSigner(parts.signerId, [...parts.certificates, ...given, ...trust]);
  if (signer === null) {
    throw invalidToken("the token's signer certificate is neither in the token nor among the " +
      "certificates given: pass the TSA's certificate");
  }
  try {
    const attributes = signedAttributes(parts.signedAttributes);
    if (!attributes.has(CONTENT_TYPE) || asn1.oid(attributes.get(CONTENT_TYPE)) !== TST_INFO) {
      throw invalidToken("the token's signed contentType is not TSTInfo");
    }
    if (!attributes.has(MESSAGE_DIGEST) || !bytesEqual(
      asn1.octetString(attributes.get(MESSAGE_DIGEST)), HASHES[parts.digest](parts.econtent))) {
      throw invalidToken("the token's signed messageDigest is not its TSTInfo's");
    }
    checkEss(attributes, signer);
    const signed = parts.signedAttributes.raw.slice(); // signed as SET OF (RFC 5652 5.4)
    signed[0] = 0x31;
    await verifySignature(signer.publicKey, parts.signatureAlgorithm, signed, parts.signature, parts.digest);
  } catch (exc) {
    if (isType(exc, 'InvalidDer', 'InvalidCertificate')) {
      throw invalidToken(`the token's signed attributes or signature do not verify: ${exc.message}`);
    }
    throw exc;
  }
  const usage = signer.extendedKeyUsage();
  if (usage === null || !(usage[0] === true && usage[1].length === 1 && usage[1][0] === TIME_STAMPING)) {
    throw invalidToken(`the signer ${signer.subjectText} is not a TSA certificate: RFC 3161 2.3 ` +
      'requires a critical extendedKeyUsage of timeStamping only');
  }
  try {
    checkValidity(signer, genTime);
  } catch (exc) {
    if (isType(exc, 'InvalidCertificate')) {
      throw invalidToken(`the token's signer certificate: ${exc.message}`);
    }
    throw exc;
  }
  if (roots === null) return tokenOf(token, parts.fields, signer, false);
  try {
    await certificatePath(signer, [...parts.certificates, ...given], trust, genTime);
  } catch (exc) {
    if (isType(exc, 'InvalidCertificate', 'InvalidDer')) {
      throw new VerifyError('UntrustedTimestampAuthority',
        `the TSA ${signer.subjectText} has no valid certificate path to the roots given: ${exc.message}`);
    }
    throw exc;
  }
  return tokenOf(token, parts.fields, signer, true);
}
