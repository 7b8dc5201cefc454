// Offline mode: wrap for a real console (SPEC §1 step 3). The cloud, key type and
// algorithm come from the table in clouds.ts; the files offered are the ones that cloud's
// console takes (base64 text and raw binary) plus copies of the material to keep. What
// was generated or wrapped stays on the page (in memory only) until replaced by the
// person: switching tabs, clouds or algorithms never discards it.
import { generateKeyMaterial, generateTargetKey, wrapKeyMaterial, type WrappingAlgorithm } from '../src/index.js';
import { toBase64 } from '../src/lib/bytes.js';
import { CLOUDS, cloudRow, keyTypeRow, type CloudRow, type KeyTypeRow, type Target } from './clouds.js';
import { makeFiles, readMaterial } from './files.js';
import { DemoError, explain } from './messages.js';
import { $, DownloadList, readInputFile, say, toPem } from './ui.js';

interface Wrapped {
  cloud: CloudRow;
  keyType: KeyTypeRow;
  algorithm: WrappingAlgorithm;
  base64: string;
  bytes: number;
  at: Date;
}

export function describeTarget(target: Target): string {
  return target.kind === 'symmetric'
    ? `Key material: ${target.bits / 8} random bytes (${target.bits} bits), base64 or hex`
    : `Private key (${target.spec}): PEM or base64 DER; PKCS#8, PKCS#1 or SEC1`;
}

