// The files a console takes (or a person keeps), made from the table's ConsoleFile rows:
// `of` names the source (wrapped output, import token, key material), `as` its encoding.
import { generateKeyMaterial, generateTargetKey, INPUT_LIMITS, toPkcs8 } from '../src/index.js';
import { fromBase64, fromHex, toBase64 } from '../src/lib/bytes.js';
import { fitsLengths, targetLengths, type ConsoleFile, type Target } from './clouds.js';
import { DemoError } from './messages.js';
import { toPem, type DownloadFile } from './ui.js';

/** Key material as bytes: raw symmetric bytes, or a private key as PKCS#8 DER. */
export interface Material {
  kind: Target['kind'];
  bytes: Uint8Array;
}

/**
 * The material a text box holds, as the library reads it (base64 or hex for symmetric
 * material; PEM or base64 DER,
 * PKCS#8/PKCS#1/SEC1, for a private key). Undefined when the box is empty; a DemoError
 * naming the problem when it cannot be read.
 */
export function readMaterial(text: string, target: Target): Material | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (target.kind === 'private-key') {
    try {
      return { kind: 'private-key', bytes: toPkcs8(t).pkcs8 };
    } catch (e) {
      throw new DemoError(`This is not a private key the library can read: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  // Never decoded past the library's own cap: 20 MB pasted is refused, not offered as a 15 MB "keep" file.
  if (t.length > INPUT_LIMITS.materialText) {
    throw new DemoError(`Symmetric key material is read as base64 or hex of at most ${INPUT_LIMITS.materialText} characters (INPUT_LIMITS.materialText); this is ${t.length} characters.`);
  }
  // Hex digits are hex when they make a length this key type takes, or an AES key's (a
  // person who typed 32 hex digits for a 256-bit key means 16 bytes): base64 of random
  // bytes is all hex digits with a chance of (22/64)^length, never in practice.
  const hex = /^[0-9a-fA-F]+$/.test(t) && t.length % 2 === 0 && (fitsLengths(t.length / 2, targetLengths(target)) || [16, 24, 32].includes(t.length / 2));
  const bytes = hex ? fromHex(t) : fromBase64(t);
  if (!bytes) throw new DemoError('Symmetric key material is read as base64 or hex; this is neither.');
  return { kind: 'symmetric', bytes };
}

/**
 * New material for a key type, as the text box holds it: a private key as PKCS#8 PEM, or
 * symmetric material as base64 (generateKeyMaterial for 128 and 256 bits, otherwise the
 * same crypto.getRandomValues for the length the key type takes).
 */
export async function generateMaterial(target: Target): Promise<string> {
  if (target.kind === 'private-key') {
    const { privateKey } = await generateTargetKey(target.spec);
    const pem = toPem('PRIVATE KEY', privateKey);
    privateKey.fill(0);
    return pem;
  }
  const bytes = target.bits === 128 || target.bits === 256 ? generateKeyMaterial(target.bits) : crypto.getRandomValues(new Uint8Array(target.bits / 8));
  const text = toBase64(bytes);
  bytes.fill(0);
  return text;
}

export interface FileSources {
  wrapped?: Uint8Array;
  token?: string;
  material?: Material;
  /** Azure: the .byok file's JSON text. */
  byok?: string;
  /** The body of the cloud's import request. */
  request?: object;
}

/** One maker per `as` in use. A new kind of console file is one entry here. */
const FILE_MAKERS: Record<ConsoleFile['as'], (bytes: Uint8Array, text: string | undefined) => Uint8Array | string> = {
  base64: (bytes) => toBase64(bytes),
  binary: (bytes) => bytes,
  text: (_bytes, text) => text ?? '',
  pem: (bytes) => toPem('PRIVATE KEY', bytes),
  der: (bytes) => bytes,
  json: (_bytes, text) => text ?? '',
};

/** The token's bytes: a binary token (AWS ImportToken.bin) is carried here as its base64, and never written as its text. */
const tokenBytes = (token: string) => {
  const bytes = fromBase64(token);
  if (!bytes) throw new DemoError('A binary import token is carried as its base64; this is not base64.');
  return bytes;
};

/** The request body as a person reads and sends it: JSON, two-space indented. */
export const requestText = (request: object): string => `${JSON.stringify(request, null, 2)}\n`;

/** What a file is made of: its bytes, and its text where it is text (token, .byok, request). */
function sourceOf(f: ConsoleFile, s: FileSources): { bytes: Uint8Array; text?: string } | undefined {
  switch (f.of) {
    case 'wrapped':
      return s.wrapped && { bytes: s.wrapped };
    case 'material':
      return s.material && { bytes: s.material.bytes };
    case 'token':
      return s.token ? { bytes: f.as === 'binary' ? tokenBytes(s.token) : new TextEncoder().encode(s.token), text: s.token } : undefined;
    case 'byok':
      return s.byok === undefined ? undefined : { bytes: new TextEncoder().encode(s.byok), text: s.byok };
    case 'request': {
      if (!s.request) return undefined;
      const text = requestText(s.request);
      return { bytes: new TextEncoder().encode(text), text };
    }
  }
}

export function makeFiles(files: ConsoleFile[], sources: FileSources): DownloadFile[] {
  return files.flatMap((f) => {
    const source = sourceOf(f, sources);
    return source ? [{ name: f.name, label: f.label, content: FILE_MAKERS[f.as](source.bytes, source.text) }] : [];
  });
}
