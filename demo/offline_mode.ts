// Offline mode: wrap for a real console (SPEC §1 step 3). The cloud, key type and
// algorithm come from the table in clouds.ts; the boxes, the result and the files offered
// are the ones that cloud's console or API takes (base64 text, raw binary, Azure's .byok,
// an import request's body) plus copies of the material to keep. What was generated or
// wrapped stays on the page (in memory only) until replaced by the person: switching
// tabs, clouds or algorithms never discards it, and each cloud keeps its own public key
// and token.
import { createAzureByok, wrapKeyMaterial } from '../src/index.js';
import { fromBase64Url, toBase64 } from '../src/lib/bytes.js';
import {
  AZURE_BYOK,
  CLOUDS,
  cloudRow,
  describeLengths,
  fitsLengths,
  keyTypeRow,
  targetLengths,
  type Algorithm,
  type CloudRow,
  type KeyTypeRow,
  type Target,
} from './clouds.js';
import { generateMaterial, makeFiles, readMaterial, requestText, type Material } from './files.js';
import { DemoError, explain } from './messages.js';
import { $, DownloadList, readInputFile, say } from './ui.js';

interface Wrapped {
  cloud: CloudRow;
  keyType: KeyTypeRow;
  algorithm: Algorithm;
  at: Date;
}

/** What wrapping gave: the wrapped bytes, and for Azure the .byok file and the import request's fields. */
interface WrapOutput {
  bytes: Uint8Array;
  byok?: string;
  azure?: { keyHsm: string; kty: string; crv?: string };
}

export function describeTarget(target: Target): string {
  if (target.kind === 'private-key') return `Private key (${target.spec}): PEM or base64 DER; PKCS#8, PKCS#1 or SEC1`;
  const lengths = targetLengths(target);
  return Array.isArray(lengths) && lengths.length === 1
    ? `Key material: ${target.bits / 8} random bytes (${target.bits} bits), base64 or hex`
    : `Key material: ${describeLengths(lengths)} (generated here: ${target.bits / 8} bytes), base64 or hex`;
}

/** Whether symmetric material has a length the key type takes; private keys are checked by the library. */
export function materialFits(m: Material, target: Target): boolean {
  return target.kind === 'private-key' || fitsLengths(m.bytes.length, targetLengths(target));
}