export function startOfflineMode(): void {
  const cloudSelect = $<HTMLSelectElement>('off-cloud');
  const keyTypeSelect = $<HTMLSelectElement>('off-key-type');
  const algorithmSelect = $<HTMLSelectElement>('off-algorithm');
  const publicKey = $<HTMLTextAreaElement>('off-public-key');
  const token = $<HTMLTextAreaElement>('off-token');
  const material = $<HTMLTextAreaElement>('off-material');
  const status = $('off-status');
  const materialInfo = $('off-material-info');
  const materialFiles = new DownloadList($('off-material-files'));
  const resultFiles = new DownloadList($('off-files'));
  const buttons = [$<HTMLButtonElement>('off-generate'), $<HTMLButtonElement>('off-wrap')];

  cloudSelect.replaceChildren(...CLOUDS.map((c) => new Option(c.name, c.id)));
  let cloud = CLOUDS[0]!;
  let keyType = cloud.keyTypes[0]!;
  let wrapped: Wrapped | undefined;
  let busy = false;

  /** Refill the selects for the chosen cloud and key type, keeping every choice that still fits. */
  const renderChoices = () => {
    cloud = cloudRow(cloudSelect.value);
    const keptType = keyTypeSelect.value;
    keyTypeSelect.replaceChildren(...cloud.keyTypes.map((k) => new Option(k.label, k.id)));
    keyType = keyTypeRow(cloud, keptType);
    keyTypeSelect.value = keyType.id;
    const keptAlgorithm = algorithmSelect.value;
    algorithmSelect.replaceChildren(...keyType.algorithms.map((a) => new Option(a, a)));
    if (keyType.algorithms.includes(keptAlgorithm as WrappingAlgorithm)) algorithmSelect.value = keptAlgorithm;
    $('off-parameters-hint').textContent = `${cloud.offline.parameters} Wrapping key spec for ${algorithmSelect.value}: ${cloud.wrappingKeySpec(algorithmSelect.value as WrappingAlgorithm)}.`;
    $('off-material-label').textContent = describeTarget(keyType.target);
    renderMaterial();
    renderResult();
  };

  /** What the material box holds, whether it fits the key type, and copies of it to keep. */
  const renderMaterial = () => {
    let files: ReturnType<typeof makeFiles> = [];
    try {
      const m = readMaterial(material.value, keyType.target);
      if (!m) say(materialInfo, 'Generate material here or bring your own.');
      else {
        const fits = keyType.target.kind === 'private-key' || m.bytes.length * 8 === keyType.target.bits;
        say(
          materialInfo,
          keyType.target.kind === 'private-key'
            ? `A private key, ${m.bytes.length} bytes as PKCS#8. Keep a copy: re-importing needs the same key.`
            : fits
              ? `${m.bytes.length} bytes (${m.bytes.length * 8} bits). Keep a copy: re-importing after expiry or deletion needs the same material.`
              : `${m.bytes.length} bytes (${m.bytes.length * 8} bits): this key type takes ${keyType.target.bits} bits.`,
          fits ? '' : 'error',
        );
        files = makeFiles(cloud.offline.keep[m.kind], { material: m });
      }
    } catch (e) {
      say(materialInfo, explain(e), 'error');
    }
    materialFiles.show(files);
  };

  const renderResult = () => {
    $('off-result').hidden = !wrapped;
    if (!wrapped) return;
    const changed = wrapped.cloud !== cloud || wrapped.keyType !== keyType || wrapped.algorithm !== algorithmSelect.value;
    $('off-result-stale').hidden = !changed;
  };

  const run = async (what: string, fn: () => Promise<void>) => {
    if (busy) return;
    busy = true;
    for (const b of buttons) b.disabled = true;
    say(status, `${what}…`, 'progress');
    try {
      await fn();
    } catch (e) {
      say(status, explain(e), 'error');
    } finally {
      busy = false;
      for (const b of buttons) b.disabled = false;
    }
  };

  cloudSelect.addEventListener('change', renderChoices);
  keyTypeSelect.addEventListener('change', renderChoices);
  algorithmSelect.addEventListener('change', renderChoices);
  material.addEventListener('input', renderMaterial);
  const fromFile = (inputId: string, box: HTMLTextAreaElement, after: () => void = () => {}) =>
    $<HTMLInputElement>(inputId).addEventListener('change', async (ev) => {
      const file = (ev.target as HTMLInputElement).files?.[0];
      if (!file) return;
      box.value = await readInputFile(file);
      after();
    });
  fromFile('off-public-key-file', publicKey);
  fromFile('off-token-file', token);
  fromFile('off-material-file', material, renderMaterial);

  $('off-generate').addEventListener('click', () =>
    run('Generating key material', async () => {
      const target = keyType.target;
      if (target.kind === 'private-key') {
        const { privateKey } = await generateTargetKey(target.spec);
        material.value = toPem('PRIVATE KEY', privateKey);
        privateKey.fill(0);
      } else {
        const bytes = generateKeyMaterial(target.bits);
        material.value = toBase64(bytes);
        bytes.fill(0);
      }
      renderMaterial();
      say(status, 'Generated in this page with crypto.getRandomValues. Download a copy below: re-importing later needs the same material.', 'ok');
    }),
  );

  $('off-wrap').addEventListener('click', () =>
    run('Wrapping', async () => {
      const algorithm = algorithmSelect.value as WrappingAlgorithm;
      const target = keyType.target;
      if (!publicKey.value.trim()) throw new DemoError(`Paste the wrapping public key from ${cloud.name} first (or choose its file).`);
      const m = readMaterial(material.value, target);
      if (!m) throw new DemoError('Generate key material or bring your own first.');
      if (target.kind === 'symmetric' && m.bytes.length * 8 !== target.bits) {
        throw new DemoError(`This key type takes ${target.bits}-bit material; the material given is ${m.bytes.length * 8} bits.`);
      }
      const r = await wrapKeyMaterial({
        publicKey: publicKey.value,
        wrappingAlgorithm: algorithm,
        keyMaterial: m.bytes,
        ...(target.kind === 'private-key' ? { targetKeySpec: target.spec } : {}),
      });
      wrapped = { cloud, keyType, algorithm, base64: r.encryptedKeyMaterial, bytes: r.bytes.length, at: new Date() };
      $<HTMLTextAreaElement>('off-output').value = r.encryptedKeyMaterial;
      $('off-result-summary').textContent = `${r.bytes.length} bytes for ${cloud.name}, ${keyType.label}, ${algorithm}, wrapped at ${wrapped.at.toLocaleTimeString()}.`;
      $('off-source').textContent = cloud.offline.source;
      resultFiles.show(makeFiles(cloud.offline.upload, { wrapped: r.bytes, token: token.value.trim() }));
      renderResult();
      say(status, `Wrapped: ${r.bytes.length} bytes. Upload the files below in the ${cloud.name} console's import dialog${token.value.trim() ? '' : ' (no import token was given: add the console\'s own token file)'}.`, 'ok');
    }),
  );

  renderChoices();
}
