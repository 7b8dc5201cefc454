// Issue 14.6: the RSA+AES key wrap family, measured the same way in Node (scripts/bench.mjs)
// and in a browser page (scripts/bench_browser.mjs). `env` brings what differs: the
// library, the AES-KWP function, WebCrypto, and the keys (made by Node's OpenSSL).
import { compare, measure } from './bench_measure.mjs';
import { webCryptoPerBlockKwp } from './kwp_per_block.mjs';

/**
 * @param env {{ byok, aesKwpWrap, subtle, target: Uint8Array, keks: Record<string, Uint8Array>, minMs?: number, log: (line: string) => void }}
 * @returns rows { name, ms } and ratios { name, value }
 */
export async function benchKeyWrap(env) {
  const { byok, aesKwpWrap, subtle, target, keks, log } = env;
  const minMs = env.minMs ?? 600;
  const rows = [];
  const row = (name, ms) => {
    rows.push({ name, ms });
    log(`${name.padEnd(72)} ${ms >= 10 ? ms.toFixed(1).padStart(8) + ' ms' : (ms * 1000).toFixed(1).padStart(8) + ' µs'}`);
  };
  const esk = new Uint8Array(32).map((_, i) => i * 7 + 1);
  const kb = `${(target.length / 1024).toFixed(1)} KB RSA-4096 PKCS#8`;

  row(`AES-KWP of a ${kb}: aesKwpWrap (@noble/ciphers)`, await measure(() => aesKwpWrap(esk, target), { minMs }));
  row(`AES-KWP of a ${kb}: WebCrypto AES-CBC, one call per AES block`, await measure(() => webCryptoPerBlockKwp(subtle, esk, target), { minMs: 0, batch: 1, minBatches: 3 }));
  row('AES-KWP of 32 bytes: aesKwpWrap (@noble/ciphers)', await measure(() => aesKwpWrap(esk, esk), { minMs, batch: 200 }));

  const ratios = [];
  for (const [bits, spki] of Object.entries(keks)) {
    const publicKey = spki;
    const whole = () => byok.wrapKeyMaterial({ publicKey, wrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', keyMaterial: target, targetKeySpec: 'RSA_4096' });
    // The floor: WebCrypto's own RSA-OAEP of a fresh ESK (import included), plus the same KWP.
    const bare = async () => {
      const key = await subtle.importKey('spki', spki, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt']);
      const fresh = crypto.getRandomValues(new Uint8Array(32));
      return [await subtle.encrypt({ name: 'RSA-OAEP' }, key, fresh), aesKwpWrap(fresh, target)];
    };
    const c = await compare(whole, bare, { minMs: 2 * minMs });
    row(`RSA_AES_KEY_WRAP_SHA_256, RSA-${bits} KEK, the ${kb}: wrapKeyMaterial`, c.a);
    row(`RSA_AES_KEY_WRAP_SHA_256, RSA-${bits} KEK, the ${kb}: bare importKey + OAEP + KWP`, c.b);
    ratios.push({ name: `RSA-${bits} KEK: whole wrap / bare OAEP + KWP`, value: c.ratio });
    row(`RSA_AES_KEY_WRAP_SHA_256, RSA-${bits} KEK, 32 raw bytes: wrapKeyMaterial`, await measure(() => byok.wrapKeyMaterial({ publicKey, wrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', keyMaterial: esk }), { minMs }));
  }
  const [bits4096] = Object.entries(keks).filter(([bits]) => bits === '4096');
  if (bits4096) {
    row(`createAzureByok, RSA-4096 KEK, the ${kb}`, await measure(() => byok.createAzureByok({ kid: 'https://v.vault.azure.net/keys/kek/1', publicKey: bits4096[1], keyMaterial: target, targetKeySpec: 'RSA_4096' }), { minMs }));
  }
  const kwp = rows[0].ms;
  ratios.unshift({ name: 'one WebCrypto call per AES block / aesKwpWrap', value: rows[1].ms / kwp });
  for (const r of ratios) log(`${r.name.padEnd(72)} ${r.value.toFixed(2).padStart(8)} x`);
  return { rows, ratios, kwpMs: kwp };
}
