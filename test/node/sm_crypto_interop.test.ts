// SM2 interop with sm-crypto, the package the product's design names, both ways.
// sm-crypto writes C1 without its 0x04 prefix (SPEC §4).
import { describe, expect, it } from 'vitest';
import smc from 'sm-crypto';
import { generateKeyMaterial, generateTargetKey, toPkcs8, wrapKeyMaterial } from '../../src/index.js';
import { sm2Decrypt } from '../../src/sm/sm2.js';
import { sm4EcbDecrypt } from '../../src/sm/sm3_sm4.js';
import { fixture, opensslEcPrivateScalar, spkiDerBase64 } from './helpers/openssl.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

async function sm2Pair() {
  const { privateKey, publicKey } = await generateTargetKey('EC_SM2');
  // PKCS#8 of an SM2 key as OpenSSL writes it: D at bytes 36..68, Q in the last 65.
  const d = privateKey.subarray(36, 68);
  const q = publicKey.subarray(publicKey.length - 65);
  return { privateKey, publicKey, d, q };
}

describe('sm-crypto opens what we wrap', () => {
  it('SM2PKE: doDecrypt (mode 1 = C1C3C2) gives back the material once 0x04 is stripped', async () => {
    const { publicKey, d } = await sm2Pair();
    for (const bits of [128, 256] as const) {
      const material = generateKeyMaterial(bits);
      const { bytes } = await wrapKeyMaterial({ publicKey, wrappingAlgorithm: 'SM2PKE', keyMaterial: material });
      expect(bytes[0]).toBe(4);
      const opened = smc.sm2.doDecrypt(hex(bytes.subarray(1)), hex(d), 1, { output: 'array' });
      expect(hex(Uint8Array.from(opened))).toBe(hex(material));
    }
  });

  it('SM2PKE_SM4_ECB: doDecrypt opens the ESK and sm4.decrypt the scalar D', async () => {
    const wrap = await sm2Pair();
    const { bytes } = await wrapKeyMaterial({ publicKey: wrap.publicKey, wrappingAlgorithm: 'SM2PKE_SM4_ECB', keyMaterial: fixture('sm2').pem });
    const esk = smc.sm2.doDecrypt(hex(bytes.subarray(1, 113)), hex(wrap.d), 1, { output: 'array' });
    expect(esk.length).toBe(16);
    const d = smc.sm4.decrypt(Array.from(bytes.subarray(113)), esk, { padding: 'none', output: 'array' });
    expect(hex(Uint8Array.from(d))).toBe(opensslEcPrivateScalar(fixture('sm2').path).toString('hex'));
  });
});

describe('we open what sm-crypto wraps (the decryption the mock KMS uses)', () => {
  it('doEncrypt output, with 0x04 put back, decrypts with sm2Decrypt', async () => {
    const { d, q } = await sm2Pair();
    const material = generateKeyMaterial(128);
    const theirs = smc.sm2.doEncrypt(Array.from(material), hex(q), 1);
    const ct = new Uint8Array(Buffer.from('04' + theirs, 'hex'));
    expect(hex(sm2Decrypt(d, ct))).toBe(hex(material));
  });

  it('an sm-crypto-built SM2PKE_SM4_ECB blob unwraps to the target scalar', async () => {
    const wrap = await sm2Pair();
    const target = toPkcs8(fixture('sm2').pem);
    const targetD = target.pkcs8.subarray(36, 68);
    const esk = generateKeyMaterial(128);
    const cipherEsk = Buffer.from('04' + smc.sm2.doEncrypt(Array.from(esk), hex(wrap.q), 1), 'hex');
    const cipherTak = Uint8Array.from(smc.sm4.encrypt(Array.from(targetD), Array.from(esk), { padding: 'none', output: 'array' }));
    const openedEsk = sm2Decrypt(wrap.d, new Uint8Array(cipherEsk));
    expect(hex(sm4EcbDecrypt(openedEsk, cipherTak))).toBe(hex(targetD));
  });
});

it('an SM2 wrapping key from OpenSSL works the same', async () => {
  const material = generateKeyMaterial(128);
  const { bytes } = await wrapKeyMaterial({ publicKey: spkiDerBase64('sm2wrap'), wrappingAlgorithm: 'SM2PKE', keyMaterial: material });
  expect(hex(sm2Decrypt(new Uint8Array(opensslEcPrivateScalar(fixture('sm2wrap').path)), bytes))).toBe(hex(material));
});
