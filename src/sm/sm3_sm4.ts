// SM3 (GB/T 32905) and SM4 (GB/T 32907) from sm-crypto's deterministic deep modules,
// which do not pull its RC4-seeded RNG (SPEC §4).
import sm3mod from 'sm-crypto/src/sm2/sm3.js';
import sm4mod from 'sm-crypto/src/sm4/index.js';
import { ByokError } from '../errors.js';
import { secret } from '../lib/secrets.js';

export function sm3(data: Uint8Array): Uint8Array {
  return Uint8Array.from(sm3mod.sm3(Array.from(data)));
}

/**
 * SM4-ECB without padding. sm-crypto silently drops a trailing partial block
 * (SPEC §4), so the length is checked here. The key schedule lives in arrays
 * sm-crypto allocates: those copies cannot be overwritten (SECURITY.md).
 */
export function sm4EcbEncrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  return sm4Ecb(key, data, 'encrypt');
}

export function sm4EcbDecrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  return sm4Ecb(key, data, 'decrypt');
}

function sm4Ecb(key: Uint8Array, data: Uint8Array, op: 'encrypt' | 'decrypt'): Uint8Array {
  if (key.length !== 16) throw new ByokError('ERR_OPERATION_FAILED', 'SM4 keys are 16 bytes');
  if (data.length % 16 !== 0) throw new ByokError('ERR_OPERATION_FAILED', 'SM4-ECB without padding needs whole 16-byte blocks');
  // Plain arrays, as sm-crypto wants: overwritten below; its round keys cannot be (SECURITY.md).
  const k = secret('sm4-input', Array.from(key));
  const input = secret('sm4-input', Array.from(data));
  const out = sm4mod[op](input, k, { padding: 'none', output: 'array' });
  k.fill(0);
  input.fill(0);
  const result = Uint8Array.from(out);
  out.fill(0);
  return result;
}
