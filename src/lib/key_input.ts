// Reading key inputs as users bring them: PEM text, base64 DER (what the KMS APIs
// return, SPEC §2), or raw DER bytes in any view. Every scan here is linear and every
// input is capped (issue 11.2); the DER returned is always a fresh copy (issue 11.1).
import { ByokError, type ByokErrorCode } from '../errors.js';
import { bytesView, clean, copyBytes, fromBase64 } from './bytes.js';
import { INPUT_LIMITS, limitText } from './limits.js';
import { secret, type SecretSite } from './secrets.js';

export interface KeyInput {
  /** The DER, in a buffer of its own: the caller overwrites it when it holds a secret. */
  der: Uint8Array;
  /** The PEM label (`PUBLIC KEY`, `RSA PRIVATE KEY`, ...) when the input was PEM. */
  label?: string;
  /** True for legacy OpenSSL encrypted PEM (`Proc-Type: 4,ENCRYPTED`). */
  encrypted?: boolean;
}

const BEGIN = '-----BEGIN ';
const DASHES = '-----';
// RFC 7468 §3: a label is printable characters, here the upper-case words OpenSSL writes.
const LABEL = /^[A-Z0-9]+(?: [A-Z0-9]+)*$/;

/**
 * @param site where the DER counts as a secret (private keys), so the zeroization seam sees it.
 */
export function readKeyInput(input: unknown, what: string, code: ByokErrorCode, site?: SecretSite, skip: readonly string[] = []): KeyInput {
  const mark = (der: Uint8Array) => (site ? secret(site, der) : der);
  const view = bytesView(input);
  if (view) {
    if (view.length === 0) throw new ByokError(code, `${what} is empty`);
    if (view.length > INPUT_LIMITS.keyText) throw tooLarge(what, code, view.length, 'bytes', 'keyText');
    const bytes = mark(copyBytes(view));
    // PEM text handed over as bytes (a file read with FileReader.readAsArrayBuffer), with
    // whatever precedes its first block: a BOM, blank lines, `Bag Attributes` lines.
    const text = pemTextOf(bytes);
    if (text !== undefined) {
      clean(bytes);
      return readText(text, what, code, mark, skip);
    }
    if (bytes.length > INPUT_LIMITS.keyDer) {
      clean(bytes);
      throw tooLarge(what, code, bytes.length, 'bytes of DER', 'keyDer');
    }
    return { der: bytes };
  }
  if (typeof input !== 'string') {
    throw new ByokError('ERR_INVALID_ARGUMENT', `${what} must be a string (PEM or base64 DER) or bytes (DER in any ArrayBufferView or an ArrayBuffer)`);
  }
  return readText(input, what, code, mark, skip);
}

const PEM_BEGIN_BYTES = new TextEncoder().encode(BEGIN);

/** Whether `bytes` hold "-----BEGIN " anywhere: one pass for its first byte, then a compare. */
function hasPemBegin(bytes: Uint8Array): boolean {
  outer: for (let i = bytes.indexOf(0x2d); i >= 0 && i + PEM_BEGIN_BYTES.length <= bytes.length; i = bytes.indexOf(0x2d, i + 1)) {
    for (let j = 1; j < PEM_BEGIN_BYTES.length; j++) if (bytes[i + j] !== PEM_BEGIN_BYTES[j]) continue outer;
    return true;
  }
  return false;
}

/** The text of bytes that hold a PEM block anywhere (UTF-8, a BOM dropped), else undefined. */
export function pemTextOf(bytes: Uint8Array): string | undefined {
  return hasPemBegin(bytes) ? new TextDecoder().decode(bytes) : undefined; // TextDecoder drops a leading BOM
}

/** True for PEM text, or PEM text handed over as bytes. Reads the caller's bytes in place:
 * no copy of what may be secret key material is left behind. */
export function isPemInput(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(BEGIN);
  const view = bytesView(value);
  return view !== undefined && view.length > 0 && view.length <= INPUT_LIMITS.keyText && hasPemBegin(view);
}

function readText(input: string, what: string, code: ByokErrorCode, mark: (der: Uint8Array) => Uint8Array, skip: readonly string[]): KeyInput {
  if (input.length > INPUT_LIMITS.keyText) throw tooLarge(what, code, input.length, 'characters', 'keyText');
  const text = input.trim();
  if (text.length === 0) throw new ByokError(code, `${what} is empty`);
  if (text.includes(BEGIN)) return readPem(text, what, code, mark, skip);
  const der = fromBase64(text);
  if (!der) throw new ByokError(code, `${what} is neither PEM nor base64: paste the value exactly as the KMS or console gave it`);
  mark(der);
  if (der.length > INPUT_LIMITS.keyDer) {
    clean(der);
    throw tooLarge(what, code, der.length, 'bytes of DER', 'keyDer');
  }
  return { der };
}

