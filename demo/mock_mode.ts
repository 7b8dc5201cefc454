// Mock mode: the whole BYOK import in the browser against the mocked KMS, which runs in
// MSW's service worker under this page's own /api/kms path (CSP: connect-src 'self').
import { setupWorker } from 'msw/browser';
import {
  ByokError,
  createKmsClient,
  generateKeyMaterial,
  generateTargetKey,
  importKeyMaterial,
  wrapKeyMaterial,
  type KmsClient,
  type TargetKeySpec,
  type WrappingAlgorithm,
} from '../src/index.js';
import { createMockKms, type MockKms } from '../src/mock_kms/index.js';
import { toBase64 } from '../src/lib/bytes.js';
import { explain } from './messages.js';
import { $, readMaterialFile, say } from './ui.js';

const ENDPOINT = '/api/kms';
const PREFS = { persist: 'byok-demo:persist', clock: 'byok-demo:clock-offset' };
const HOUR = 3600 * 1000;

const SPECS: Record<'tencent' | 'aliyun', [string, string][]> = {
  tencent: [
    ['SYMMETRIC', 'Symmetric (AES-256 or SM4-128 material)'],
    ['ASYMMETRIC_RSA_2048', 'RSA_2048 (asymmetric)'],
  ],
  aliyun: [
    ['Aliyun_AES_256', 'Aliyun_AES_256 (symmetric)'],
    ['Aliyun_SM4', 'Aliyun_SM4 (symmetric)'],
    ['RSA_2048', 'RSA_2048'],
    ['RSA_3072', 'RSA_3072'],
    ['RSA_4096', 'RSA_4096'],
    ['EC_P256', 'EC_P256'],
    ['EC_P256K', 'EC_P256K (secp256k1)'],
    ['EC_SM2', 'EC_SM2'],
  ],
};

function algorithmsFor(spec: string): WrappingAlgorithm[] {
  if (spec === 'EC_SM2') return ['SM2PKE_SM4_ECB'];
  if (/^(RSA_|EC_)/.test(spec)) return ['RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD'];
  if (spec === 'Aliyun_SM4') return ['SM2PKE', 'RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSAES_PKCS1_V1_5'];
  return ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSAES_PKCS1_V1_5', 'SM2PKE'];
}

