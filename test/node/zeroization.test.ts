// SPEC §2: the ESK is overwritten before wrapping returns, on success and on failure.
// The ESK source is swapped through the internal seam for one that keeps a reference.
import { describe, expect, it } from 'vitest';
import { wrapTargetKey, type HybridDeps } from '../../src/wrap/hybrid.js';
import { randomBytes } from '../../src/lib/random.js';
import { fixture, spkiDerBase64 } from './helpers/openssl.js';

function recorder(): HybridDeps & { issued: Uint8Array[] } {
  const issued: Uint8Array[] = [];
  return {
    issued,
    ephemeralKey(length: number) {
      const k = randomBytes(length);
      issued.push(k);
      return k;
    },
  };
}

const zeroed = (b: Uint8Array) => b.length > 0 && b.every((x) => x === 0);

describe('ephemeral symmetric key zeroization', () => {
  it('RSA hybrid: zeroed after success', async () => {
    const deps = recorder();
    const out = await wrapTargetKey(spkiDerBase64('rsa2048'), 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', fixture('p256').pem, undefined, 'c1c3c2', deps);
    expect(out.length).toBe(400);
    expect(deps.issued).toHaveLength(1);
    expect(deps.issued[0]!.length).toBe(32);
    expect(zeroed(deps.issued[0]!)).toBe(true);
  });

  it('SM2 hybrid: zeroed after success', async () => {
    const deps = recorder();
    await wrapTargetKey(spkiDerBase64('sm2wrap'), 'SM2PKE_SM4_ECB', fixture('sm2').pem, 'EC_SM2', 'c1c3c2', deps);
    expect(deps.issued.map((k) => k.length)).toEqual([16]);
    expect(zeroed(deps.issued[0]!)).toBe(true);
  });

  it('RSA hybrid: zeroed after a failure that happens once the ESK exists', async () => {
    const deps = recorder();
    // An SM2 SPKI passes the framing check; WebCrypto refuses it only at the OAEP step.
    await expect(
      wrapTargetKey(spkiDerBase64('sm2wrap'), 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', fixture('p256').pem, undefined, 'c1c3c2', deps),
    ).rejects.toMatchObject({ code: 'ERR_UNSUPPORTED_PUBLIC_KEY' });
    expect(deps.issued).toHaveLength(1);
    expect(zeroed(deps.issued[0]!)).toBe(true);
  });

  it('SM2 hybrid: zeroed after a failure that happens once the ESK exists', async () => {
    const deps = recorder();
    // A point off the curve is found only when SM2 encryption starts.
    const spki = Buffer.from(spkiDerBase64('sm2wrap'), 'base64');
    spki[spki.length - 1]! ^= 1;
    await expect(wrapTargetKey(new Uint8Array(spki), 'SM2PKE_SM4_ECB', fixture('sm2').pem, undefined, 'c1c3c2', deps)).rejects.toMatchObject({
      code: 'ERR_INVALID_PUBLIC_KEY',
    });
    expect(deps.issued).toHaveLength(1);
    expect(zeroed(deps.issued[0]!)).toBe(true);
  });

  it('no ESK is drawn when the target key is refused up front', async () => {
    const deps = recorder();
    await expect(
      wrapTargetKey(spkiDerBase64('rsa2048'), 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', fixture('sm2').pem, undefined, 'c1c3c2', deps),
    ).rejects.toMatchObject({ code: 'ERR_KEY_SPEC_MISMATCH' });
    expect(deps.issued).toHaveLength(0);
  });
});
