// What a third outside review broke (review round 3): bytes read after an await, hex with
// white space read as base64, view accessors and look-alike buffers, RSA wrapping keys
// encoded loosely, a private key or PKCS#12 file wrapped as raw bytes, PEM labels echoed,
// and a client that wrapped under whatever wrapping key a server returned. Every case
// here failed before its fix; OpenSSL proves which bytes were wrapped.
import { describe, expect, it } from 'vitest';
import { createAzureByok, createKmsClient, generateKeyMaterial, importKeyMaterial, toPkcs8, wrapKeyMaterial, type WrapKeyMaterialOptions } from '../../../src/index.js';
import { OAEP_SHA1, OAEP_SHA256, fixture, openssl, opensslKeyWrap, opensslPkcs8Der, pkeyutlDecrypt, spkiDerBase64 } from '../helpers/openssl.js';
import { createPublicKey } from 'node:crypto';
import { bits, cat, fromB64Url, int, oid, seq, tlv } from '../helpers/der.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const rsa2048 = () => fixture('rsa2048');

/** RSA_AES_KEY_WRAP_SHA_* output opened by OpenSSL: OAEP gives the ESK, AES-KWP the target. */
function openRsaAes(bytes: Uint8Array, keyPath: string, k: number, pkeyopts: string[]): Buffer {
  const esk = pkeyutlDecrypt(keyPath, bytes.subarray(0, k), pkeyopts);
  return opensslKeyWrap('unwrap', true, esk, bytes.subarray(k));
}

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('bytes are taken when the call starts: later writes into the caller\'s buffer are never wrapped', () => {
  it('RSA_AES_KEY_WRAP_SHA_256 (its chunk loads before the target is read)', async () => {
    const material = generateKeyMaterial();
    const original = material.slice();
    const pending = wrapKeyMaterial({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', keyMaterial: material });
    material.fill(0x99);
    const { bytes } = await pending;
    expect(hex(openRsaAes(bytes, rsa2048().path, 256, OAEP_SHA256))).toBe(hex(original));
  });

  it('the hybrid algorithm with a DER private key the caller zeroises after the call', async () => {
    const der = new Uint8Array(opensslPkcs8Der(fixture('p256').path));
    const pending = wrapKeyMaterial({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', keyMaterial: der, targetKeySpec: 'EC_P256' });
    der.fill(0);
    await expect(pending).resolves.toMatchObject({ bytes: expect.any(Uint8Array) });
  });

  it('createAzureByok (its chunk loads first)', async () => {
    const der = new Uint8Array(opensslPkcs8Der(fixture('p384').path));
    const original = der.slice();
    const pending = createAzureByok({ kid: 'https://v.vault.azure.net/keys/kek/1', publicKey: spkiDerBase64('rsa2048'), keyMaterial: der, targetKeySpec: 'EC_P384' });
    der.fill(0x41);
    const blob = JSON.parse((await pending).byok) as { ciphertext: string };
    expect(hex(openRsaAes(Buffer.from(blob.ciphertext, 'base64url'), rsa2048().path, 256, OAEP_SHA1))).toBe(hex(original));
  });

  it('importKeyMaterial: one buffer reused for two imports gives each key its own material', async () => {
    const sent: string[] = [];
    const client = {
      cloud: 'tencent' as const,
      getParametersForImport: async () => {
        await new Promise((r) => setTimeout(r, 5));
        return { PublicKey: spkiDerBase64('rsa2048'), ImportToken: 'token', RequestId: 'r' };
      },
      importKeyMaterial: async (args: { EncryptedKeyMaterial: string }) => {
        sent.push(args.EncryptedKeyMaterial);
        return { RequestId: 'r' };
      },
    };
    const buffer = new Uint8Array(32);
    const a = generateKeyMaterial();
    const b = generateKeyMaterial();
    buffer.set(a);
    const first = importKeyMaterial({ client: client as never, keyId: 'k1', keyMaterial: buffer, wrappingAlgorithm: 'RSAES_OAEP_SHA_256' });
    buffer.set(b);
    const second = importKeyMaterial({ client: client as never, keyId: 'k2', keyMaterial: buffer, wrappingAlgorithm: 'RSAES_OAEP_SHA_256' });
    buffer.fill(0);
    await Promise.all([first, second]);
    const opened = sent.map((s) => hex(pkeyutlDecrypt(rsa2048().path, Buffer.from(s, 'base64'), OAEP_SHA256))).sort();
    expect(opened).toEqual([hex(a), hex(b)].sort());
  });
});

describe('hex text with white space is hex; hex of a length no key has is refused, never read as base64', () => {
  const material = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);
  const h = hex(material);
  const wrapped = async (keyMaterial: string) =>
    hex(pkeyutlDecrypt(rsa2048().path, (await wrapKeyMaterial({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial })).bytes, OAEP_SHA256));

  it('`xxd -p` output (60 digits, a line break, 4 digits)', async () => {
    expect(await wrapped(`${h.slice(0, 60)}\n${h.slice(60)}\n`)).toBe(h);
  });

  it('bytes spaced apart, as a dump prints them', async () => {
    expect(await wrapped(h.match(/../g)!.join(' '))).toBe(h);
  });

  it('48 hex digits (24 bytes) are refused as 24 bytes, not taken as 36 bytes of base64', async () => {
    const e = await wrapKeyMaterial({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: h.slice(0, 48) }).catch((x: Error) => x);
    expect(e).toMatchObject({ code: 'ERR_INVALID_KEY_MATERIAL', message: expect.stringContaining('got 24 bytes') });
  });

  it('an odd number of hex digits is refused', async () => {
    expect(await codeOf(wrapKeyMaterial({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', keyMaterial: `${h}0` }))).toBe('ERR_INVALID_KEY_MATERIAL');
  });
});

describe('views are read through the built-in getters; look-alikes are refused', () => {
  const material = generateKeyMaterial();

  it('a Uint8Array subclass lying about byteOffset and byteLength: its real bytes are wrapped', async () => {
    class Lying extends Uint8Array {
      override get byteOffset() {
        return 5;
      }
      override get byteLength() {
        return 999;
      }
    }
    const lying = new Lying(material.length);
    lying.set(material);
    const { bytes } = await wrapKeyMaterial({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: lying });
    expect(hex(pkeyutlDecrypt(rsa2048().path, bytes, OAEP_SHA256))).toBe(hex(material));
    expect(toPkcs8(new (class extends Uint8Array { override get byteOffset() { return 3; } })(opensslPkcs8Der(fixture('p256').path))).spec).toBe('EC_P256');
  });

  it('objects that call themselves an ArrayBuffer are ERR_INVALID_ARGUMENT, not a RangeError or 32 zero bytes', async () => {
    for (const fake of [{ byteLength: 32 }, { byteLength: 32, length: 64 }, { byteLength: -1 }]) {
      Object.defineProperty(fake, Symbol.toStringTag, { value: 'ArrayBuffer' });
      expect(await codeOf(wrapKeyMaterial({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: fake as never }))).toBe('ERR_INVALID_ARGUMENT');
      expect(await codeOf(wrapKeyMaterial({ publicKey: fake as never, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: material }))).toBe('ERR_INVALID_ARGUMENT');
      expect(await codeOf(() => toPkcs8(fake as never))).toBe('ERR_INVALID_ARGUMENT');
    }
  });
});

describe('RSA wrapping keys are read strictly', () => {
  const n = fromB64Url((createPublicKey(rsa2048().pubPem).export({ format: 'jwk' }) as { n: string }).n);
  const wrap = (publicKey: Uint8Array | string, wrappingAlgorithm: WrapKeyMaterialOptions['wrappingAlgorithm'] = 'RSAES_OAEP_SHA_256') =>
    wrapKeyMaterial({ publicKey, wrappingAlgorithm, keyMaterial: generateKeyMaterial() });
  const rsaId = seq(oid('1.2.840.113549.1.1.1'), Uint8Array.of(5, 0));

  it('the well-formed key built here is accepted (so the refusals below are about one change each)', async () => {
    await expect(wrap(seq(rsaId, bits(seq(int(n), int(65537n)))))).resolves.toBeDefined();
  });

  it('a public exponent over 32 bits: ERR_UNSUPPORTED_PUBLIC_KEY naming the exponent, not a vague WebCrypto failure', async () => {
    const e = await wrap(seq(rsaId, bits(seq(int(n), int((1n << 65n) + 1n))))).catch((x: Error) => x);
    expect(e).toMatchObject({ code: 'ERR_UNSUPPORTED_PUBLIC_KEY', message: expect.stringContaining('66-bit public exponent') });
  });

  it('an RSAPublicKey with a third INTEGER, under PKCS#1 v1.5 and OAEP', async () => {
    const key = seq(rsaId, bits(seq(int(n), int(65537n), int(3n))));
    expect(await codeOf(wrap(key, 'RSAES_PKCS1_V1_5'))).toBe('ERR_INVALID_PUBLIC_KEY');
    expect(await codeOf(wrap(key))).toBe('ERR_INVALID_PUBLIC_KEY');
  });

  it('an exponent encoded as a negative INTEGER, and one with a needless leading zero', async () => {
    expect(await codeOf(wrap(seq(rsaId, bits(seq(int(n), tlv(0x02, Uint8Array.of(0x81, 0x00, 0x01)))))))).toBe('ERR_INVALID_PUBLIC_KEY');
    expect(await codeOf(wrap(seq(rsaId, bits(seq(int(n), tlv(0x02, Uint8Array.of(0x00, 0x01, 0x00, 0x01)))))))).toBe('ERR_INVALID_PUBLIC_KEY');
  });

  it('a BIT STRING that declares unused bits', async () => {
    expect(await codeOf(wrap(seq(rsaId, tlv(0x03, cat(Uint8Array.of(1), seq(int(n), int(65537n)))))))).toBe('ERR_INVALID_PUBLIC_KEY');
  });

  it('PEM text holding two public keys is refused, not the first one used', async () => {
    const e = await wrap(rsa2048().pubPem + fixture('rsa4096').pubPem).catch((x: Error) => x);
    expect(e).toMatchObject({ code: 'ERR_INVALID_PUBLIC_KEY', message: expect.stringContaining('two keys') });
    const p = await codeOf(() => toPkcs8(fixture('p256').pem + fixture('p384').pem));
    expect(p).toBe('ERR_INVALID_PRIVATE_KEY');
  });
});

describe('key files are not wrapped as raw key bytes', () => {
  it('RSAES_OAEP_SHA_256 refuses SEC1 and PKCS#8 DER given without a targetKeySpec (and wraps it whole with one)', async () => {
    const sec1 = new Uint8Array(openssl(['ec', '-in', fixture('p256').path, '-outform', 'DER']));
    const pkcs8 = new Uint8Array(opensslPkcs8Der(fixture('p256').path));
    for (const der of [sec1, pkcs8]) {
      const e = await wrapKeyMaterial({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: der }).catch((x: Error) => x);
      expect(e).toMatchObject({ code: 'ERR_INVALID_KEY_MATERIAL', message: expect.stringContaining('targetKeySpec') });
    }
    const { bytes } = await wrapKeyMaterial({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: sec1, targetKeySpec: 'EC_P256' });
    expect(hex(pkeyutlDecrypt(rsa2048().path, bytes, OAEP_SHA256))).toBe(hex(pkcs8));
  });

  it('a PKCS#12 file is named as one under RSA_AES_KEY_WRAP_SHA_256', async () => {
    const p12 = new Uint8Array(openssl(['pkcs12', '-export', '-nocerts', '-inkey', fixture('p256').path, '-passout', 'pass:x']));
    const e = await wrapKeyMaterial({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', keyMaterial: p12 }).catch((x: Error) => x);
    expect(e).toMatchObject({ code: 'ERR_INVALID_KEY_MATERIAL', message: expect.stringContaining('PKCS#12') });
  });
});

describe('caller text in error messages', () => {
  it('a PEM label is quoted only when it looks like a label', async () => {
    const needle = 'C0FFEE5ECC0FFEE5ECC0FFEE5EC';
    const text = `-----BEGIN ${needle}-----\nAAAA\n-----END ${needle}-----\n`;
    for (const run of [async () => toPkcs8(text) as unknown, () => wrapKeyMaterial({ publicKey: text, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: generateKeyMaterial() })]) {
      const e = await Promise.resolve().then(run).catch((x: Error) => x);
      expect(e).toMatchObject({ code: expect.stringMatching(/^ERR_/) });
      expect(String((e as Error).message)).not.toContain(needle);
    }
  });
});

describe('the client', () => {
  it('arguments JSON cannot carry (a BigInt, a cycle, a symbol) are ERR_INVALID_ARGUMENT, and nothing is sent', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    let requests = 0;
    const fetch = async () => {
      requests++;
      return new Response('{}');
    };
    for (const cloud of ['tencent', 'aliyun', 'aws'] as const) {
      const client = createKmsClient({ cloud, endpoint: 'https://kms.example.test/', fetch });
      expect(await codeOf(client.request('CreateKey', { Tags: cyclic }))).toBe('ERR_INVALID_ARGUMENT');
      expect(await codeOf(client.request('CreateKey', { Tags: [{ Big: 1n }] }))).toBe('ERR_INVALID_ARGUMENT');
      if (cloud === 'aliyun') expect(await codeOf(client.request('CreateKey', { S: Symbol('s') }))).toBe('ERR_INVALID_ARGUMENT');
      else expect(await codeOf(client.request('CreateKey', { Big: 1n }))).toBe('ERR_INVALID_ARGUMENT');
    }
    expect(requests).toBe(0);
  });

  it('importKeyMaterial checks the material before asking for a token: bad material costs no request', async () => {
    let calls = 0;
    const client = {
      cloud: 'tencent' as const,
      getParametersForImport: async () => {
        calls++;
        return { PublicKey: spkiDerBase64('rsa2048'), ImportToken: 't' };
      },
      importKeyMaterial: async () => void calls++,
    };
    const run = (keyMaterial: unknown, wrappingAlgorithm: string, targetKeySpec?: string) =>
      codeOf(importKeyMaterial({ client: client as never, keyId: 'k', keyMaterial: keyMaterial as Uint8Array, wrappingAlgorithm: wrappingAlgorithm as never, ...(targetKeySpec ? { targetKeySpec: targetKeySpec as never } : {}) }));
    expect(await run(new Uint8Array(20).fill(1).map((x, i) => x + i), 'RSAES_OAEP_SHA_256')).toBe('ERR_INVALID_KEY_MATERIAL');
    expect(await run('not key material at all!', 'RSA_AES_KEY_WRAP_SHA_256')).toBe('ERR_INVALID_KEY_MATERIAL');
    expect(await run(fixture('p256').pem, 'SM2PKE_SM4_ECB')).toBe('ERR_KEY_SPEC_MISMATCH');
    expect(await run(fixture('rsa2048').pem, 'RSAES_OAEP_SHA_256')).toBe('ERR_KEY_SPEC_MISMATCH');
    expect(await run(generateKeyMaterial(), 'RSAES_OAEP_SHA_999')).toBe('ERR_INVALID_ARGUMENT');
    expect(calls).toBe(0);
  });

  it('importKeyMaterial refuses a wrapping key other than the WrappingKeySpec it asked for, and imports nothing', async () => {
    let imports = 0;
    const client = {
      cloud: 'aws' as const,
      getParametersForImport: async (args: { WrappingKeySpec: string }) => ({ PublicKey: spkiDerBase64(args.WrappingKeySpec === 'RSA_4096' ? 'rsa2048' : 'rsa4096'), ImportToken: 't' }),
      importKeyMaterial: async () => void imports++,
    };
    const e = await importKeyMaterial({ client: client as never, keyId: 'k', keyMaterial: generateKeyMaterial(), wrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256' }).catch((x: Error) => x);
    expect(e).toMatchObject({ code: 'ERR_UNSUPPORTED_PUBLIC_KEY', message: expect.stringContaining('RSA_4096') });
    const sm2 = await importKeyMaterial({ client: { ...client, cloud: 'tencent' } as never, keyId: 'k', keyMaterial: generateKeyMaterial(128), wrappingAlgorithm: 'SM2PKE' }).catch((x: Error) => x);
    expect(sm2).toMatchObject({ code: 'ERR_UNSUPPORTED_PUBLIC_KEY', message: expect.stringContaining('EC_SM2') });
    expect(imports).toBe(0);
  });
});

