// The rejected alternative for AES-KWP (issue 14, SPEC §5), kept for `npm run bench`:
// RFC 5649 built from one WebCrypto AES call per block (AES-CBC, zero IV, one block = one
// ECB block). W's 6n steps each need the previous one's output, so the calls cannot be
// batched. Runs in Node and in a browser page (scripts/bench_browser.mjs).
export async function webCryptoPerBlockKwp(subtle, kek, plaintext) {
  const key = await subtle.importKey('raw', kek, 'AES-CBC', false, ['encrypt']);
  const iv = new Uint8Array(16);
  const n = Math.ceil(plaintext.length / 8);
  const r = new Uint8Array(8 * (n + 1));
  r.set(plaintext, 8);
  // RFC 5649 §3: AIV = A65959A6 ‖ MLI (32-bit big-endian length).
  const a = new Uint8Array(8);
  const av = new DataView(a.buffer);
  av.setUint32(0, 0xa65959a6);
  av.setUint32(4, plaintext.length);
  const block = new Uint8Array(16);
  if (n === 1) {
    block.set(a);
    block.set(r.subarray(8, 16), 8);
    return new Uint8Array(await subtle.encrypt({ name: 'AES-CBC', iv }, key, block), 0, 16);
  }
  // RFC 3394 §2.2.1: for j = 0..5, i = 1..n: B = AES(K, A | R[i]); A = MSB64(B) ^ t; R[i] = LSB64(B).
  for (let j = 0; j < 6; j++) {
    for (let i = 1; i <= n; i++) {
      block.set(a);
      block.set(r.subarray(8 * i, 8 * i + 8), 8);
      const b = new Uint8Array(await subtle.encrypt({ name: 'AES-CBC', iv }, key, block), 0, 16);
      a.set(b.subarray(0, 8));
      av.setUint32(4, av.getUint32(4) ^ (n * j + i)); // t < 2^32 here
      r.set(b.subarray(8, 16), 8 * i);
    }
  }
  r.set(a);
  return r;
}
