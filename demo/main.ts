// Demo, offline mode: wrap locally for a real console (SPEC §1 step 3).
import { ByokError, WRAPPING_ALGORITHMS, generateKeyMaterial, wrapKeyMaterial, type WrappingAlgorithm } from '../src/index.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const algorithm = $<HTMLSelectElement>('algorithm');
const status = $<HTMLParagraphElement>('status');
const output = $<HTMLTextAreaElement>('output');
const download = $<HTMLButtonElement>('download');
let wrapped: Uint8Array | undefined;

for (const a of WRAPPING_ALGORITHMS) algorithm.add(new Option(a, a));

function say(text: string, kind: 'ok' | 'error' | '' = '') {
  status.textContent = text;
  status.className = kind;
}

$('wrap').addEventListener('click', async () => {
  const alg = algorithm.value as WrappingAlgorithm;
  const text = $<HTMLTextAreaElement>('material').value.trim();
  const symmetric = !alg.includes('_ECB');
  let keyMaterial: Uint8Array | string = text;
  if (!text) {
    if (!symmetric) return say('Paste the private key (PEM) to import for this algorithm.', 'error');
    keyMaterial = generateKeyMaterial(alg.startsWith('SM2') ? 128 : 256);
  }
  say('Wrapping…');
  try {
    const r = await wrapKeyMaterial({ publicKey: $<HTMLTextAreaElement>('public-key').value, wrappingAlgorithm: alg, keyMaterial });
    wrapped = r.bytes;
    output.value = r.encryptedKeyMaterial;
    download.disabled = false;
    say(`Wrapped: ${r.bytes.length} bytes. Upload them with the import token.`, 'ok');
  } catch (e) {
    say(e instanceof ByokError ? `${e.message} (${e.code})` : `Unexpected error: ${String(e)}`, 'error');
  }
});

download.addEventListener('click', () => {
  if (!wrapped) return;
  const url = URL.createObjectURL(new Blob([wrapped as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: 'EncryptedKeyMaterial.bin' });
  a.click();
  URL.revokeObjectURL(url);
});
