// Issue 11: the property suites feed hostile input, not only what our own generators make —
// views at random offsets in every shape, huge and malformed PEM, inconsistent keys — and
// check the outcome independently (node:crypto opens what was wrapped).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { constants, createPrivateKey, generateKeyPairSync, privateDecrypt } from 'node:crypto';
import { ByokError, INPUT_LIMITS, toPkcs8, wrapKeyMaterial } from '../../../src/index.js';
import { fromB64Url, int, octets, oid, rsaPrivateKey, seq, type RsaFields } from '../helpers/der.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 60);
const options = (n = RUNS) => ({ numRuns: n, seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined });

async function outcome<T>(f: () => T | Promise<T>): Promise<T | ByokError> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof ByokError) return e;
    throw new Error(`not a ByokError: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
}

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));

/** The same bytes inside a larger buffer at a random offset, in a random view shape. */
const viewOf = (bytes: Uint8Array) =>
  fc.tuple(fc.nat({ max: 64 }), fc.nat({ max: 64 }), fc.uint8Array({ minLength: 128, maxLength: 128 }), fc.constantFrom('u8', 'dataview', 'buffer', 'arraybuffer', 'u16')).map(([before, after, junk, shape]) => {
    const backing = new Uint8Array(before + bytes.length + after + 2);
    for (let i = 0; i < backing.length; i++) backing[i] = junk[i % junk.length]!;
    const at = shape === 'u16' ? before + (before % 2) : before;
    backing.set(bytes, at);
    if (shape === 'u8') return new Uint8Array(backing.buffer, at, bytes.length);
    if (shape === 'dataview') return new DataView(backing.buffer, at, bytes.length);
    if (shape === 'buffer') return Buffer.from(backing.buffer, at, bytes.length);
    if (shape === 'u16' && bytes.length % 2 === 0) return new Uint16Array(backing.buffer, at, bytes.length / 2);
    return backing.slice(at, at + bytes.length).buffer;
  });

describe('views at random offsets: exactly the bytes they cover are wrapped', () => {
  it('material and public key in random shapes; node:crypto decrypts the material', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((m) => !m.every((b) => b === m[0])).chain((m) => fc.tuple(fc.constant(m), viewOf(m), viewOf(spki))),
        async ([material, materialView, keyView]) => {
          const { bytes } = await wrapKeyMaterial({ publicKey: keyView as Uint8Array, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: materialView as Uint8Array });
          const opened = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, bytes);
          expect(Buffer.from(opened).equals(Buffer.from(material))).toBe(true);
        },
      ),
      options(),
    );
  });
});

describe('hostile PEM: whatever the text, a result or a ByokError, never a hang', () => {
  const label = fc.oneof(fc.constantFrom('PUBLIC KEY', 'PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PARAMETERS', 'EC PRIVATE KEY', 'CERTIFICATE'), fc.string({ maxLength: 70 }));
  const line = fc.oneof(
    label.map((l) => `-----BEGIN ${l}-----`),
    label.map((l) => `-----END ${l}-----`),
    fc.constantFrom('Proc-Type: 4,ENCRYPTED', 'DEK-Info: AES-128-CBC,00', '', '-----', '-----BEGIN', '====='),
    fc.base64String({ maxLength: 80 }),
    fc.string({ maxLength: 80 }),
  );
  const text = fc.tuple(fc.array(line, { maxLength: 60 }), fc.nat({ max: 4000 })).map(([lines, repeat]) => {
    const block = lines.join('\n');
    return block.length === 0 ? '' : block.repeat(Math.max(1, Math.min(repeat, Math.floor((INPUT_LIMITS.keyText * 2) / (block.length + 1)))));
  });

  it('as a private key and as a wrapping public key, as text and as bytes', async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.boolean(), async (t, asBytes) => {
        const input = asBytes ? new TextEncoder().encode(t) : t;
        await outcome(() => toPkcs8(input));
        await outcome(() => wrapKeyMaterial({ publicKey: input, wrappingAlgorithm: 'RSAES_PKCS1_V1_5', keyMaterial: new Uint8Array(32).map((_, i) => i) }));
      }),
      options(),
    );
  });
});

describe('inconsistent keys: any change to one RSA field, or a foreign EC public key, is refused', () => {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as Record<string, string>;
  const rsa: RsaFields = { n: fromB64Url(jwk.n!), e: fromB64Url(jwk.e!), d: fromB64Url(jwk.d!), p: fromB64Url(jwk.p!), q: fromB64Url(jwk.q!), dp: fromB64Url(jwk.dp!), dq: fromB64Url(jwk.dq!), qi: fromB64Url(jwk.qi!) };

  it('an RSA private key with any field off by a small even amount', async () => {
    expect(toPkcs8(rsaPrivateKey(rsa)).spec).toBe('RSA_2048');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<keyof RsaFields>('n', 'e', 'd', 'dp', 'dq', 'qi'), fc.integer({ min: 1, max: 1000 }), fc.boolean(), fc.boolean(), async (field, k, down, pkcs8) => {
        const delta = BigInt(2 * k) * (down ? -1n : 1n);
        const der = rsaPrivateKey({ ...rsa, [field]: rsa[field] + delta });
        const input = pkcs8 ? seq(int(0n), seq(oid('1.2.840.113549.1.1.1'), Uint8Array.of(5, 0)), octets(der)) : der;
        const r = await outcome(() => toPkcs8(input));
        expect(r).toBeInstanceOf(ByokError);
        expect(['ERR_INVALID_PRIVATE_KEY', 'ERR_UNSUPPORTED_PRIVATE_KEY']).toContain((r as ByokError).code);
      }),
      options(),
    );
  });

  it('an EC key (P-256, P-384, secp256k1) whose public key belongs to another scalar', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('prime256v1', 'secp384r1', 'secp256k1'), async (curve) => {
        const a = createPrivateKey(generateKeyPairSync('ec', { namedCurve: curve }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
        const b = generateKeyPairSync('ec', { namedCurve: curve }).privateKey;
        const pa = a.export({ format: 'jwk' }) as Record<string, string>;
        const pb = b.export({ format: 'jwk' }) as Record<string, string>;
        const franken = createPrivateKey({ key: { ...pa, x: pb.x, y: pb.y }, format: 'jwk' }).export({ type: 'sec1', format: 'der' });
        const r = await outcome(() => toPkcs8(new Uint8Array(franken)));
        expect(r).toBeInstanceOf(ByokError);
        expect((r as ByokError).message).toMatch(/does not belong/);
      }),
      options(12),
    );
  });
});
