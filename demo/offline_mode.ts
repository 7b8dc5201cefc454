// Offline mode: wrap for a real console (SPEC §1 step 3). The cloud, key type and
// algorithm come from the table in clouds.ts; the boxes, the result and the files offered
// are the ones that cloud's console or API takes (base64 text, raw binary, Azure's .byok,
// an import request's body) plus copies of the material to keep. What was generated or
// wrapped stays on the page (in memory only) until replaced by the person: switching
// tabs, clouds or algorithms never discards it, and each cloud keeps its own public key
// and token. A wrap is kept whole with what it was made from: its files are offered as
// the result only while every choice and box still holds what it was made from, and
// otherwise only beside the very material they hold (a cloud binds its key to the first
// material imported, so wrapped files beside other material would be a key lost).
import { ByokError, createAzureByok, wrapKeyMaterial } from '../src/index.js';
import { fromBase64, fromBase64Url, toBase64 } from '../src/lib/bytes.js';
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
import { $, DownloadList, readInputFile, say, warnBeforeLeaving, type DownloadFile } from './ui.js';

/** What a wrap is made from: the choices, and the boxes as they were when Wrap was pressed. */
interface Inputs {
  cloud: CloudRow;
  keyType: KeyTypeRow;
  algorithm: Algorithm;
  /** The public key box, trimmed. */
  publicKey: string;
  /** The second box (token, import job, kid), trimmed; '' for a cloud without one. */
  token: string;
  /** The material box as read; undefined when empty or unreadable. */
  material: Material | undefined;
}

/** One wrap, kept whole: its inputs and everything made from them. */
interface Wrap extends Inputs {
  material: Material;
  summary: string;
  output: string;
  request: string | undefined;
  /** Files for the console, and copies of the material they hold. */
  upload: DownloadFile[];
  keep: DownloadFile[];
  /** Its entry in the list of earlier wraps, made when first shown there. */
  item?: { li: HTMLLIElement; lists: DownloadList[] };
}

const sameMaterial = (a: Material | undefined, b: Material | undefined): boolean =>
  !!a && !!b && a.kind === b.kind && a.bytes.length === b.bytes.length && a.bytes.every((x, i) => x === b.bytes[i]);