/** Wrap for a cloud: wrapKeyMaterial with the algorithm picked, or createAzureByok for Azure's .byok. */
async function wrapFor(algorithm: Algorithm, publicKey: string, m: Material, target: Target, kid: string): Promise<WrapOutput> {
  const spec = target.kind === 'private-key' ? { targetKeySpec: target.spec } : {};
  if (algorithm === AZURE_BYOK) {
    const r = await createAzureByok({ kid, publicKey, keyMaterial: m.bytes, enc: AZURE_BYOK, ...spec });
    const ciphertext = (JSON.parse(r.byok) as { ciphertext: string }).ciphertext;
    return { bytes: fromBase64Url(ciphertext) ?? new Uint8Array(0), byok: r.byok, azure: { keyHsm: r.keyHsm, kty: r.kty, ...(r.crv ? { crv: r.crv } : {}) } };
  }
  const r = await wrapKeyMaterial({ publicKey, wrappingAlgorithm: algorithm, keyMaterial: m.bytes, ...spec });
  return { bytes: r.bytes };
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
  /** Each cloud's own wrapping public key and token, as the person left them. */
  const inputs = new Map<CloudRow, { publicKey: string; token: string }>();
  let inputsShownFor: CloudRow | undefined;

  /** The boxes of step 2 as this cloud names them, with its own values back in them. */
  const renderInputs = () => {
    if (inputsShownFor === cloud) return;
    if (inputsShownFor) inputs.set(inputsShownFor, { publicKey: publicKey.value, token: token.value });
    inputsShownFor = cloud;
    const kept = inputs.get(cloud) ?? { publicKey: '', token: '' };
    publicKey.value = kept.publicKey;
    token.value = kept.token;
    const o = cloud.offline;
    $('off-public-key-label').textContent = o.publicKey.label;
    $('off-public-key-file-label').textContent = o.publicKey.file;
    $('off-token-fields').hidden = !o.token;
    $('off-token-label').textContent = o.token?.label ?? '';
    $('off-token-file-label').textContent = o.token?.file ?? '';
  };

  /** Refill the selects for the chosen cloud and key type, keeping every choice that still fits. */
  const renderChoices = () => {
    cloud = cloudRow(cloudSelect.value);
    renderInputs();
    const keptType = keyTypeSelect.value;
    keyTypeSelect.replaceChildren(...cloud.keyTypes.map((k) => new Option(k.label, k.id)));
    keyType = keyTypeRow(cloud, keptType);
    keyTypeSelect.value = keyType.id;
    const keptAlgorithm = algorithmSelect.value;
    algorithmSelect.replaceChildren(...keyType.algorithms.map((a) => new Option(a, a)));
    if (keyType.algorithms.includes(keptAlgorithm as Algorithm)) algorithmSelect.value = keptAlgorithm;
    const specs = cloud.wrappingKeySpecs ? `${cloud.wrappingKeySpecs.join(', ').replace(/, ([^,]+)$/, ' or $1')}, as chosen when downloading` : cloud.wrappingKeySpec(algorithmSelect.value as Algorithm);
    $('off-parameters-hint').textContent = `${cloud.offline.parameters} Wrapping key for ${algorithmSelect.value}: ${specs}.`;
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
        const fits = materialFits(m, keyType.target);
        say(
          materialInfo,
          keyType.target.kind === 'private-key'
            ? `A private key, ${m.bytes.length} bytes as PKCS#8. Keep a copy: re-importing needs the same key.`
            : fits
              ? `${m.bytes.length} bytes (${m.bytes.length * 8} bits). Keep a copy: re-importing after expiry or deletion needs the same material.`
              : `${m.bytes.length} bytes (${m.bytes.length * 8} bits): this key type takes ${describeLengths(targetLengths(keyType.target))}.`,
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
      const input = ev.target as HTMLInputElement;
      const file = input.files?.[0];
      if (!file) return;
      box.value = await readInputFile(file);
      // The same file chosen again (for another cloud, say) is read again.
      input.value = '';
      after();
    });
  fromFile('off-public-key-file', publicKey);
  fromFile('off-token-file', token);
  fromFile('off-material-file', material, renderMaterial);

  $('off-generate').addEventListener('click', () =>
    run('Generating key material', async () => {
      material.value = await generateMaterial(keyType.target);
      renderMaterial();
      say(status, 'Generated in this page with crypto.getRandomValues. Download a copy below: re-importing later needs the same material.', 'ok');
    }),
  );

  $('off-wrap').addEventListener('click', () =>
    run('Wrapping', async () => {
      const algorithm = algorithmSelect.value as Algorithm;
      const target = keyType.target;
      const o = cloud.offline;
      const tokenText = o.token ? token.value.trim() : '';
      if (!publicKey.value.trim()) throw new DemoError(`Paste the ${o.publicKey.noun} from ${cloud.name} first (or choose its file).`);
      if (o.token?.required && !tokenText) throw new DemoError(o.token.missing);
      const m = readMaterial(material.value, target);
      if (!m) throw new DemoError('Generate key material or bring your own first.');
      if (!materialFits(m, target) && target.kind === 'symmetric') {
        throw new DemoError(`This key type takes ${describeLengths(targetLengths(target))} of material; the material given is ${m.bytes.length} bytes (${m.bytes.length * 8} bits).`);
      }
      const out = await wrapFor(algorithm, publicKey.value, m, target, tokenText);
      const base64 = toBase64(out.bytes);
      wrapped = { cloud, keyType, algorithm, at: new Date() };
      const request = o.request?.build({ keyType, algorithm, wrapped: base64, token: tokenText, ...(out.azure ? { azure: out.azure } : {}) }) ?? undefined;
      $('off-output-label').textContent = o.output.label;
      $<HTMLTextAreaElement>('off-output').value = o.output.of === 'byok' ? (out.byok ?? '') : base64;
      $('off-request-fields').hidden = !request;
      $('off-request-label').textContent = o.request?.label ?? '';
      $<HTMLTextAreaElement>('off-request').value = request ? requestText(request) : '';
      $('off-result-summary').textContent = `${out.bytes.length} bytes for ${cloud.name}, ${keyType.label}, ${algorithm}, wrapped at ${wrapped.at.toLocaleTimeString()}.`;
      $('off-source').textContent = o.source;
      resultFiles.show(makeFiles(o.upload, { wrapped: out.bytes, token: tokenText, ...(out.byok === undefined ? {} : { byok: out.byok }), ...(request ? { request } : {}) }));
      renderResult();
      const missing = o.token && !tokenText ? ` (${o.token.missing})` : '';
      say(status, `Wrapped: ${out.bytes.length} bytes. Take the files below to ${cloud.name}${missing}.`, 'ok');
    }),
  );

  renderChoices();
}
