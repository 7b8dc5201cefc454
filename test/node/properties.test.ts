// Property-based tests (issue 6), bounded to stay fast on 2 cores. On failure fast-check
// prints the seed and the shrunk counterexample; FC_SEED replays it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ByokError,
  WRAPPING_ALGORITHMS,
  TARGET_KEY_SPECS,
  createKmsClient,
  generateKeyMaterial,
  toPkcs8,
  wrapKeyMaterial,
  type TargetKeySpec,
  type WrappingAlgorithm,
} from '../../src/index.js';
import { createWrappingKey, unwrapMaterial } from '../../src/mock_kms/kms_crypto.js';
import type { ImportParameters, KeyRecord } from '../../src/mock_kms/store.js';
import { encodeEcPkcs8 } from '../../src/target_key/to_pkcs8.js';
import { publicPoint } from '../../src/ec/curves.js';
import { CURVE_PARAMS } from '../../src/ec/params.js';
import { children, readTlv } from '../../src/lib/der.js';
import { fixture, openssl, opensslPkcs8Der } from './helpers/openssl.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 60);
const options = (n = RUNS) => ({ numRuns: n, seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined, interruptAfterTimeLimit: 60_000 });

/** Either a value, or a ByokError — anything else (TypeError, RangeError, a hang) fails. */
async function onlyByokError<T>(f: () => T | Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: ByokError }> {
  try {
    return { ok: true, value: await f() };
  } catch (e) {
    if (!(e instanceof ByokError)) throw new Error(`not a ByokError: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, { cause: e });
    expect(e.code).toMatch(/^ERR_[A-Z_]+$/);
    return { ok: false, error: e };
  }
}

/** Mutations of a valid blob: truncation, bit flips, byte insertion and deletion. */
function mutated(base: Uint8Array) {
  return fc.oneof(
    fc.nat({ max: base.length - 1 }).map((n) => base.slice(0, n)),
    fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 4 }).map((flips) => {
      const b = base.slice();
      for (const [i, bit] of flips) b[i]! ^= 1 << bit;
      return b;
    }),
    fc.tuple(fc.nat({ max: base.length }), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([i, ins]) => new Uint8Array([...base.slice(0, i), ...ins, ...base.slice(i)])),
    fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 1, max: 8 })).map(([i, n]) => new Uint8Array([...base.slice(0, i), ...base.slice(i + n)])),
  );
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const pem = (label: string, b: Uint8Array) => `-----BEGIN ${label}-----\n${b64(b).replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`;
const derOf = (name: string) => new Uint8Array(openssl(['pkey', '-pubin', '-in', fixture(name).pubPath, '-outform', 'DER']));

describe('every public function on random and mutated input: a result or a ByokError', () => {
  const algorithm = fc.constantFrom(...WRAPPING_ALGORITHMS);

  it('wrapKeyMaterial: mutated wrapping public keys (DER, base64, PEM)', async () => {
    const rsa = derOf('rsa2048');
    const sm2 = derOf('sm2wrap');
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated(rsa), mutated(sm2)), fc.constantFrom('der', 'b64', 'pem'), algorithm, async (key, form, wrappingAlgorithm) => {
        const publicKey = form === 'der' ? key : form === 'b64' ? b64(key) : pem('PUBLIC KEY', key);
        const material = wrappingAlgorithm.includes('_ECB') ? fixture(wrappingAlgorithm.startsWith('SM2') ? 'sm2' : 'p256').pem : generateKeyMaterial();
        await onlyByokError(() => wrapKeyMaterial({ publicKey, wrappingAlgorithm, keyMaterial: material }));
      }),
      options(),
    );
  });

  it('createAzureByok: random kid, enc, material and spec', async () => {
    const publicKey = fixture('rsa2048').pubPem;
    const anything = fc.oneof(fc.uint8Array({ maxLength: 600 }), fc.string({ maxLength: 300 }), fc.constant(undefined), fc.integer(), fc.object());
    await fc.assert(
      fc.asyncProperty(anything, anything, anything, fc.option(fc.constantFrom(...TARGET_KEY_SPECS, 'RSA_1024')), async (kid, enc, keyMaterial, targetKeySpec) => {
        const { createAzureByok } = await import('../../src/index.js');
        await onlyByokError(() => createAzureByok({ kid, enc, publicKey, keyMaterial, ...(targetKeySpec ? { targetKeySpec } : {}) } as unknown as Parameters<typeof createAzureByok>[0]));
      }),
      options(),
    );
  });

  it('wrapKeyMaterial: random bytes, strings and option values', async () => {
    const anything = fc.oneof(fc.uint8Array({ maxLength: 600 }), fc.string({ maxLength: 300 }), fc.base64String({ maxLength: 400 }), fc.constant(undefined), fc.integer(), fc.object());
    await fc.assert(
      fc.asyncProperty(anything, anything, fc.oneof(algorithm, fc.string()), fc.option(fc.constantFrom(...TARGET_KEY_SPECS, 'RSA_1024')), async (publicKey, keyMaterial, wrappingAlgorithm, targetKeySpec) => {
        await onlyByokError(() =>
          wrapKeyMaterial({ publicKey, keyMaterial, wrappingAlgorithm, ...(targetKeySpec ? { targetKeySpec } : {}) } as unknown as Parameters<typeof wrapKeyMaterial>[0]),
        );
      }),
      options(),
    );
  });

  it('wrapKeyMaterial: a valid key with random material of any length', async () => {
    const publicKey = b64(derOf('rsa2048'));
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.constantFrom<WrappingAlgorithm>('RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSAES_PKCS1_V1_5'), async (keyMaterial, wrappingAlgorithm) => {
        const r = await onlyByokError(() => wrapKeyMaterial({ publicKey, wrappingAlgorithm, keyMaterial }));
        const fits = (keyMaterial.length === 16 || keyMaterial.length === 32) && !keyMaterial.every((x) => x === keyMaterial[0]);
        expect(r.ok).toBe(fits);
      }),
      options(),
    );
  });

  it('toPkcs8: mutated PKCS#8, PKCS#1 and SEC1 keys (DER and PEM)', async () => {
    const blobs = [
      opensslPkcs8Der(fixture('rsa2048').path),
      opensslPkcs8Der(fixture('p256').path),
      opensslPkcs8Der(fixture('sm2').path),
      openssl(['rsa', '-in', fixture('rsa2048').path, '-traditional', '-outform', 'DER']),
      openssl(['ec', '-in', fixture('p256k').path, '-outform', 'DER']),
      openssl(['ec', '-in', fixture('p256').path, '-param_enc', 'explicit', '-outform', 'DER']),
    ].map((b) => new Uint8Array(b));
    await fc.assert(
      fc.asyncProperty(fc.oneof(...blobs.map((b) => mutated(b))), fc.boolean(), async (der, asPem) => {
        const r = await onlyByokError(() => toPkcs8(asPem ? pem('PRIVATE KEY', der) : der));
        // Whatever it accepts, it accepts again unchanged (idempotent) — and OpenSSL reads it.
        if (r.ok) expect(toPkcs8(r.value.pkcs8)).toEqual(r.value);
      }),
      options(),
    );
  });

  it('toPkcs8: random bytes and strings, huge inputs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 2000 }), fc.string({ maxLength: 500 }), fc.string().map((s) => `-----BEGIN PRIVATE KEY-----\n${s}\n-----END PRIVATE KEY-----`)), async (input) => {
        await onlyByokError(() => toPkcs8(input));
      }),
      options(),
    );
    await onlyByokError(() => toPkcs8(new Uint8Array(4 * 1024 * 1024).fill(0x30)));
    await onlyByokError(() => wrapKeyMaterial({ publicKey: 'A'.repeat(4 * 1024 * 1024), wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: generateKeyMaterial() }));
  });

  it('generateKeyMaterial and createKmsClient on arbitrary arguments', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), fc.anything(), async (bits, opts) => {
        const r = await onlyByokError(() => generateKeyMaterial(bits as 256));
        if (r.ok) expect([16, 32]).toContain(r.value.length);
        await onlyByokError(() => createKmsClient(opts as Parameters<typeof createKmsClient>[0]));
      }),
      options(200),
    );
  });
});

describe('round trips: wrap, then the mock KMS unwraps the same bytes', () => {
  const key = (keySpec: string): KeyRecord => ({
    keyId: 'k', cloud: 'aliyun', region: 'cn-hangzhou', description: '', keySpec, keyUsage: '', material: keySpec.startsWith('Aliyun_') ? 'AES_256' : keySpec,
    origin: 'EXTERNAL', state: 'PendingImport', createdAt: 0, materialExpiresAt: 0, tags: {}, versions: ['v'],
  });
  const paramsFor = async (wrappingAlgorithm: string, spec: 'RSA_2048' | 'EC_SM2'): Promise<ImportParameters> => {
    const w = await createWrappingKey(spec);
    return { token: 't', keyId: 'k', wrappingAlgorithm, wrappingKeySpec: spec, publicKey: w.publicKey, privateKey: w.privateKey, issuedAt: 0, expiresAt: 1 };
  };

  it('symmetric material, every symmetric algorithm', async () => {
    const rsa = await paramsFor('x', 'RSA_2048');
    const sm2 = await paramsFor('SM2PKE', 'EC_SM2');
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 16, maxLength: 16 }).chain((a) => fc.constantFrom(a, new Uint8Array([...a, ...a.map((x) => x ^ 0x5a)]))),
        fc.constantFrom('RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSAES_PKCS1_V1_5', 'SM2PKE'),
        async (material, wrappingAlgorithm) => {
          fc.pre(!material.every((x) => x === material[0]));
          const p = wrappingAlgorithm === 'SM2PKE' ? sm2 : { ...rsa, wrappingAlgorithm };
          const { bytes } = await wrapKeyMaterial({ publicKey: p.publicKey, wrappingAlgorithm: wrappingAlgorithm as WrappingAlgorithm, keyMaterial: material });
          expect(await unwrapMaterial(p, bytes, key('Aliyun_AES_256'))).toEqual(material);
        },
      ),
      options(40),
    );
  });

  it('random EC target keys, every EC spec, in every input form: toPkcs8 is stable and the mock unwraps it', async () => {
    const rsa = await paramsFor('RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', 'RSA_2048');
    const sm2 = await paramsFor('SM2PKE_SM4_ECB', 'EC_SM2');
    const curveOf = { EC_P256: 'P-256', EC_P256K: 'secp256k1', EC_SM2: 'SM2' } as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<TargetKeySpec>('EC_P256', 'EC_P256K', 'EC_SM2'), fc.bigInt({ min: 1n, max: (1n << 256n) - 1n }), async (spec, v) => {
        const curve = curveOf[spec as keyof typeof curveOf];
        const d = Buffer.from((v % (CURVE_PARAMS[curve].n - 1n) + 1n).toString(16).padStart(64, '0'), 'hex');
        const pub = publicPoint(curve, d);
        const pkcs8 = encodeEcPkcs8(spec as 'EC_P256', d, pub);
        const kids = children(pkcs8, readTlv(pkcs8)!)!;
        const sec1 = pkcs8.subarray(kids[2]!.start, kids[2]!.end); // the ECPrivateKey inside (curve known from its point)
        for (const form of [pkcs8, pem('PRIVATE KEY', pkcs8), sec1, pem('EC PRIVATE KEY', sec1)]) {
          expect(toPkcs8(form)).toEqual({ pkcs8, spec });
        }
        const p = spec === 'EC_SM2' ? sm2 : rsa;
        const { bytes } = await wrapKeyMaterial({ publicKey: p.publicKey, wrappingAlgorithm: p.wrappingAlgorithm as WrappingAlgorithm, keyMaterial: pkcs8 });
        expect(await unwrapMaterial(p, bytes, key(spec))).toEqual(pkcs8);
      }),
      options(30),
    );
  });

  it('RSA+AES key wrap: random raw targets of 16–1024 bytes and EC targets unwrap in the mock; any mutation is refused', async () => {
    const params = { sha256: await paramsFor('RSA_AES_KEY_WRAP_SHA_256', 'RSA_2048'), sha1: await paramsFor('RSA_AES_KEY_WRAP_SHA_1', 'RSA_2048') };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.uint8Array({ minLength: 16, maxLength: 1024 }), fc.constantFrom('p256', 'p384', 'p521', 'p256k')),
        fc.constantFrom('sha256', 'sha1') as fc.Arbitrary<'sha256' | 'sha1'>,
        fc.nat(),
        async (target, hash, flip) => {
          const raw = typeof target !== 'string';
          fc.pre(!raw || !target.every((x) => x === target[0]));
          const p = params[hash];
          const { bytes } = await wrapKeyMaterial({ publicKey: p.publicKey, wrappingAlgorithm: p.wrappingAlgorithm as WrappingAlgorithm, keyMaterial: raw ? target : fixture(target).pem });
          const record = key(raw ? 'HMAC_256' : ({ p256: 'EC_P256', p384: 'EC_P384', p521: 'EC_P521', p256k: 'EC_P256K' } as const)[target]);
          const expected = raw ? target : new Uint8Array(opensslPkcs8Der(fixture(target).path));
          expect(await unwrapMaterial(p, bytes, record)).toEqual(expected);
          const bad = bytes.slice();
          bad[flip % bad.length]! ^= 1 << (flip % 8);
          await expect(unwrapMaterial(p, bad, record)).rejects.toMatchObject({ name: 'KmsError' });
        },
      ),
      options(25),
    );
  });

  it('RSA target keys (OpenSSL\'s) round-trip through the mock', async () => {
    const rsa = await paramsFor('RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', 'RSA_2048');
    for (const [name, spec] of [['rsa2048', 'RSA_2048'], ['rsa3072', 'RSA_3072'], ['rsa4096', 'RSA_4096']] as const) {
      const { bytes } = await wrapKeyMaterial({ publicKey: rsa.publicKey, wrappingAlgorithm: 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', keyMaterial: fixture(name).pem });
      expect(Buffer.from(await unwrapMaterial(rsa, bytes, key(spec)))).toEqual(opensslPkcs8Der(fixture(name).path));
    }
  });
});

describe('every public entry point, called with anything at all', () => {
  it('returns, or rejects/throws a ByokError', async () => {
    const { createMockKms } = await import('../../src/mock_kms/index.js');
    const { createAzureByok, generateTargetKey, importKeyMaterial } = await import('../../src/index.js');
    await fc.assert(
      fc.asyncProperty(fc.anything(), fc.anything(), async (a, b) => {
        await onlyByokError(() => toPkcs8(a as string, b as object));
        await onlyByokError(() => wrapKeyMaterial(a as Parameters<typeof wrapKeyMaterial>[0]));
        await onlyByokError(() => createAzureByok(a as Parameters<typeof createAzureByok>[0]));
        await onlyByokError(() => generateTargetKey(a as TargetKeySpec));
        await onlyByokError(() => importKeyMaterial(a as Parameters<typeof importKeyMaterial>[0]));
        await onlyByokError(() => createMockKms(a as object));
        await onlyByokError(() => createKmsClient(a as Parameters<typeof createKmsClient>[0]));
      }),
      options(150),
    );
  });
});
