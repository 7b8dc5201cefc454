// SM2PKE: symmetric material under an SM2 wrapping key (SPEC §2).
import { ByokError } from '../errors.js';
import { parseWrappingPublicKey, type Sm2WrappingKey } from '../wrap/wrapping_public_key.js';
import { sm2Encrypt, type Sm2Layout } from './sm2.js';

export async function sm2WrappingKey(publicKey: unknown, algorithm: string): Promise<Sm2WrappingKey> {
  const key = await parseWrappingPublicKey(publicKey);
  if (key.type !== 'sm2') {
    throw new ByokError(
      'ERR_UNSUPPORTED_PUBLIC_KEY',
      `${algorithm} needs an SM2 wrapping key (WrappingKeySpec EC_SM2), but an RSA-${key.bits} key was given`,
    );
  }
  return key;
}

export async function sm2WrapSymmetric(publicKey: unknown, material: Uint8Array, layout: Sm2Layout): Promise<Uint8Array> {
  const key = await sm2WrappingKey(publicKey, 'SM2PKE');
  return sm2Encrypt(key.point, material, layout);
}
