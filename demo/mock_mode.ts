// Mock mode: the whole BYOK import in the browser against the mocked KMS, which runs in
// MSW's service worker under this page's own /api/kms path (CSP: connect-src 'self').
//
// One operation at a time: while one runs, every button that starts another is disabled
// (a double click cannot start two imports). Every KMS call retries throttling and
// internal errors with the library's backoff and reports each retry. The page is drawn
// from `state` by render(); material typed or generated for a key is kept per key.
import { setupWorker } from 'msw/browser';
import { createKmsClient, importKeyMaterial, wrapKeyMaterial, type WrappingAlgorithm } from '../src/index.js';
import { createMockKms, STORAGE_KEY, type MockKms } from '../src/mock_kms/index.js';
import { toBase64 } from '../src/lib/bytes.js';
import { CLOUDS, cloudRow, wrappingAlgorithms, type CloudRow, type KeyTypeRow } from './clouds.js';
import { generateMaterial, makeFiles, readMaterial } from './files.js';
import {
  asymmetric,
  createExternalKey,
  macVerify,
  encryptDecrypt,
  getImportParameters,
  importWrapped,
  listKeyViews,
  manage,
  utc,
  type DemoClient,
  type ImportParameters,
  type KeyView,
} from './kms_api.js';
import { DemoError, explain } from './messages.js';
import { describeTarget } from './offline_mode.js';
import { isRetryable, retriesSpent, withBackoff, type RetryNotice, type RetryPolicy } from './retry.js';
import { $, DownloadList, readInputFile, say, warnBeforeLeaving } from './ui.js';
import { startWireLog } from './wire_log.js';

const ENDPOINT = '/api/kms';
const PREFS = { persist: 'byok-demo:persist', clock: 'byok-demo:clock-offset', keyTypes: 'byok-demo:key-types', cloud: 'byok-demo:cloud' };
const HOUR = 3600 * 1000;

/**
 * localStorage only while the person has ticked "keep": the mock's state includes key
 * material. Whatever it reads or writes is also held here, so that ticking "keep" again
 * stores the state as it is now, and unticking removes every key it manages from
 * localStorage: the ones written in this page's life and the ones an earlier page stored.
 */
class OptInStorage implements Storage {
  private last = new Map<string, string>();
  constructor(
    public enabled: boolean,
    /** The keys this storage is for, removed on opt-out whatever this page wrote. */
    private readonly owned: readonly string[],
  ) {}
  get length() {
    return this.last.size;
  }
  key(i: number) {
    return [...this.last.keys()][i] ?? null;
  }
  getItem(k: string) {
    if (!this.enabled) return this.last.get(k) ?? null;
    const v = localStorage.getItem(k);
    if (v === null) this.last.delete(k);
    else this.last.set(k, v);
    return v;
  }
  setItem(k: string, v: string) {
    this.last.set(k, v);
    if (this.enabled) localStorage.setItem(k, v);
  }
  removeItem(k: string) {
    this.last.delete(k);
    localStorage.removeItem(k);
  }
  clear() {
    for (const k of new Set([...this.owned, ...this.last.keys()])) localStorage.removeItem(k);
    this.last.clear();
  }
  setEnabled(on: boolean) {
    this.enabled = on;
    if (on) for (const [k, v] of this.last) localStorage.setItem(k, v);
    else for (const k of new Set([...this.owned, ...this.last.keys()])) localStorage.removeItem(k);
  }
}

/** A demo preference (key types, the clock) as stored JSON: only when "keep" is ticked, and never trusted. */
function readPref<T>(key: string, valid: (v: unknown) => v is T, fallback: T): T {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(key) ?? 'null');
    return valid(v) ? v : fallback;
  } catch {
    return fallback;
  }
}

const MOCK_CLOUDS = CLOUDS.filter((c) => c.mock);
/** The mocked KMS's client for a cloud of the table. */
const clientFor = (cloud: CloudRow): DemoClient => {
  if (!cloud.mock) throw new DemoError(`The mocked KMS does not speak ${cloud.name}.`);
  return createKmsClient({ cloud: cloud.mock, endpoint: ENDPOINT });
};

