// The files a console takes (or a person keeps), made from the table's ConsoleFile rows:
// `of` names the source (wrapped output, import token, key material), `as` its encoding.
import { toPkcs8 } from '../src/index.js';
import { fromBase64, fromHex, toBase64 } from '../src/lib/bytes.js';
import type { ConsoleFile, Target } from './clouds.js';
import { DemoError } from './messages.js';
import { toPem, type DownloadFile } from './ui.js';

/** Key material as bytes: raw symmetric bytes, or a private key as PKCS#8 DER. */
export interface Material {
  kind: Target['kind'];
  bytes: Uint8Array;
}

/**
 * The material a text box holds, as the library reads it (base64 or hex for symmetric
 * material; PEM or base64 DER, PKCS#8/PKCS#1/SEC1, for a private key). Undefined when
 * the box is empty; a DemoError naming the problem when it cannot be read.
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
  const bytes = /^([0-9a-fA-F]{32}|[0-9a-fA-F]{64})$/.test(t) ? fromHex(t) : fromBase64(t);
  if (!bytes) throw new DemoError('Symmetric key material is read as base64 or hex; this is neither.');
  return { kind: 'symmetric', bytes };
}

export interface FileSources {
  wrapped?: Uint8Array;
  token?: string;
  material?: Material;
}

/** One maker per `of`/`as` pair in use. A new kind of console file is one entry here. */
const FILE_MAKERS: Record<ConsoleFile['as'], (bytes: Uint8Array, text: string | undefined) => Uint8Array | string> = {
  base64: (bytes) => toBase64(bytes),
  binary: (bytes) => bytes,
  text: (_bytes, text) => text ?? '',
  pem: (bytes) => toPem('PRIVATE KEY', bytes),
  der: (bytes) => bytes,
};

/** The token's bytes: a binary token (AWS ImportToken.bin) is carried here as its base64. */
const tokenBytes = (token: string) => fromBase64(token) ?? new TextEncoder().encode(token);

export function makeFiles(files: ConsoleFile[], sources: FileSources): DownloadFile[] {
  return files.flatMap((f) => {
    if (f.of === 'token' && !sources.token) return [];
    const bytes = f.of === 'wrapped' ? sources.wrapped : f.of === 'material' ? sources.material?.bytes : tokenBytes(sources.token!);
    if (!bytes) return [];
    return [{ name: f.name, label: f.label, content: FILE_MAKERS[f.as](bytes, f.of === 'token' ? sources.token : undefined) }];
  });
}
