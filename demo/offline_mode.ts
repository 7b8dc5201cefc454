// Offline mode: wrap for a real console (SPEC §1 step 3) and download the files the
// consoles take: EncryptedKeyMaterial as base64 text, and the import token.
import { WRAPPING_ALGORITHMS, generateKeyMaterial, wrapKeyMaterial, type WrappingAlgorithm } from '../src/index.js';
import { explain } from './messages.js';
import { $, readMaterialFile, say } from './ui.js';

export function startOfflineMode(): void {
  const algorithm = $<HTMLSelectElement>('off-algorithm');
  const output = $<HTMLTextAreaElement>('off-output');
  const status = $('off-status');
  for (const a of WRAPPING_ALGORITHMS) algorithm.add(new Option(a, a));
  let wrapped = '';

  $<HTMLInputElement>('off-material-file').addEventListener('change', async (ev) => {
    const file = (ev.target as HTMLInputElement).files?.[0];
    if (file) $<HTMLTextAreaElement>('off-material').value = await readMaterialFile(file);
  });

  $('off-wrap').addEventListener('click', async () => {
    const alg = algorithm.value as WrappingAlgorithm;
    const text = $<HTMLTextAreaElement>('off-material').value.trim();
    let keyMaterial: Uint8Array | string = text;
    if (!text) {
      if (alg.includes('_ECB')) return say(status, 'Paste or choose the private key to import for this algorithm.', 'error');
      keyMaterial = generateKeyMaterial(alg.startsWith('SM2') ? 128 : 256);
    }
    say(status, 'Wrapping…');
    try {
      const r = await wrapKeyMaterial({ publicKey: $<HTMLTextAreaElement>('off-public-key').value, wrappingAlgorithm: alg, keyMaterial });
      wrapped = r.encryptedKeyMaterial;
      output.value = wrapped;
      $<HTMLButtonElement>('off-download').disabled = false;
      $<HTMLButtonElement>('off-download-token').disabled = !$<HTMLTextAreaElement>('off-token').value.trim();
      say(status, `Wrapped: ${r.bytes.length} bytes. Upload EncryptedKeyMaterial_base64.txt with the import token in the console.`, 'ok');
    } catch (e) {
      say(status, explain(e), 'error');
    }
  });

  $('off-download').addEventListener('click', () => download('EncryptedKeyMaterial_base64.txt', wrapped));
  $('off-download-token').addEventListener('click', () => download('ImportToken.txt', $<HTMLTextAreaElement>('off-token').value.trim()));
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