/**
 * The one PEM block (RFC 7468) that is not a `… PARAMETERS` block (`openssl ecparam
 * -genkey` writes one before the key) nor one of the `skip` labels (a private key's reader
 * skips the certificates `openssl pkcs12 -nodes` writes first). Text holding two keys is
 * refused rather than guessed from. One pass: each indexOf starts where the last ended.
 */
function readPem(text: string, what: string, code: ByokErrorCode, mark: (der: Uint8Array) => Uint8Array, skip: readonly string[]): KeyInput {
  const malformed = (why: string) => new ByokError(code, `${what} looks like PEM but ${why}`);
  let cursor = 0;
  let found: { label: string; body: string } | undefined;
  for (let blocks = 1; ; blocks++) {
    const begin = text.indexOf(BEGIN, cursor);
    if (begin < 0) break;
    if (blocks > INPUT_LIMITS.pemBlocks) throw new ByokError(code, `${what} has more than ${INPUT_LIMITS.pemBlocks} PEM blocks; ${limitText('pemBlocks', 'blocks')}`);
    const labelStart = begin + BEGIN.length;
    const labelEnd = text.indexOf(DASHES, labelStart);
    const label = labelEnd < 0 || labelEnd - labelStart > 64 ? '' : text.slice(labelStart, labelEnd);
    if (!LABEL.test(label)) {
      if (found) break; // text after the key that merely looks like a block
      throw malformed('its BEGIN line is malformed');
    }
    const bodyStart = labelEnd + DASHES.length;
    const endLine = `-----END ${label}-----`;
    const end = text.indexOf(endLine, bodyStart);
    if (end < 0) {
      if (found) break;
      throw malformed(`has no matching END line for ${showLabel(label)}`);
    }
    cursor = end + endLine.length;
    if (label.endsWith(' PARAMETERS') || skip.includes(label)) continue;
    if (found) throw new ByokError(code, `${what} holds two keys (${showLabel(found.label)} and ${showLabel(label)}): pass exactly one`);
    found = { label, body: text.slice(bodyStart, end) };
  }
  if (!found) throw malformed(skip.length ? 'has no key block (only parameters or certificates)' : 'has no key block (only parameter blocks)');
  return pemBody(found.body, found.label, what, code, mark);
}

/**
 * A PEM label as an error message may quote it: every word short, as labels are
 * ("ENCRYPTED PRIVATE KEY"); anything else might carry a secret and is only measured
 * (the rule of errors.ts `show`).
 */
export function showLabel(label: string): string {
  return label.split(' ').every((w) => w.length <= 12) ? `"${label}"` : `a ${label.length}-character PEM label`;
}

function pemBody(body: string, label: string, what: string, code: ByokErrorCode, mark: (der: Uint8Array) => Uint8Array): KeyInput {
  // RFC 1421 headers ("Proc-Type: 4,ENCRYPTED", "DEK-Info: …") end at the first blank line.
  const lines = body.split('\n');
  let first = 0;
  while (first < lines.length && lines[first]!.trim() === '') first++;
  let encrypted = false;
  if (first < lines.length && /^[A-Za-z-]+:/.test(lines[first]!)) {
    let i = first;
    for (; i < lines.length && lines[i]!.trim() !== ''; i++) if (/^Proc-Type:\s*4,ENCRYPTED/.test(lines[i]!)) encrypted = true;
    first = i;
  }
  if (encrypted) return { der: new Uint8Array(0), label, encrypted };
  const der = fromBase64(lines.slice(first).join('\n'));
  if (!der) throw new ByokError(code, `${what}: the PEM body is not valid base64`);
  mark(der);
  if (der.length > INPUT_LIMITS.keyDer) {
    clean(der);
    throw tooLarge(what, code, der.length, 'bytes of DER', 'keyDer');
  }
  return { der, label };
}

function tooLarge(what: string, code: ByokErrorCode, size: number, unit: string, limit: 'keyText' | 'keyDer'): ByokError {
  return new ByokError(code, `${what} is ${size} ${unit}, too large for a key: ${limitText(limit, limit === 'keyText' ? 'characters or bytes' : 'bytes')}`);
}
