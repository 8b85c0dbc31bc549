// Mirrors verifier/core/clocks.py: step 9 (bundle v3), each RFC 3161 token over the checkpoint's note.
import { civil } from './der.js';
import { VerifyError } from './errors.js';
import { verifyTimestampToken } from './timestamp.js';

export const TITLE = 'Time-stamped by RFC 3161 TSAs';
const FIVE_MINUTES_MICROS = 5n * 60n * 1000000n;

/**
 * The bytes a checkpoint's tokens time-stamp: its note text without signature lines. Given a
 * whole signed note (text, blank line, signatures), the text ends at its last blank line, as
 * parse_note splits it; given the text alone, it is the text.
 */
export function stampedMessage(note) {
  for (let i = note.length - 2; i >= 0; i--) {
    if (note[i] === 0x0a && note[i + 1] === 0x0a) return note.subarray(0, i + 1);
  }
  return note;
}

/** A genTime (microseconds since 1970, BigInt) as `YYYY-MM-DD HH:MM:SS[.ffffff] UTC`. */
export function stampTime(micros) {
  const [y, mo, d, h, mi, s, us] = civil(micros);
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  let text = `${pad(y, 4)}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}`;
  if (us) text += `.${pad(us, 6)}`.replace(/0+$/, '');
  return text + ' UTC';
}

/** One token in words: its TSA, its time, serial and what its certificate shows. */
export function tokenWords(token, rootsGiven) {
  let trust;
  if (token.trusted) trust = 'its certificate chains to a TSA certificate you named (--tsa-ca)';
  else if (rootsGiven) trust = 'not from a TSA you named: its certificate does not chain to --tsa-ca';
  else trust = "TSA's certificate not checked (pass --tsa-ca FILE)";
  return `TSA ${token.tsa.subjectText} at ${stampTime(token.genTime)} (serial ` +
    `0x${token.serial.toString(16)}, ${token.hashAlgorithm} imprint, policy ${token.policy}); ${trust}`;
}

/**
 * Verify every token over the checkpoint's note, as check_timestamps does; with `roots` (DER
 * certificates, null: none given) one must chain to them. Throws VerifyError
 * (InvalidTimestampToken, TimestampImprintMismatch, UntrustedTimestampAuthority).
 *
 * Returns {check, tokens, checked}: check is verify.py's {step: 9, title, detail} or null when
 * there is no token; tokens are what verify.js reports ({genTimeSeconds, genTimeText, subject,
 * trusted}); checked are the full tokens (timestamp.js's fields, genTime in microseconds).
 * The detail's checkpoint size is `size` when given, otherwise the note text's second line.
 */
export async function checkTimestamps(tokens, noteText, { roots = null, size = null } = {}) {
  const message = stampedMessage(noteText);
  const checked = [];
  for (let number = 1; number <= tokens.length; number++) {
    const der = tokens[number - 1];
    let token;
    try {
      try {
        token = await verifyTimestampToken(der, { message, roots });
      } catch (exc) {
        if (!(exc instanceof VerifyError && exc.type === 'UntrustedTimestampAuthority')) throw exc;
        token = await verifyTimestampToken(der, { message }); // signed, for this checkpoint, by a TSA not named
      }
    } catch (exc) {
      if (!(exc instanceof VerifyError)) throw exc;
      const kind = exc.type === 'TimestampImprintMismatch' ? exc.type : 'InvalidTimestampToken';
      throw new VerifyError(kind, `time-stamp token ${number} of ${tokens.length}: ${exc.message}`);
    }
    checked.push(token);
  }
  if (roots !== null && !checked.some((t) => t.trusted)) {
    if (!checked.length) {
      throw new VerifyError('UntrustedTimestampAuthority',
        'the bundle carries no RFC 3161 time-stamp token, but TSA certificates were ' +
          'given (--tsa-ca): no time-stamp from a TSA you named (leave --tsa-ca out to ' +
          "rely on the chain's time alone)");
    }
    const names = checked.map((t) => `${t.tsa.subjectText} (issued by ${t.tsa.issuerText})`).join('; ');
    throw new VerifyError('UntrustedTimestampAuthority',
      `none of the bundle's ${checked.length} time-stamp token(s) is from a TSA you named ` +
        `(--tsa-ca): they were signed by ${names}`);
  }
  let check = null;
  if (checked.length) {
    const treeSize = size ?? new TextDecoder().decode(message).split('\n')[1];
    const words = checked.map((t) => tokenWords(t, roots !== null)).join('; ');
    const over = `over the checkpoint's note (origin, size ${treeSize}, root)`;
    check = { step: 9, title: TITLE, detail: `${checked.length} token(s) ${over}, signed: ${words}` };
  }
  return {
    check,
    tokens: checked.map((t) => ({
      genTimeSeconds: Number(t.genTime) / 1e6,
      genTimeText: stampTime(t.genTime),
      subject: t.tsa.subjectText,
      trusted: t.trusted,
    })),
    checked,
  };
}

/** verify.py's warning for each token stamped over five minutes before the entry's receipt. */
export function timestampWarnings(checked, receivedAtMillis) {
  return checked
    .filter((t) => t.genTime + FIVE_MINUTES_MICROS < BigInt(receivedAtMillis) * 1000n)
    .map((t) => `TSA ${t.tsa.subjectText} time-stamped the checkpoint at ${stampTime(t.genTime)}, ` +
      'before the log says it received the entry');
}
