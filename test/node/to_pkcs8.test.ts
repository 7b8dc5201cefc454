// toPkcs8 normalises what users bring to OpenSSL's own `pkcs8 -topk8 -nocrypt`
// output; generateTargetKey's keys load in OpenSSL and WebCrypto (issue 3).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { ByokError, TARGET_KEY_SPECS, generateTargetKey, toPkcs8, wrapKeyMaterial, type TargetKeySpec } from '../../src/index.js';
import { fixture, openssl, opensslPkcs8Der, tmp } from './helpers/openssl.js';

const FIXTURES: [string, TargetKeySpec, 'rsa' | 'ec'][] = [
  ['rsa2048', 'RSA_2048', 'rsa'],
  ['rsa3072', 'RSA_3072', 'rsa'],
  ['rsa4096', 'RSA_4096', 'rsa'],
  ['p256', 'EC_P256', 'ec'],
  ['p256k', 'EC_P256K', 'ec'],
  ['sm2', 'EC_SM2', 'ec'],
];

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe.each(FIXTURES)('%s', (name, spec, family) => {
  const expected = () => hex(opensslPkcs8Der(fixture(name).path));
  const variants = (): [string, string | Uint8Array][] => {
    const path = fixture(name).path;
    const tool = family === 'rsa' ? 'rsa' : 'ec';
    const traditional = family === 'rsa' ? ['-traditional'] : [];
    const out: [string, string | Uint8Array][] = [
      ['PKCS#8 PEM', fixture(name).pem],
      ['PKCS#8 DER', new Uint8Array(opensslPkcs8Der(path))],
      [`${family === 'rsa' ? 'PKCS#1' : 'SEC1'} PEM`, openssl([tool, '-in', path, ...traditional]).toString()],
      [`${family === 'rsa' ? 'PKCS#1' : 'SEC1'} DER`, new Uint8Array(openssl([tool, '-in', path, ...traditional, '-outform', 'DER']))],
    ];
    if (family === 'ec') {
      out.push(['SEC1 explicit parameters', openssl(['ec', '-in', path, '-param_enc', 'explicit']).toString()]);
      // `openssl ecparam -genkey` writes an EC PARAMETERS block before the key.
      const params = openssl(['ec', '-in', path, '-param_out']).toString();
      out.push(['EC PARAMETERS block then SEC1', params + openssl(['ec', '-in', path]).toString()]);
    }
    return out;
  };

  it('every input form gives OpenSSL\'s PKCS#8 bytes and the right spec', () => {
    for (const [form, input] of variants()) {
      const r = toPkcs8(input);
      expect.soft(r.spec, form).toBe(spec);
      expect.soft(hex(r.pkcs8), form).toBe(expected());
    }
  });

  it('is idempotent', () => {
    const once = toPkcs8(fixture(name).pem).pkcs8;
    expect(hex(toPkcs8(once).pkcs8)).toBe(hex(once));
  });

  if (family === 'ec') {
    it('a SEC1 key without public key matches OpenSSL\'s PKCS#8 of the same', () => {
      const sec1 = openssl(['ec', '-in', fixture(name).path, '-no_public']).toString();
      const path = tmp(`${name}-nopub.pem`, sec1);
      expect(hex(toPkcs8(sec1).pkcs8)).toBe(hex(opensslPkcs8Der(path)));
    });

    it('a SEC1 key with neither parameters nor public key needs the spec, then works', () => {
      // The ECPrivateKey inside OpenSSL's no-public PKCS#8 has neither [0] nor [1].
      const sec1 = openssl(['ec', '-in', fixture(name).path, '-no_public']).toString();
      const p8 = opensslPkcs8Der(tmp(`${name}-bare.pem`, sec1));
      const inner = new Uint8Array(p8.subarray(p8.length - 39));
      expect(hex(inner.subarray(0, 7))).toBe('30250201010420');
      expect(() => toPkcs8(inner)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_PRIVATE_KEY' }));
      expect(hex(toPkcs8(inner, { spec }).pkcs8)).toBe(hex(p8));
    });

    it('a SEC1 key without parameters but with a public key: the curve comes from the point', () => {
      const p8 = opensslPkcs8Der(fixture(name).path);
      const innerOffset = p8.indexOf(Buffer.from('020101', 'hex')) - 2;
      const inner = new Uint8Array(p8.subarray(innerOffset));
      expect(toPkcs8(inner).spec).toBe(spec);
      expect(hex(toPkcs8(inner).pkcs8)).toBe(hex(p8));
    });
  }
});

describe('generateTargetKey', () => {
  it.each(TARGET_KEY_SPECS.map((s) => [s]))('%s loads in OpenSSL with the right type and size', async (spec) => {
    const { privateKey, publicKey } = await generateTargetKey(spec);
    const keyPath = tmp(`gen-${spec}.der`, privateKey);
    const text = openssl(['pkey', '-inform', 'DER', '-in', keyPath, '-text', '-noout']).toString();
    if (spec.startsWith('RSA')) expect(text).toContain(`Private-Key: (${spec.slice(4)} bit, 2 primes)`);
    else expect(text).toContain({ EC_P256: 'prime256v1', EC_P256K: 'secp256k1', EC_SM2: 'SM2', EC_P384: 'secp384r1', EC_P521: 'secp521r1' }[spec as 'EC_P256']);
    // The SPKI is the public half of the same key.
    const pubFromPriv = openssl(['pkey', '-inform', 'DER', '-in', keyPath, '-pubout', '-outform', 'DER']);
    expect(hex(publicKey)).toBe(hex(pubFromPriv));
    // And OpenSSL's own PKCS#8 writing of it is the same bytes.
    expect(hex(privateKey)).toBe(hex(opensslPkcs8Der(keyPath, 'DER')));
  });

  it.each(['RSA_2048', 'EC_P256'] as const)('%s imports into WebCrypto and signs/verifies', async (spec) => {
    const { privateKey, publicKey } = await generateTargetKey(spec);
    const alg = spec === 'EC_P256' ? { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const priv = await webcrypto.subtle.importKey('pkcs8', privateKey, alg, false, ['sign']);
    const pub = await webcrypto.subtle.importKey('spki', publicKey, alg, false, ['verify']);
    const data = new TextEncoder().encode('byok');
    const sig = await webcrypto.subtle.sign(alg, priv, data);
    expect(await webcrypto.subtle.verify(alg, pub, sig, data)).toBe(true);
  });

  it('refuses an unknown spec', async () => {
    await expect(generateTargetKey('RSA_1024' as TargetKeySpec)).rejects.toThrow(ByokError);
  });
});

describe('toPkcs8 refusals', () => {
  it('an encrypted PKCS#8 (PEM and DER) and a legacy encrypted PEM', () => {
    const path = fixture('p256').path;
    const enc = openssl(['pkcs8', '-topk8', '-in', path, '-passout', 'pass:secret']).toString();
    const encDer = new Uint8Array(openssl(['pkcs8', '-topk8', '-in', path, '-passout', 'pass:secret', '-outform', 'DER']));
    const legacy = openssl(['ec', '-in', path, '-aes128', '-passout', 'pass:secret']).toString();
    for (const input of [enc, encDer, legacy]) {
      expect(() => toPkcs8(input)).toThrow(expect.objectContaining({ code: 'ERR_ENCRYPTED_PRIVATE_KEY' }));
    }
  });

  it('public keys, other curves, wrong spec, and corrupt DER', () => {
    const p224 = tmp('p224.pem');
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-224', '-out', p224]);
    const cases: [string, string | Uint8Array, string, TargetKeySpec?][] = [
      ['public key PEM', fixture('p256').pubPem, 'ERR_INVALID_PRIVATE_KEY'],
      ['public key DER', new Uint8Array(openssl(['pkey', '-pubin', '-in', fixture('p256').pubPath, '-outform', 'DER'])), 'ERR_INVALID_PRIVATE_KEY'],
      ['P-224 key', readFileSync(p224, 'utf8'), 'ERR_UNSUPPORTED_PRIVATE_KEY'],
      ['truncated DER', new Uint8Array(opensslPkcs8Der(fixture('rsa2048').path).subarray(0, 300)), 'ERR_INVALID_PRIVATE_KEY'],
      ['garbage', 'not a key', 'ERR_INVALID_PRIVATE_KEY'],
      ['wrong spec', fixture('p256').pem, 'ERR_KEY_SPEC_MISMATCH', 'EC_P256K'],
      ['RSA size vs spec', fixture('rsa3072').pem, 'ERR_KEY_SPEC_MISMATCH', 'RSA_2048'],
    ];
    for (const [what, input, code, spec] of cases) {
      let error: unknown;
      try {
        toPkcs8(input, spec ? { spec } : {});
      } catch (e) {
        error = e;
      }
      expect.soft(error, what).toBeInstanceOf(ByokError);
      expect.soft((error as ByokError).code, what).toBe(code);
    }
  });

  it('an EC key whose public key is not its own: refused before anything is wrapped', async () => {
    const a = opensslPkcs8Der(fixture('p256').path);
    const other = tmp('other-p256.pem');
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', other]);
    const b = opensslPkcs8Der(other);
    // Same layout: swap in b's public key (the last 65 bytes) behind a's scalar.
    const franken = Buffer.concat([a.subarray(0, a.length - 65), b.subarray(b.length - 65)]);
    // Issue 11.3: toPkcs8 itself checks Q = d·G (it used to check only that Q is on the curve).
    expect(() => toPkcs8(new Uint8Array(franken))).toThrow(expect.objectContaining({ code: 'ERR_INVALID_PRIVATE_KEY', message: expect.stringMatching(/does not belong/) }));
    await expect(
      wrapKeyMaterial({ publicKey: fixture('rsa2048').pubPem, wrappingAlgorithm: 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', keyMaterial: new Uint8Array(franken) }),
    ).rejects.toMatchObject({ code: 'ERR_INVALID_PRIVATE_KEY', message: expect.stringMatching(/does not belong/) });
    // A point off the curve is caught by toPkcs8 already.
    const offCurve = Buffer.from(a);
    offCurve[offCurve.length - 1]! ^= 1;
    expect(() => toPkcs8(new Uint8Array(offCurve))).toThrow(/not a point on/);
  });
});
