// Reading key inputs as users bring them: PEM text, base64 DER (what the KMS APIs
// return, SPEC §2), or raw DER bytes.
import { ByokError, type ByokErrorCode } from '../errors.js';
import { fromBase64, isBytes } from './bytes.js';

export interface KeyInput {
  der: Uint8Array;
  /** The PEM label (`PUBLIC KEY`, `RSA PRIVATE KEY`, ...) when the input was PEM. */
  label?: string;
  /** True for legacy OpenSSL encrypted PEM (`Proc-Type: 4,ENCRYPTED`). */
  encrypted?: boolean;
}

const PEM_RE = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

export function readKeyInput(input: unknown, what: string, code: ByokErrorCode): KeyInput {
  if (isBytes(input)) {
    if (input.length === 0) throw new ByokError(code, `${what} is empty`);
    // PEM text handed over as bytes (a file read with FileReader.readAsArrayBuffer).
    if (input[0] === 0x2d /* - */) return readKeyInput(new TextDecoder().decode(input), what, code);
    return { der: input };
  }
  if (typeof input !== 'string') {
    throw new ByokError('ERR_INVALID_ARGUMENT', `${what} must be a string (PEM or base64 DER) or a Uint8Array (DER)`);
  }
  const text = input.trim();
  if (text.length === 0) throw new ByokError(code, `${what} is empty`);
  if (text.includes('-----BEGIN')) {
    // `openssl ecparam -genkey` writes an EC (or SM2) PARAMETERS block before the key: skip it.
    const m = [...text.matchAll(PEM_RE)].find((b) => !b[1]!.endsWith(' PARAMETERS'));
    if (!m) throw new ByokError(code, `${what} looks like PEM but has no matching BEGIN/END lines`);
    const label = m[1]!;
    let body = m[2]!;
    const encrypted = /Proc-Type:\s*4,ENCRYPTED/.test(body);
    // RFC 1421 headers ("Proc-Type: ...", "DEK-Info: ...") end at a blank line.
    if (/^\s*[A-Za-z-]+:/.test(body)) body = body.replace(/^[\s\S]*?\r?\n\s*\r?\n/, '');
    if (encrypted) return { der: new Uint8Array(0), label, encrypted };
    const der = fromBase64(body);
    if (!der) throw new ByokError(code, `${what}: the PEM body is not valid base64`);
    return { der, label };
  }
  const der = fromBase64(text);
  if (!der) {
    throw new ByokError(code, `${what} is neither PEM nor base64: paste the value exactly as the KMS or console gave it`);
  }
  return { der };
}