/** "Import token" → "import token"; a name in capitals ("KEK key identifier") stays as it is. */
const noun = (label: string) => {
  const words = label.replace(/ \(.*$/, '');
  return /^[A-Z][a-z]/.test(words) ? words.charAt(0).toLowerCase() + words.slice(1) : words;
};

/** What differs between a wrap and the page's inputs now, in words; none: the wrap is the result for them. */
function changes(w: Wrap, now: Inputs): string[] {
  if (w.cloud !== now.cloud) return ['the cloud'];
  const o = w.cloud.offline;
  return [
    w.keyType !== now.keyType && 'the key type',
    w.algorithm !== now.algorithm && 'the wrapping algorithm',
    w.publicKey !== now.publicKey && `the ${o.publicKey.noun}`,
    o.token && w.token !== now.token && `the ${noun(o.token.label)}`,
    !sameMaterial(w.material, now.material) && 'the key material',
  ].filter((c): c is string => typeof c === 'string');
}

const inWords = (list: string[]) => list.join(', ').replace(/, ([^,]+)$/, ' and $1');

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

/** The most a token box takes (an AWS import token is about 1 KiB of base64): 64 KiB of text. */
const TOKEN_MAX = 65_536;

/**
 * A KEK's key identifier as Azure gives it: https://<vault>.vault.azure.net/keys/<name>/<version>
 * (or a Managed HSM's). createAzureByok only asks for a non-empty string, so anything else
 * would be written into the .byok header and refused by Azure later.
 */
const AZURE_KID = /^https:\/\/[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+(?::\d{1,5})?\/keys\/[A-Za-z0-9-]{1,127}\/[A-Za-z0-9]{1,64}$/i;

/** The second box checked before use: its size, base64 where the console takes the token as bytes, Azure's kid. */
function checkToken(cloud: CloudRow, algorithm: Algorithm, text: string): void {
  const o = cloud.offline;
  if (!o.token || !text) return;
  const what = noun(o.token.label);
  if (text.length > TOKEN_MAX) {
    throw new DemoError(`The ${what} is ${text.length} characters; this page takes at most ${TOKEN_MAX} (64 KiB). Paste what ${cloud.name} gave, or choose its file.`);
  }
  if (o.upload.some((f) => f.of === 'token' && f.as === 'binary') && !fromBase64(text)) {
    throw new DemoError(`The ${what} is read as base64, as GetParametersForImport gives it (the console's ImportToken.bin file is read so too): this is not base64.`);
  }
  if (algorithm === AZURE_BYOK && !AZURE_KID.test(text)) {
    // The library's own refusal of a kid (createAzureByok), for one it would take but Azure would not.
    throw new ByokError('ERR_INVALID_ARGUMENT', "kid must be the key exchange key's identifier (https://<vault>.vault.azure.net/keys/<name>/<version>, or a Managed HSM's https://<hsm>.managedhsm.azure.net/keys/<name>/<version>); this is not one");
  }
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
  /** Material generated here whose copy has not been downloaded yet (as kind + base64): leaving the page asks first. */
  const unsaved = new Set<string>();
  const materialId = (m: Material) => `${m.kind}:${toBase64(m.bytes)}`;
  const saved = (m: Material | undefined) => () => {
    if (m) unsaved.delete(materialId(m));
  };
  const materialFiles = new DownloadList($('off-material-files'), () => saved(shownMaterial)());
  const resultFiles = new DownloadList($('off-files'));
  const selects = [cloudSelect, keyTypeSelect, algorithmSelect];
  /** What starts an operation or changes what it is for: disabled while one runs (the material box is read-only then). */
  const starters = [...selects, $<HTMLButtonElement>('off-generate'), $<HTMLButtonElement>('off-wrap'), $<HTMLInputElement>('off-material-file')];

  cloudSelect.replaceChildren(...CLOUDS.map((c) => new Option(c.name, c.id)));
  let cloud = CLOUDS[0]!;
  let keyType = cloud.keyTypes[0]!;
  /** Every wrap made in this page's life, oldest first: none is dropped but for a newer one made from the same inputs. */
  const wraps: Wrap[] = [];
  /** The material box as last read (renderMaterial). */
  let shownMaterial: Material | undefined;
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
  };

  /** What the material box holds, whether it fits the key type, and copies of it to keep. */
  const renderMaterial = () => {
    let files: ReturnType<typeof makeFiles> = [];
    shownMaterial = undefined;
    try {
      const m = readMaterial(material.value, keyType.target);
      shownMaterial = m;
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
    renderResult();
  };

  const inputsNow = (): Inputs => ({
    cloud,
    keyType,
    algorithm: algorithmSelect.value as Algorithm,
    publicKey: publicKey.value.trim(),
    token: cloud.offline.token ? token.value.trim() : '',
    material: shownMaterial,
  });

  /** An earlier wrap's entry: what it was made for, the material it holds, and its files, side by side. */
  const earlierItem = (w: Wrap) => {
    if (w.item) return w.item.li;
    const li = document.createElement('li');
    const about = Object.assign(document.createElement('p'), { textContent: w.summary });
    const material = Object.assign(document.createElement('ul'), { className: 'files pair-material' });
    material.setAttribute('aria-label', 'The key material this wrap holds');
    const files = Object.assign(document.createElement('ul'), { className: 'files pair-files' });
    files.setAttribute('aria-label', 'Its files for the console, made from that material');
    li.append(about, material, files);
    const lists = [new DownloadList(material, saved(w.material)), new DownloadList(files)];
    lists[0]!.show(w.keep);
    lists[1]!.show(w.upload);
    w.item = { li, lists };
    return li;
  };

  /** The wrap whose files #off-files lists now. */
  let resultShows: Wrap | undefined;
  /**
   * The result: the newest wrap made from exactly what the page holds now, with its files;
   * when there is none, why not, and no files. Every other wrap is listed below, each with
   * the material it holds, so no wrapped file ever stands beside other material.
   */
  const renderResult = () => {
    $('off-result').hidden = wraps.length === 0;
    const latest = wraps.at(-1);
    if (!latest) return;
    const now = inputsNow();
    const current = [...wraps].reverse().find((w) => changes(w, now).length === 0);
    $('off-result-summary').textContent = (current ?? latest).summary;
    const changed = current ? [] : changes(latest, now);
    $('off-result-stale').hidden = !!current;
    $('off-result-stale').textContent = current
      ? ''
      : `Changed since the last wrap: ${inWords(changed)}. Its files are withdrawn, as they do not hold what is above: wrap again. Every earlier wrap is kept below with the material it holds.`;
    $('off-result-current').hidden = !current;
    if (current) {
      const o = current.cloud.offline;
      $('off-output-label').textContent = o.output.label;
      $<HTMLTextAreaElement>('off-output').value = current.output;
      $('off-request-fields').hidden = current.request === undefined;
      $('off-request-label').textContent = o.request?.label ?? '';
      $<HTMLTextAreaElement>('off-request').value = current.request ?? '';
      $('off-source').textContent = o.source;
    } else {
      $<HTMLTextAreaElement>('off-output').value = '';
      $<HTMLTextAreaElement>('off-request').value = '';
    }
    if (resultShows !== current) resultFiles.show(current?.upload ?? []);
    resultShows = current;
    const earlier = wraps.filter((w) => w !== current).reverse();
    $('off-earlier').hidden = earlier.length === 0;
    $('off-earlier-list').replaceChildren(...earlier.map(earlierItem));
  };
  /** The choices an operation was started with: a change that gets through while it runs is undone. */
  let choicesWhileBusy: string[] = [];
  const setBusy = (on: boolean) => {
    busy = on;
    choicesWhileBusy = selects.map((s) => s.value);
    for (const el of starters) el.disabled = on;
    material.readOnly = on;
    $('offline').setAttribute('aria-busy', String(on));
  };

  /** One operation at a time, as in mock mode: while it runs nothing can change what it is for. */
  const run = async (what: string, fn: () => Promise<void>) => {
    if (busy) return;
    const origin = document.activeElement;
    setBusy(true);
    say(status, `${what}…`, 'progress');
    try {
      await fn();
    } catch (e) {
      say(status, explain(e), 'error');
    } finally {
      setBusy(false);
      // Disabling the focused button dropped focus to the body: give it back.
      if (origin instanceof HTMLElement && origin !== document.body && (document.activeElement === document.body || !document.activeElement)) origin.focus();
    }
  };

  const onChoice = () => {
    if (busy) selects.forEach((s, i) => (s.value = choicesWhileBusy[i]!));
    else renderChoices();
  };
  for (const s of selects) s.addEventListener('change', onChoice);
  material.addEventListener('input', renderMaterial);
  publicKey.addEventListener('input', renderResult);
  token.addEventListener('input', renderResult);
  const fromFile = (inputId: string, box: HTMLTextAreaElement, after: () => void = () => {}) =>
    $<HTMLInputElement>(inputId).addEventListener('change', async (ev) => {
      const input = ev.target as HTMLInputElement;
      const file = input.files?.[0];
      if (!file) return;
      try {
        box.value = await readInputFile(file);
        after();
      } catch (e) {
        say(status, explain(e), 'error');
      } finally {
        // The same file chosen again (for another cloud, say) is read again.
        input.value = '';
      }
    });
  fromFile('off-public-key-file', publicKey, renderResult);
  fromFile('off-token-file', token, renderResult);
  fromFile('off-material-file', material, renderMaterial);

  $('off-generate').addEventListener('click', () =>
    run('Generating key material', async () => {
      // Bound to the key type it is made for (the choices are locked meanwhile).
      const forType = keyType;
      const text = await generateMaterial(forType.target);
      if (keyType !== forType) throw new DemoError(`The key type changed while a ${forType.label} key was generated: nothing was put in the box. Generate again.`);
      material.value = text;
      renderMaterial();
      if (shownMaterial) unsaved.add(materialId(shownMaterial));
      const withdrawn = wraps.length > 0 && !$('off-result-stale').hidden ? ' The wrapped files were made from other material: wrap again for this one (the earlier wrap stays listed with its own material).' : '';
      say(status, `Generated in this page with crypto.getRandomValues. Download a copy below: re-importing later needs the same material.${withdrawn}`, 'ok');
    }),
  );

  $('off-wrap').addEventListener('click', () =>
    run('Wrapping', async () => {
      // Everything is taken now: what is wrapped, and what the result is said to be made from.
      const inputs = inputsNow();
      const { cloud, keyType, algorithm, token: tokenText } = inputs;
      const target = keyType.target;
      const o = cloud.offline;
      if (!inputs.publicKey) throw new DemoError(`Paste the ${o.publicKey.noun} from ${cloud.name} first (or choose its file).`);
      if (o.token?.required && !tokenText) throw new DemoError(o.token.missing);
      checkToken(cloud, algorithm, tokenText);
      const m = readMaterial(material.value, target);
      if (!m) throw new DemoError('Generate key material or bring your own first.');
      if (!materialFits(m, target) && target.kind === 'symmetric') {
        throw new DemoError(`This key type takes ${describeLengths(targetLengths(target))} of material; the material given is ${m.bytes.length} bytes (${m.bytes.length * 8} bits).`);
      }
      const out = await wrapFor(algorithm, inputs.publicKey, m, target, tokenText);
      const base64 = toBase64(out.bytes);
      const request = o.request?.build({ keyType, algorithm, wrapped: base64, token: tokenText, ...(out.azure ? { azure: out.azure } : {}) }) ?? undefined;
      const wrap: Wrap = {
        ...inputs,
        material: m,
        summary: `${out.bytes.length} bytes for ${cloud.name}, ${keyType.label}, ${algorithm}, wrapped at ${new Date().toLocaleTimeString()}.`,
        output: o.output.of === 'byok' ? (out.byok ?? '') : base64,
        request: request ? requestText(request) : undefined,
        upload: makeFiles(o.upload, { wrapped: out.bytes, token: tokenText, ...(out.byok === undefined ? {} : { byok: out.byok }), ...(request ? { request } : {}) }),
        keep: makeFiles(o.keep[m.kind], { material: m }),
      };
      // A wrap of the very same inputs replaces an older one: same material, same key, same token.
      for (let i = wraps.length - 1; i >= 0; i--) {
        const old = wraps[i]!;
        if (changes(old, wrap).length === 0) {
          for (const list of old.item?.lists ?? []) list.show([]);
          old.item?.li.remove();
          wraps.splice(i, 1);
        }
      }
      wraps.push(wrap);
      renderResult();
      const missing = o.token && !tokenText ? ` (${o.token.missing})` : '';
      say(status, `Wrapped: ${out.bytes.length} bytes. Take the files below to ${cloud.name}${missing}.`, 'ok');
    }),
  );

  // Generated material still on the page (in the box, or beside a wrap) whose copy was never taken.
  warnBeforeLeaving(() => [shownMaterial, ...wraps.map((w) => w.material)].some((m) => m && unsaved.has(materialId(m))));

  renderChoices();
}