/** localStorage only when the person ticked "keep": the mock's state includes key material. */
class OptInStorage implements Storage {
  private last = new Map<string, string>();
  constructor(public enabled: boolean) {}
  get length() {
    return this.last.size;
  }
  key(i: number) {
    return [...this.last.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.enabled ? localStorage.getItem(k) : (this.last.get(k) ?? null);
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
    for (const k of this.last.keys()) localStorage.removeItem(k);
    this.last.clear();
  }
  setEnabled(on: boolean) {
    this.enabled = on;
    for (const [k, v] of this.last) {
      if (on) localStorage.setItem(k, v);
      else localStorage.removeItem(k);
    }
  }
}

interface KeyRow {
  keyId: string;
  spec: string;
  state: string;
  expires: string;
}

export async function startMockMode(): Promise<void> {
  const status = $('status');
  const log = $<HTMLOListElement>('log');
  const cloudSelect = $<HTMLSelectElement>('cloud');
  const specSelect = $<HTMLSelectElement>('key-spec');
  const algorithmSelect = $<HTMLSelectElement>('wrapping-algorithm');
  const materialBox = $<HTMLTextAreaElement>('material');
  let clockOffset = Number(localStorage.getItem(PREFS.clock) ?? 0) || 0;
  const kmsNow = () => Date.now() + clockOffset;
  const storage = new OptInStorage(localStorage.getItem(PREFS.persist) === 'yes');
  $<HTMLInputElement>('persist').checked = storage.enabled;

  const note = (text: string, kind: '' | 'retry' | 'error' | 'ok' = '') => {
    const li = document.createElement('li');
    li.textContent = `${new Date().toLocaleTimeString()}  ${text}`;
    if (kind) li.className = kind;
    log.prepend(li);
  };

  const kms: MockKms = createMockKms({ now: kmsNow, storage, baseUrls: [ENDPOINT] });
  if (kms.storageError) note(kms.storageError, 'error');
  const worker = setupWorker(...kms.handlers);
  try {
    await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
  } catch (e) {
    say(status, `The mocked KMS could not start its service worker: ${String(e)}`, 'error');
    return;
  }

  let client: KmsClient = createKmsClient({ cloud: 'tencent', endpoint: ENDPOINT });
  const keys = new Map<string, KeyRow>();
  let selected: string | undefined;

  const busy = async (what: string, fn: () => Promise<void>) => {
    say(status, `${what}…`);
    try {
      await fn();
    } catch (e) {
      say(status, explain(e), 'error');
      note(`${what}: ${explain(e)}`, 'error');
      await refresh();
    }
  };

  const fillSpecs = () => {
    specSelect.replaceChildren(...SPECS[client.cloud].map(([v, label]) => new Option(label, v)));
  };

  const refreshClock = () => {
    $('clock-now').textContent = new Date(kmsNow()).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  };

  async function refresh() {
    const list = await client.listKeys(client.cloud === 'tencent' ? { Limit: 100 } : { PageSize: 100 });
    const ids: string[] =
      client.cloud === 'tencent'
        ? (list.Keys as { KeyId: string }[]).map((k) => k.KeyId)
        : (list.Keys as { Key: { KeyId: string }[] }).Key.map((k) => k.KeyId);
    keys.clear();
    for (const id of ids) {
      const m = (await client.describeKey({ KeyId: id })).KeyMetadata as Record<string, string | number>;
      const expires = client.cloud === 'tencent' ? (m.ValidTo ? new Date(Number(m.ValidTo) * 1000).toISOString() : 'never') : m.MaterialExpireTime || 'never';
      keys.set(id, { keyId: id, spec: String(m.KeySpec ?? 'SYMMETRIC'), state: String(m.KeyState), expires: String(expires) });
    }
    if (selected && !keys.has(selected)) selected = undefined;
    renderKeys();
  }

  function renderKeys() {
    const body = $('keys').querySelector('tbody')!;
    body.replaceChildren(
      ...[...keys.values()].map((k) => {
        const tr = document.createElement('tr');
        tr.dataset.keyId = k.keyId;
        if (k.keyId === selected) tr.className = 'selected';
        const radio = Object.assign(document.createElement('input'), { type: 'radio', name: 'key', checked: k.keyId === selected, ariaLabel: `select ${k.keyId}` });
        radio.addEventListener('change', () => select(k.keyId));
        const cells = [radio, k.keyId, k.spec, k.state, k.expires].map((c, i) => {
          const td = document.createElement('td');
          if (typeof c === 'string') td.textContent = c;
          else td.append(c);
          if (i === 1) td.className = 'id';
          if (i === 3) td.className = 'state';
          return td;
        });
        tr.append(...cells);
        return tr;
      }),
    );
    $('no-keys').hidden = keys.size > 0;
    const key = selected ? keys.get(selected) : undefined;
    $<HTMLFieldSetElement>('import-panel').disabled = !key;
    $<HTMLFieldSetElement>('use-panel').disabled = !key;
    $('selected-key').textContent = key ? key.keyId : 'the selected key';
  }

  function select(keyId: string) {
    const changed = selected !== keyId;
    selected = keyId;
    const key = keys.get(keyId)!;
    if (changed) {
      algorithmSelect.replaceChildren(...algorithmsFor(key.spec).map((a) => new Option(a, a)));
      materialBox.value = '';
    }
    $('use-key').textContent = key.spec.startsWith('Aliyun_') || key.spec === 'SYMMETRIC' ? 'Encrypt + decrypt' : key.spec === 'EC_SM2' ? 'Encrypt locally + AsymmetricDecrypt' : 'Sign + verify';
    renderKeys();
  }

  cloudSelect.addEventListener('change', () =>
    busy('Switching cloud', async () => {
      client = createKmsClient({ cloud: cloudSelect.value as 'tencent' | 'aliyun', endpoint: ENDPOINT });
      selected = undefined;
      fillSpecs();
      await refresh();
      say(status, `Talking to the mocked ${client.cloud === 'tencent' ? 'Tencent Cloud' : 'Alibaba Cloud'} KMS.`, 'ok');
    }),
  );

  // "A burst": every request is throttled until the client has backed off twice.
  let burstRetriesLeft = 0;
  $<HTMLSelectElement>('throttle').addEventListener('change', (ev) => {
    const value = (ev.target as HTMLSelectElement).value;
    burstRetriesLeft = value === 'burst' ? 2 : 0;
    const throttle = value === 'burst' ? 1 : Number(value);
    kms.setFaults({ throttle });
    note(value === 'burst' ? 'The mocked KMS will throttle the next 2 requests.' : throttle ? `The mocked KMS now throttles ${throttle * 100}% of requests.` : 'Throttling off.');
  });
  const endBurst = () => {
    if (burstRetriesLeft > 0 && --burstRetriesLeft === 0) {
      kms.setFaults({ throttle: 0 });
      $<HTMLSelectElement>('throttle').value = '0';
    }
  };

  const moveClock = (ms: number | 'reset') =>
    busy('Moving the KMS clock', async () => {
      clockOffset = ms === 'reset' ? 0 : clockOffset + ms;
      localStorage.setItem(PREFS.clock, String(clockOffset));
      refreshClock();
      await refresh();
      say(status, `KMS clock moved: now ${$('clock-now').textContent}.`, 'ok');
      note(`KMS clock ${ms === 'reset' ? 'reset' : `+${ms / HOUR} h`}.`);
    });
  $('clock-hour').addEventListener('click', () => moveClock(HOUR));
  $('clock-day').addEventListener('click', () => moveClock(25 * HOUR));
  $('clock-reset').addEventListener('click', () => moveClock('reset'));

  $<HTMLInputElement>('persist').addEventListener('change', (ev) => {
    const on = (ev.target as HTMLInputElement).checked;
    storage.setEnabled(on);
    localStorage.setItem(PREFS.persist, on ? 'yes' : 'no');
    note(on ? 'The mocked KMS is kept in localStorage across reloads.' : 'The mocked KMS is no longer kept in localStorage.');
  });

  $('reset-kms').addEventListener('click', () =>
    busy('Forgetting all mock keys', async () => {
      kms.reset();
      selected = undefined;
      await refresh();
      say(status, 'All mock keys forgotten.', 'ok');
    }),
  );

  $('create-key').addEventListener('click', () =>
    busy('Creating an external key', async () => {
      const spec = specSelect.value;
      let keyId: string;
      if (client.cloud === 'tencent') {
        const usage = spec === 'SYMMETRIC' ? 'ENCRYPT_DECRYPT' : 'ASYMMETRIC_DECRYPT_RSA_2048';
        keyId = String((await client.createKey({ Alias: `byok-demo-${Date.now()}`, Type: 2, KeyUsage: usage })).KeyId);
      } else {
        const usage = spec.startsWith('Aliyun_') || spec === 'EC_SM2' ? 'ENCRYPT/DECRYPT' : 'SIGN/VERIFY';
        keyId = ((await client.createKey({ KeySpec: spec, KeyUsage: usage, Origin: 'EXTERNAL' })).KeyMetadata as { KeyId: string }).KeyId;
      }
      await refresh();
      select(keyId);
      say(status, `Created ${keyId}: it waits for key material (PendingImport).`, 'ok');
      note(`CreateKey → ${keyId} (${spec}, external origin)`);
    }),
  );

  $('generate').addEventListener('click', () =>
    busy('Generating key material', async () => {
      const key = keys.get(selected!)!;
      const algorithm = algorithmSelect.value as WrappingAlgorithm;
      if (algorithm.includes('_ECB')) {
        const spec = key.spec as TargetKeySpec;
        if (spec === 'RSA_4096' || spec === 'RSA_3072') say(status, `Generating an ${spec} private key in this browser — this can take several seconds…`);
        const { privateKey } = await generateTargetKey(spec);
        materialBox.value = `-----BEGIN PRIVATE KEY-----\n${toBase64(privateKey).replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
        privateKey.fill(0);
      } else {
        const bits = key.spec === 'Aliyun_SM4' || algorithm === 'SM2PKE' ? 128 : 256;
        const material = generateKeyMaterial(bits);
        materialBox.value = toBase64(material);
        material.fill(0);
      }
      say(status, 'Generated in this page with crypto.getRandomValues. Keep a copy if you want to re-import it later.', 'ok');
    }),
  );

  $<HTMLInputElement>('material-file').addEventListener('change', async (ev) => {
    const file = (ev.target as HTMLInputElement).files?.[0];
    if (file) materialBox.value = await readMaterialFile(file);
  });

  $('import').addEventListener('click', () =>
    busy('Importing', async () => {
      const keyId = selected!;
      const wrappingAlgorithm = algorithmSelect.value as WrappingAlgorithm;
      const keyMaterial = materialBox.value.trim();
      if (!keyMaterial) throw new ByokError('ERR_INVALID_KEY_MATERIAL', 'Generate material or bring your own first.');
      const expiry = Number($<HTMLSelectElement>('expiry').value);
      await importKeyMaterial({
        client,
        keyId,
        keyMaterial,
        wrappingAlgorithm,
        validTo: expiry ? Math.floor(kmsNow() / 1000) + expiry : 0,
        retry: { maxRetries: 6, baseDelayMs: 200 },
        onProgress: (step, d) => {
          const words: Record<string, string> = {
            parameters: 'GetParametersForImport: fetching the wrapping public key and import token',
            'refresh-parameters': 'The import token had expired: fetching fresh import parameters',
            wrap: `Wrapping the material locally with ${wrappingAlgorithm}`,
            import: 'ImportKeyMaterial: sending the wrapped material',
            done: 'Imported.',
          };
          if (step === 'retry' && d) {
            endBurst();
            say(status, `The KMS answered ${d.kmsCode}; retrying in ${d.delayMs} ms (attempt ${d.attempt})…`);
            note(`${d.operation} answered ${d.kmsCode}: retry ${d.attempt} in ${d.delayMs} ms (exponential backoff)`, 'retry');
          } else note(words[step] ?? step, step === 'done' ? 'ok' : '');
        },
      });
      await refresh();
      say(status, `Imported into ${keyId}: the key is ${keys.get(keyId)?.state}.`, 'ok');
    }),
  );

  // Step by step, so the clock control can let a token expire between the two steps.
  let params: { keyId: string; algorithm: WrappingAlgorithm; PublicKey: string; ImportToken: string } | undefined;
  $('get-params').addEventListener('click', () =>
    busy('Getting import parameters', async () => {
      const algorithm = algorithmSelect.value as WrappingAlgorithm;
      const r = await client.getParametersForImport({ KeyId: selected!, WrappingAlgorithm: algorithm, WrappingKeySpec: algorithm.startsWith('SM2') ? 'EC_SM2' : 'RSA_2048' });
      params = { keyId: selected!, algorithm, PublicKey: r.PublicKey, ImportToken: r.ImportToken };
      const validTo = r.ParametersValidTo ? new Date(r.ParametersValidTo * 1000).toISOString() : r.TokenExpireTime;
      $('params-info').textContent = `Token ${r.ImportToken.slice(0, 16)}… and its public key are valid until ${validTo} (KMS clock).`;
      $<HTMLButtonElement>('import-manual').disabled = false;
      say(status, 'Got a wrapping public key and an import token (valid 24 hours).', 'ok');
      note(`GetParametersForImport → token valid until ${validTo}`);
    }),
  );
  $('import-manual').addEventListener('click', () =>
    busy('Importing with the fetched parameters', async () => {
      if (!params || params.keyId !== selected) throw new ByokError('ERR_INVALID_ARGUMENT', 'Get import parameters for this key first.');
      const { encryptedKeyMaterial } = await wrapKeyMaterial({ publicKey: params.PublicKey, wrappingAlgorithm: params.algorithm, keyMaterial: materialBox.value.trim() });
      note(`Wrapped locally with ${params.algorithm}`);
      const expiry = Number($<HTMLSelectElement>('expiry').value);
      const validTo = expiry ? Math.floor(kmsNow() / 1000) + expiry : 0;
      await client.importKeyMaterial({ KeyId: params.keyId, EncryptedKeyMaterial: encryptedKeyMaterial, ImportToken: params.ImportToken, ...(client.cloud === 'tencent' ? { ValidTo: validTo } : { KeyMaterialExpireUnix: validTo }) });
      await refresh();
      say(status, `Imported into ${params.keyId}: the key is ${keys.get(params.keyId)?.state}.`, 'ok');
      note('ImportKeyMaterial → imported', 'ok');
    }),
  );

  $('use-key').addEventListener('click', () =>
    busy('Using the key', async () => {
      const key = keys.get(selected!)!;
      const message = $<HTMLInputElement>('message').value || 'hello';
      if (key.spec === 'SYMMETRIC' || key.spec.startsWith('Aliyun_')) {
        const plaintext = client.cloud === 'tencent' ? toBase64(new TextEncoder().encode(message)) : message;
        const { CiphertextBlob } = await client.encrypt({ KeyId: key.keyId, Plaintext: plaintext });
        const { Plaintext } = await client.decrypt({ CiphertextBlob });
        const back = client.cloud === 'tencent' ? new TextDecoder().decode(Uint8Array.from(atob(Plaintext), (c) => c.charCodeAt(0))) : Plaintext;
        note(`Encrypt → ${CiphertextBlob.slice(0, 40)}…; Decrypt → "${back}"`, 'ok');
        say(status, `Encrypted and decrypted with the imported material: "${back}".`, 'ok');
        return;
      }
      const { PublicKey } = await client.getPublicKey({ KeyId: key.keyId });
      note(`GetPublicKey → ${PublicKey.split('\n')[1]?.slice(0, 40)}…`);
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(message)));
      if (key.spec === 'EC_SM2') {
        // Encrypt the digest to the imported key here, let the KMS decrypt it.
        const { encryptedKeyMaterial } = await wrapKeyMaterial({ publicKey: PublicKey, wrappingAlgorithm: 'SM2PKE', keyMaterial: digest });
        const r = await client.request('AsymmetricDecrypt', { KeyId: key.keyId, KeyVersionId: 'v1', Algorithm: 'SM2PKE', CiphertextBlob: encryptedKeyMaterial });
        const ok = r.Plaintext === toBase64(digest);
        say(status, ok ? 'AsymmetricDecrypt opened what this page encrypted to the imported SM2 key.' : 'AsymmetricDecrypt returned something else!', ok ? 'ok' : 'error');
        note(`SM2 encrypt (here) → AsymmetricDecrypt (KMS): ${ok ? 'match' : 'MISMATCH'}`, ok ? 'ok' : 'error');
        return;
      }
      const algorithm = key.spec.startsWith('RSA') ? 'RSA_PKCS1_SHA_256' : 'ECDSA_SHA_256';
      const { Value } = (await client.request('AsymmetricSign', { KeyId: key.keyId, KeyVersionId: 'v1', Algorithm: algorithm, Digest: toBase64(digest) })) as { Value: string };
      const verified = (await client.request('AsymmetricVerify', { KeyId: key.keyId, KeyVersionId: 'v1', Algorithm: algorithm, Digest: toBase64(digest), Value })).Value === true;
      say(status, verified ? `AsymmetricSign with the imported ${key.spec} key; AsymmetricVerify: valid.` : 'The signature did not verify!', verified ? 'ok' : 'error');
      note(`AsymmetricSign (${algorithm}) → ${Value.slice(0, 32)}…; AsymmetricVerify → ${verified}`, verified ? 'ok' : 'error');
    }),
  );

  const manage = (id: string, what: string, run: (keyId: string) => Promise<unknown>) =>
    $(id).addEventListener('click', () =>
      busy(what, async () => {
        await run(selected!);
        await refresh();
        say(status, `${what}: the key is now ${keys.get(selected!)?.state ?? 'gone'}.`, 'ok');
        note(`${what} → ${keys.get(selected!)?.state ?? 'gone'}`);
      }),
    );
  manage('delete-material', 'Delete key material', (KeyId) => client.deleteKeyMaterial({ KeyId }));
  manage('disable-key', 'Disable', (KeyId) => client.disableKey({ KeyId }));
  manage('enable-key', 'Enable', (KeyId) => client.enableKey({ KeyId }));
  manage('schedule-deletion', 'Schedule deletion', (KeyId) => client.scheduleKeyDeletion({ KeyId, PendingWindowInDays: 7 }));
  manage('cancel-deletion', 'Cancel deletion', (KeyId) => client.cancelKeyDeletion({ KeyId }));

  fillSpecs();
  refreshClock();
  await refresh();
  if (keys.size) select([...keys.keys()][0]!);
  say(status, `Mocked ${client.cloud === 'tencent' ? 'Tencent Cloud' : 'Alibaba Cloud'} KMS ready${keys.size ? ` (${keys.size} keys kept from before)` : ''}.`, 'ok');
  document.body.dataset.ready = 'yes';
}