export async function startMockMode(): Promise<void> {
  const status = $('status');
  const log = $<HTMLOListElement>('log');
  const cloudSelect = $<HTMLSelectElement>('cloud');
  const keyTypeSelect = $<HTMLSelectElement>('key-type');
  const algorithmSelect = $<HTMLSelectElement>('wrapping-algorithm');
  const wrappingKeySpecSelect = $<HTMLSelectElement>('wrapping-key-spec');
  const expirySelect = $<HTMLSelectElement>('expiry');
  const materialBox = $<HTMLTextAreaElement>('material');
  /** Buttons and selects that start an operation: all disabled while one runs. */
  const starters = [...document.querySelectorAll<HTMLButtonElement | HTMLSelectElement>('#mock button, #cloud')];

  // Nothing is read from (or written to) localStorage unless the person ticked "keep".
  const storage = new OptInStorage(localStorage.getItem(PREFS.persist) === 'yes', [STORAGE_KEY, PREFS.clock, PREFS.keyTypes, PREFS.cloud]);
  $<HTMLInputElement>('persist').checked = storage.enabled;
  const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
  let clockOffset = storage.enabled ? readPref(PREFS.clock, isNumber, 0) : 0;
  const saveClock = () => {
    if (storage.enabled) localStorage.setItem(PREFS.clock, JSON.stringify(clockOffset));
  };
  const kmsNow = () => Date.now() + clockOffset;
  const isMockCloud = (v: unknown): v is string => MOCK_CLOUDS.some((c) => c.id === v);
  const saveCloud = () => {
    if (storage.enabled) localStorage.setItem(PREFS.cloud, JSON.stringify(state.cloud.id));
  };

  const note = (text: string, kind: '' | 'retry' | 'error' | 'ok' = '') => {
    const li = document.createElement('li');
    li.textContent = `${new Date().toLocaleTimeString()}  ${text}`;
    if (kind) li.className = kind;
    log.prepend(li);
    while (log.children.length > 300) log.lastElementChild!.remove();
  };

  const kms: MockKms = createMockKms({ now: kmsNow, storage, baseUrls: [ENDPOINT] });
  if (kms.storageError) note(kms.storageError, 'error');
  const worker = setupWorker(...kms.handlers);
  startWireLog(worker, $<HTMLOListElement>('wire'), ENDPOINT);
  try {
    await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
  } catch (e) {
    say(status, `The mocked KMS could not start its service worker: ${e instanceof Error ? e.message : String(e)}`, 'error');
    return;
  }

  // ---- state ----
  const state = {
    // The cloud last chosen, when "keep" is ticked (the keys of every cloud are kept alike).
    cloud: cloudRow(storage.enabled ? readPref(PREFS.cloud, isMockCloud, MOCK_CLOUDS[0]!.id) : MOCK_CLOUDS[0]!.id),
    keys: [] as KeyView[],
    /** Why the key list may be out of date (a refresh failed), or ''. */
    stale: '',
    selected: undefined as string | undefined,
    busy: false,
    params: undefined as ({ keyId: string; algorithm: WrappingAlgorithm } & ImportParameters) | undefined,
  };
  /** Per key, kept in this page's memory only: the material typed or generated, the algorithm picked. */
  const materials = new Map<string, string>();
  /** Per key, material generated here and neither imported nor downloaded yet: leaving the page asks first. */
  const unsaved = new Map<string, string>();
  warnBeforeLeaving(() => [...unsaved].some(([keyId, text]) => materials.get(keyId) === text));
  const materialFiles = new DownloadList($('material-files'), () => {
    if (state.selected) unsaved.delete(state.selected);
  });
  const algorithms = new Map<string, WrappingAlgorithm>();
  /** Per key, where the cloud lets the person choose it (AWS): the wrapping key spec picked. */
  const wrappingKeySpecs = new Map<string, string>();
  /** The key type each key was created as (Tencent's two symmetric types report the same spec). */
  const isKeyTypes = (v: unknown): v is Record<string, string> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((t) => typeof t === 'string');
  const keyTypes = new Map<string, string>(Object.entries(storage.enabled ? readPref(PREFS.keyTypes, isKeyTypes, {}) : {}));
  const saveKeyTypes = () => {
    if (storage.enabled) localStorage.setItem(PREFS.keyTypes, JSON.stringify(Object.fromEntries(keyTypes)));
  };

  // ---- faults and retries ----
  const policy = (): RetryPolicy => ({ maxRetries: Number($<HTMLSelectElement>('max-retries').value), baseDelayMs: Number($<HTMLSelectElement>('base-delay').value) });
  let burstRetriesLeft = 0;
  const applyFaults = () => {
    const throttle = $<HTMLSelectElement>('throttle').value;
    kms.setFaults({
      throttle: throttle === 'burst' ? 1 : Number(throttle),
      internalError: Number($<HTMLSelectElement>('internal-errors').value),
      delayMs: Number($<HTMLSelectElement>('delay').value),
    });
  };
  const onRetry = (n: RetryNotice) => {
    say(status, `${n.operation} answered ${n.kmsCode}: retry ${n.attempt} of ${n.maxRetries} in ${n.delayMs} ms…`, 'progress');
    note(`${n.operation} answered ${n.kmsCode}: retry ${n.attempt} of ${n.maxRetries} in ${n.delayMs} ms (exponential backoff)`, 'retry');
    // "A burst": every request is throttled until the client has backed off twice.
    if (burstRetriesLeft > 0 && --burstRetriesLeft === 0) {
      $<HTMLSelectElement>('throttle').value = '0';
      applyFaults();
      note('The burst of throttling is over.');
    }
  };
  $('throttle').addEventListener('change', () => {
    const value = $<HTMLSelectElement>('throttle').value;
    burstRetriesLeft = value === 'burst' ? 2 : 0;
    applyFaults();
    note(value === 'burst' ? 'The mocked KMS throttles every request until the client has retried twice.' : Number(value) ? `The mocked KMS now throttles ${Number(value) * 100}% of requests.` : 'Throttling off.');
  });
  $('internal-errors').addEventListener('change', () => {
    applyFaults();
    const rate = Number($<HTMLSelectElement>('internal-errors').value);
    note(rate ? `The mocked KMS now fails ${rate * 100}% of requests with an internal error.` : 'Internal errors off.');
  });
  $('delay').addEventListener('change', () => {
    applyFaults();
    note(`The mocked KMS now answers after ${$<HTMLSelectElement>('delay').value} ms.`);
  });

  /** The plain client goes to the library's importKeyMaterial (which retries on its own); every other call retries here. */
  let client: DemoClient = clientFor(state.cloud);
  let api: DemoClient = withBackoff(client, policy, onRetry);
  const setCloud = (cloud: CloudRow) => {
    state.cloud = cloud;
    client = clientFor(cloud);
    api = withBackoff(client, policy, onRetry);
  };

  // ---- reading the state ----
  const keyTypeOf = (key: KeyView): KeyTypeRow => {
    const id = keyTypes.get(key.keyId);
    return state.cloud.keyTypes.find((k) => k.id === id) ?? state.cloud.keyTypes.find((k) => k.spec === key.spec) ?? state.cloud.keyTypes[0]!;
  };
  const selectedKey = (): { key: KeyView; row: KeyTypeRow } => {
    const key = state.keys.find((k) => k.keyId === state.selected);
    if (!key) throw new DemoError('Select a key first.');
    return { key, row: keyTypeOf(key) };
  };
  const chosenAlgorithm = (row: KeyTypeRow): WrappingAlgorithm => {
    const offered = wrappingAlgorithms(row);
    const picked = algorithmSelect.value as WrappingAlgorithm;
    return offered.includes(picked) ? picked : offered[0]!;
  };
  /** GetParametersForImport's WrappingKeySpec: the one picked where the cloud offers a choice (AWS), else the algorithm's. */
  const chosenWrappingKeySpec = (keyId: string, algorithm: WrappingAlgorithm): string => {
    const offered = state.cloud.wrappingKeySpecs;
    const picked = wrappingKeySpecs.get(keyId);
    return offered && picked && offered.includes(picked) ? picked : state.cloud.wrappingKeySpec(algorithm);
  };
  /** Unix seconds, exactly as picked: 0 = never; relative choices count from the KMS clock. */
  const chosenExpiry = (): number => {
    const choice = expirySelect.value;
    if (choice === 'date') {
      const value = $<HTMLInputElement>('expiry-date').value;
      const ms = value ? Date.parse(`${value}Z`) : NaN;
      if (!Number.isFinite(ms)) throw new DemoError('Pick the date and time (UTC) when the material expires.');
      return Math.floor(ms / 1000);
    }
    const seconds = Number(choice);
    return seconds ? Math.floor(kmsNow() / 1000) + seconds : 0;
  };

  // ---- drawing the state ----
  const keyItems = new Map<string, HTMLLIElement>();
  let materialShownFor: string | undefined;
  let keyTypesShownFor: CloudRow | undefined;

  function renderKeys() {
    const ul = $('keys');
    const wanted = new Set(state.keys.map((k) => k.keyId));
    for (const [id, li] of keyItems) {
      if (!wanted.has(id)) {
        li.remove();
        keyItems.delete(id);
      }
    }
    // Items are updated in place, never re-created, so a focused radio keeps its focus.
    for (const key of state.keys) {
      let li = keyItems.get(key.keyId);
      if (!li) {
        li = document.createElement('li');
        li.dataset.keyId = key.keyId;
        const radio = Object.assign(document.createElement('input'), { type: 'radio', name: 'key', value: key.keyId, id: `key-${key.keyId}` });
        radio.addEventListener('change', () => select(key.keyId));
        const label = document.createElement('label');
        label.htmlFor = radio.id;
        const id = Object.assign(document.createElement('span'), { className: 'key-id' });
        const facts = Object.assign(document.createElement('span'), { className: 'key-facts' });
        facts.append(
          Object.assign(document.createElement('span'), { className: 'spec' }),
          ' · ',
          Object.assign(document.createElement('span'), { className: 'state' }),
          ' · material expires ',
          Object.assign(document.createElement('span'), { className: 'expires' }),
        );
        label.append(id, facts);
        li.append(radio, label);
        keyItems.set(key.keyId, li);
      }
      li.querySelector('.key-id')!.textContent = key.keyId;
      li.querySelector('.spec')!.textContent = key.spec;
      const stateEl = li.querySelector<HTMLElement>('.state')!;
      stateEl.textContent = key.state;
      stateEl.dataset.state = key.state;
      li.querySelector('.expires')!.textContent = key.expires;
      li.classList.toggle('selected', key.keyId === state.selected);
      li.querySelector('input')!.checked = key.keyId === state.selected;
      ul.append(li); // keeps the order of the list
    }
    $('no-keys').hidden = state.keys.length > 0;
    $('keys-stale').hidden = !state.stale;
    $('keys-stale').textContent = state.stale;
  }

  function render() {
    cloudSelect.value = state.cloud.id;
    if (keyTypesShownFor !== state.cloud) {
      keyTypeSelect.replaceChildren(...state.cloud.keyTypes.map((k) => new Option(k.label, k.id)));
      keyTypesShownFor = state.cloud;
    }
    renderKeys();

    const key = state.keys.find((k) => k.keyId === state.selected);
    const row = key ? keyTypeOf(key) : undefined;
    $<HTMLFieldSetElement>('import-panel').disabled = !key;
    $<HTMLFieldSetElement>('use-panel').disabled = !key;
    $('selected-key').textContent = key ? key.keyId : 'the selected key';
    // The wrapping key's size: a choice only where the cloud offers one (AWS); hidden elsewhere.
    const specs = state.cloud.wrappingKeySpecs ?? [];
    $('wrapping-key-spec-label').hidden = specs.length === 0;
    if (wrappingKeySpecSelect.options.length !== specs.length || [...wrappingKeySpecSelect.options].some((o, i) => o.value !== specs[i])) {
      wrappingKeySpecSelect.replaceChildren(...specs.map((w) => new Option(w, w)));
    }
    if (key && row) {
      const offered = wrappingAlgorithms(row);
      const algorithm = algorithms.get(key.keyId) ?? offered[0]!;
      if (algorithmSelect.options.length !== offered.length || [...algorithmSelect.options].some((o, i) => o.value !== offered[i])) {
        algorithmSelect.replaceChildren(...offered.map((a) => new Option(a, a)));
      }
      algorithmSelect.value = algorithm;
      if (specs.length) wrappingKeySpecSelect.value = chosenWrappingKeySpec(key.keyId, algorithm);
      $('material-label').textContent = describeTarget(row.target);
      $('use-key').textContent = { 'encrypt-decrypt': 'Encrypt + decrypt', 'sign-verify': 'Sign + verify', 'sm2-decrypt': 'Encrypt here + AsymmetricDecrypt', mac: 'GenerateMac + VerifyMac' }[row.use ?? 'encrypt-decrypt'];
    } else {
      algorithmSelect.replaceChildren();
    }
    if (materialShownFor !== state.selected) {
      materialBox.value = state.selected ? (materials.get(state.selected) ?? '') : '';
      materialShownFor = state.selected;
      renderMaterialFiles();
    }
    $('expiry-date-label').hidden = expirySelect.value !== 'date';
    const params = state.params && state.params.keyId === state.selected ? state.params : undefined;
    $('params-info').textContent = params ? `Token ${params.ImportToken.slice(0, 16)}… for ${params.algorithm}, valid with its public key until ${params.validTo} (KMS clock).` : '';

    for (const el of starters) el.disabled = state.busy;
    $<HTMLButtonElement>('import-manual').disabled = state.busy || !params;
    $('mock').setAttribute('aria-busy', String(state.busy));
    $('clock-now').textContent = utc(kmsNow());
  }

  function renderMaterialFiles() {
    const key = state.keys.find((k) => k.keyId === state.selected);
    let files: ReturnType<typeof makeFiles> = [];
    if (key) {
      try {
        const m = readMaterial(materialBox.value, keyTypeOf(key).target);
        if (m) files = makeFiles(state.cloud.offline.keep[m.kind], { material: m });
      } catch {
        // Not (yet) readable: no copies to offer; wrapping will say what is wrong.
      }
    }
    materialFiles.show(files);
  }

  function select(keyId: string) {
    state.selected = keyId;
    render();
  }

  // ---- running operations ----
  /** The keys created here as one of a cloud's key types (Tencent's ListKeys leaves out those pending deletion). */
  const createdIn = (cloud: CloudRow) => [...keyTypes].filter(([, type]) => cloud.keyTypes.some((k) => k.id === type)).map(([id]) => id);

  async function refresh(): Promise<void> {
    const cloud = state.cloud;
    const views = await listKeyViews(api, [...state.keys.map((k) => k.keyId), ...createdIn(cloud)]);
    if (cloud !== state.cloud) return;
    state.keys = views;
    state.stale = '';
    if (state.selected && !views.some((k) => k.keyId === state.selected)) state.selected = undefined;
    render();
  }

  /** After an operation: refresh, but a refresh that fails only marks the list as possibly stale. */
  async function refreshAfter(): Promise<void> {
    try {
      await refresh();
    } catch (e) {
      state.stale = `The key list may be out of date: ${explain(e)} Press "Refresh keys" to try again.`;
      render();
    }
  }

  /** Runs one operation at a time; a click while one runs does nothing (its button is disabled anyway). */
  async function run(what: string, fn: () => Promise<string>): Promise<void> {
    if (state.busy) return;
    const origin = document.activeElement;
    state.busy = true;
    render();
    say(status, `${what}…`, 'progress');
    try {
      const done = await fn();
      say(status, done, 'ok');
      note(done, 'ok');
    } catch (e) {
      // Throttled or failing KMS: nothing changed there, so no refresh to wait for.
      if (!isRetryable(e) && !(e instanceof DemoError)) await refreshAfter();
      const words = explain(e);
      say(status, words, 'error');
      note(`${what}: ${words}`, 'error');
    } finally {
      state.busy = false;
      render();
      // Disabling the focused button dropped focus to the body: give it back.
      if (origin instanceof HTMLElement && origin !== document.body && (document.activeElement === document.body || !document.activeElement)) origin.focus();
    }
  }

  const stateOf = (keyId: string) => state.keys.find((k) => k.keyId === keyId)?.state ?? 'gone';

  // ---- the controls ----
  cloudSelect.replaceChildren(...MOCK_CLOUDS.map((c) => new Option(c.name, c.id)));
  cloudSelect.addEventListener('change', () => {
    const next = cloudRow(cloudSelect.value);
    void run('Switching cloud', async () => {
      setCloud(next);
      saveCloud();
      state.keys = [];
      state.selected = undefined;
      state.params = undefined;
      render();
      await refresh().catch((e: unknown) => {
        state.stale = `The key list could not be loaded: ${explain(e)} Press "Refresh keys" to try again.`;
        throw e;
      });
      return `Talking to the mocked ${next.name}.`;
    });
  });

  $('refresh').addEventListener('click', () =>
    run('Refreshing the key list', async () => {
      await refresh();
      return `The mocked ${state.cloud.name} has ${state.keys.length} ${state.keys.length === 1 ? 'key' : 'keys'}.`;
    }),
  );

  const moveClock = (ms: number | 'reset') =>
    run('Moving the KMS clock', async () => {
      clockOffset = ms === 'reset' ? 0 : clockOffset + ms;
      saveClock();
      render();
      // Material or tokens may have expired at the new time: a list that could not be reloaded says so.
      await refresh().catch((e: unknown) => {
        state.stale = `The key list may be out of date: ${explain(e)} Press "Refresh keys" to try again.`;
        throw e;
      });
      return `KMS clock ${ms === 'reset' ? 'reset' : `moved +${ms / HOUR} h`}: now ${utc(kmsNow())}.`;
    });
  $('clock-hour').addEventListener('click', () => moveClock(HOUR));
  $('clock-day').addEventListener('click', () => moveClock(25 * HOUR));
  $('clock-reset').addEventListener('click', () => moveClock('reset'));

  $<HTMLInputElement>('persist').addEventListener('change', (ev) => {
    const on = (ev.target as HTMLInputElement).checked;
    // Off: the mock's state, the key types and the clock go, whoever stored them (issue 11.15).
    storage.setEnabled(on);
    if (on) {
      localStorage.setItem(PREFS.persist, 'yes');
      saveKeyTypes();
      saveClock();
      saveCloud();
    } else localStorage.removeItem(PREFS.persist);
    note(on ? 'The mocked KMS is kept in localStorage across reloads.' : 'The mocked KMS is no longer kept in localStorage, and what it had stored there is removed.');
  });

  $('reset-kms').addEventListener('click', () =>
    run('Forgetting all mock keys', async () => {
      kms.reset();
      state.keys = [];
      state.selected = undefined;
      state.params = undefined;
      materials.clear();
      unsaved.clear();
      keyTypes.clear();
      saveKeyTypes();
      await refresh();
      return 'All mock keys forgotten.';
    }),
  );

  $('create-key').addEventListener('click', () =>
    run('Creating an external key', async () => {
      const cloud = state.cloud;
      const row = cloud.keyTypes.find((k) => k.id === keyTypeSelect.value) ?? cloud.keyTypes[0]!;
      if (!row.createKey) throw new DemoError(`The mocked KMS cannot create ${row.label} keys.`);
      const keyId = await createExternalKey(api, row.createKey);
      keyTypes.set(keyId, row.id);
      saveKeyTypes();
      await refreshAfter();
      if (!state.keys.some((k) => k.keyId === keyId)) state.keys = [...state.keys, { keyId, spec: row.spec, state: 'PendingImport', expires: 'never', version: '' }];
      select(keyId);
      return `Created ${keyId} (${row.label}): it waits for key material (PendingImport).`;
    }),
  );

  keyTypeSelect.addEventListener('change', () => render());
  algorithmSelect.addEventListener('change', () => {
    if (state.selected) algorithms.set(state.selected, algorithmSelect.value as WrappingAlgorithm);
  });
  wrappingKeySpecSelect.addEventListener('change', () => {
    if (state.selected) wrappingKeySpecs.set(state.selected, wrappingKeySpecSelect.value);
  });
  expirySelect.addEventListener('change', () => render());
  materialBox.addEventListener('input', () => {
    if (state.selected) materials.set(state.selected, materialBox.value);
    renderMaterialFiles();
  });
  $<HTMLInputElement>('material-file').addEventListener('change', async (ev) => {
    const input = ev.target as HTMLInputElement;
    const file = input.files?.[0];
    const keyId = state.selected;
    if (!file || !keyId) return;
    try {
      materials.set(keyId, await readInputFile(file));
      materialShownFor = undefined;
      render();
    } catch (e) {
      say(status, explain(e), 'error');
    } finally {
      input.value = '';
    }
  });

  $('generate').addEventListener('click', () =>
    run('Generating key material', async () => {
      const { key, row } = selectedKey();
      if (row.target.kind === 'private-key' && (row.target.spec === 'RSA_4096' || row.target.spec === 'RSA_3072')) {
        say(status, `Generating an ${row.target.spec} private key in this browser — this can take several seconds…`, 'progress');
      }
      const text = await generateMaterial(row.target);
      materials.set(key.keyId, text);
      unsaved.set(key.keyId, text);
      materialShownFor = undefined;
      render();
      return 'Generated in this page with crypto.getRandomValues. Keep a copy (links below the material) if you want to re-import it later.';
    }),
  );

  const materialFor = (keyId: string): string => {
    const text = (materials.get(keyId) ?? '').trim();
    if (!text) throw new DemoError('Generate material or bring your own first.');
    return text;
  };

  $('import').addEventListener('click', () =>
    run('Importing', async () => {
      const { key, row } = selectedKey();
      const wrappingAlgorithm = chosenAlgorithm(row);
      const keyMaterial = materialFor(key.keyId);
      const validTo = chosenExpiry();
      const retry = policy();
      const words: Record<string, string> = {
        parameters: 'GetParametersForImport: fetching the wrapping public key and import token',
        'refresh-parameters': 'The import token had expired: fetching fresh import parameters',
        wrap: `Wrapping the material locally with ${wrappingAlgorithm}`,
        import: 'ImportKeyMaterial: sending the wrapped material',
        done: 'ImportKeyMaterial accepted the material.',
      };
      try {
        await importKeyMaterial({
          client,
          keyId: key.keyId,
          keyMaterial,
          wrappingAlgorithm,
          wrappingKeySpec: chosenWrappingKeySpec(key.keyId, wrappingAlgorithm),
          validTo,
          ...(row.target.kind === 'private-key' ? { targetKeySpec: row.target.spec } : {}),
          retry,
          onProgress: (step, d) => {
            if (step === 'retry' && d) onRetry({ operation: d.operation, attempt: d.attempt, delayMs: d.delayMs, kmsCode: d.kmsCode, maxRetries: retry.maxRetries });
            else {
              say(status, `${words[step] ?? step}…`, 'progress');
              note(words[step] ?? step);
            }
          },
        });
      } catch (e) {
        if (isRetryable(e)) retriesSpent.set(e, retry.maxRetries);
        throw e;
      }
      if (unsaved.get(key.keyId)?.trim() === keyMaterial) unsaved.delete(key.keyId);
      await refreshAfter();
      return `Imported into ${key.keyId}: the key is ${stateOf(key.keyId)}.`;
    }),
  );

  // Step by step, so the clock control can let a token expire between the two steps.
  $('get-params').addEventListener('click', () =>
    run('Getting import parameters', async () => {
      const { key, row } = selectedKey();
      const algorithm = chosenAlgorithm(row);
      const wrappingKeySpec = chosenWrappingKeySpec(key.keyId, algorithm);
      const params = await getImportParameters(api, key.keyId, algorithm, wrappingKeySpec);
      state.params = { keyId: key.keyId, algorithm, ...params };
      return `Got a wrapping public key and an import token for ${algorithm} (wrapping key ${wrappingKeySpec}), valid until ${params.validTo} (24 hours).`;
    }),
  );
  $('import-manual').addEventListener('click', () =>
    run('Importing with the fetched parameters', async () => {
      const { key, row } = selectedKey();
      const params = state.params;
      if (!params || params.keyId !== key.keyId) throw new DemoError('Get import parameters for this key first.');
      const keyMaterial = materialFor(key.keyId);
      const { encryptedKeyMaterial } = await wrapKeyMaterial({
        publicKey: params.PublicKey,
        wrappingAlgorithm: params.algorithm,
        keyMaterial,
        ...(row.target.kind === 'private-key' ? { targetKeySpec: row.target.spec } : {}),
      });
      note(`Wrapped locally with ${params.algorithm}`);
      await importWrapped(api, key.keyId, encryptedKeyMaterial, params.ImportToken, chosenExpiry());
      if (unsaved.get(key.keyId)?.trim() === keyMaterial) unsaved.delete(key.keyId);
      await refreshAfter();
      return `Imported into ${key.keyId} with the fetched parameters: the key is ${stateOf(key.keyId)}.`;
    }),
  );

  $('use-key').addEventListener('click', () =>
    run('Using the key', async () => {
      const { key, row } = selectedKey();
      const message = $<HTMLInputElement>('message').value || 'hello';
      if ((row.use ?? 'encrypt-decrypt') === 'encrypt-decrypt') {
        const { ciphertext, plaintext } = await encryptDecrypt(api, key.keyId, message);
        note(`Encrypt → ${ciphertext.slice(0, 40)}…; Decrypt → "${plaintext}"`);
        if (plaintext !== message) throw new DemoError(`Decrypt returned "${plaintext}", not the message!`);
        return `Encrypted and decrypted with the imported material: "${plaintext}".`;
      }
      if (row.use === 'mac') {
        const { algorithm, mac, valid } = await macVerify(api, key, message);
        note(`GenerateMac (${algorithm}) → ${mac.slice(0, 32)}…; VerifyMac → ${valid}`);
        if (!valid) throw new DemoError('The MAC did not verify!');
        return `GenerateMac with the imported ${key.spec} key; VerifyMac: valid.`;
      }
      const publicKey = await asymmetric.publicKey(api, key);
      note(`GetPublicKey → ${(publicKey.includes('\n') ? publicKey.split('\n')[1] : publicKey)?.slice(0, 40) ?? ''}…`);
      if (row.use === 'sm2-decrypt') {
        // Encrypt a digest to the imported key here, let the KMS decrypt it.
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(message)));
        const { encryptedKeyMaterial } = await wrapKeyMaterial({ publicKey, wrappingAlgorithm: 'SM2PKE', keyMaterial: digest });
        const plaintext = await asymmetric.decrypt(api, key, 'SM2PKE', encryptedKeyMaterial);
        if (plaintext !== toBase64(digest)) throw new DemoError('AsymmetricDecrypt returned something else than what this page encrypted!');
        return 'AsymmetricDecrypt opened what this page encrypted to the imported SM2 key.';
      }
      const { algorithm, signature, valid } = await asymmetric.signVerify(api, key, message);
      const [sign, verify] = state.cloud.mock === 'aws' ? ['Sign', 'Verify'] : ['AsymmetricSign', 'AsymmetricVerify'];
      note(`${sign} (${algorithm}) → ${signature.slice(0, 32)}…; ${verify} → ${valid}`);
      if (!valid) throw new DemoError('The signature did not verify!');
      return `${sign} with the imported ${key.spec} key; ${verify}: valid.`;
    }),
  );

  const managed = (id: string, what: string, call: (KeyId: string) => Promise<unknown>) =>
    $(id).addEventListener('click', () =>
      run(what, async () => {
        const { key } = selectedKey();
        await call(key.keyId);
        await refreshAfter();
        return `${what}: the key is now ${stateOf(key.keyId)}.`;
      }),
    );
  managed('delete-material', 'Delete key material', (KeyId) => manage.deleteMaterial(api, KeyId));
  managed('disable-key', 'Disable', (KeyId) => manage.disable(api, KeyId));
  managed('enable-key', 'Enable', (KeyId) => manage.enable(api, KeyId));
  managed('schedule-deletion', 'Schedule deletion', (KeyId) => manage.scheduleDeletion(api, KeyId));
  managed('cancel-deletion', 'Cancel deletion', (KeyId) => manage.cancelDeletion(api, KeyId));

  /** Kept keys are counted in every cloud, not only the one shown: " (3 keys kept from before: 1 in AWS KMS, 2 in …)". */
  async function keptFromBefore(): Promise<string> {
    if (!storage.enabled) return '';
    const counts: [CloudRow, number][] = [[state.cloud, state.keys.length]];
    for (const cloud of MOCK_CLOUDS.filter((c) => c !== state.cloud)) {
      try {
        counts.push([cloud, (await listKeyViews(withBackoff(clientFor(cloud), policy, onRetry), createdIn(cloud))).length]);
      } catch (e) {
        note(`Could not count the keys kept in ${cloud.name}: ${explain(e)}`, 'error');
      }
    }
    const total = counts.reduce((n, [, k]) => n + k, 0);
    if (!total) return '';
    const where = counts.filter(([cloud, n]) => n > 0 && !(cloud === state.cloud && n === total));
    return ` (${total} ${total === 1 ? 'key' : 'keys'} kept from before${where.length ? `: ${where.map(([cloud, n]) => `${n} in ${cloud.name}`).join(', ')}` : ''})`;
  }

  // ---- start ----
  render();
  await run('Starting the mocked KMS', async () => {
    await refresh();
    if (state.keys.length) select(state.keys[0]!.keyId);
    return `Mocked ${state.cloud.name} ready${await keptFromBefore()}.`;
  });
  document.body.dataset.ready = 'yes';
}
