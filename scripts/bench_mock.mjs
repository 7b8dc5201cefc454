// Full import flows per second through the mocked KMS in Node (create → parameters → wrap →
// import → describe) for the RSA wrapping algorithms of each dialect, and where the time
// goes. Part of `npm run bench`. First the flows as a cold mock serves them (every
// GetParametersForImport waits for a fresh RSA key pair), then, after a warm-up that
// generates the pairs ahead (kms.prepareWrappingKeys), the same flows from the pool.
// BENCH_FLOWS flows per row (default 50), BENCH_COLD cold flows (default 10); each warm row
// runs one flow at a time, then BENCH_PARALLEL (default 4) at a time, as a test runner may.
import { loadavg, availableParallelism } from 'node:os';
import { setupServer } from 'msw/node';
import { createMockKms } from '../dist/mock_kms/index.js';
import { generateKeyMaterial, generateTargetKey, wrapKeyMaterial } from '../dist/index.js';

const FLOWS = Number(process.env.BENCH_FLOWS ?? 50);
const COLD = Number(process.env.BENCH_COLD ?? 10);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 4);
const kms = createMockKms();
const server = setupServer(...kms.handlers);
server.listen({ onUnhandledRequest: 'error' });

async function tencent(action, body) {
  const headers = { 'content-type': 'application/json', 'x-tc-action': action, 'x-tc-version': '2019-01-18', 'x-tc-region': 'ap-guangzhou' };
  const r = await fetch('https://kms.tencentcloudapi.com/', { method: 'POST', headers, body: JSON.stringify(body) });
  const { Response } = await r.json();
  if (Response.Error) throw new Error(`${action}: ${Response.Error.Code}`);
  return Response;
}

async function aliyun(action, args) {
  const body = new URLSearchParams({ Action: action, Version: '2016-01-20', ...args });
  const r = await fetch('https://kms.cn-hangzhou.aliyuncs.com/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  const reply = await r.json();
  if (r.status !== 200) throw new Error(`${action}: ${reply.Code}`);
  return reply;
}

async function aws(action, body) {
  const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${action}` };
  const r = await fetch('https://kms.us-east-1.amazonaws.com/', { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await r.text();
  const reply = text === '' ? {} : JSON.parse(text);
  if (r.status !== 200) throw new Error(`${action}: ${reply.__type}`);
  return reply;
}

const rsaTarget = (await generateTargetKey('RSA_2048')).privateKey;
let aliases = 0;

/** One flow per dialect: the same steps in each cloud's words. */
const DIALECTS = {
  tencent: {
    create: async () => (await tencent('CreateKey', { Alias: `bench${aliases++}`, Type: 2 })).KeyId,
    parameters: (KeyId, algorithm, spec) => tencent('GetParametersForImport', { KeyId, WrappingAlgorithm: algorithm, WrappingKeySpec: spec }),
    import: (KeyId, encrypted, p) => tencent('ImportKeyMaterial', { KeyId, EncryptedKeyMaterial: encrypted, ImportToken: p.ImportToken }),
    state: async (KeyId) => (await tencent('DescribeKey', { KeyId })).KeyMetadata.KeyState,
  },
  aliyun: {
    create: async (keySpec) => (await aliyun('CreateKey', { Origin: 'EXTERNAL', KeySpec: keySpec ?? 'Aliyun_AES_256' })).KeyMetadata.KeyId,
    parameters: (KeyId, algorithm, spec) => aliyun('GetParametersForImport', { KeyId, WrappingAlgorithm: algorithm, WrappingKeySpec: spec }),
    import: (KeyId, encrypted, p) => aliyun('ImportKeyMaterial', { KeyId, EncryptedKeyMaterial: encrypted, ImportToken: p.ImportToken }),
    state: async (KeyId) => (await aliyun('DescribeKey', { KeyId })).KeyMetadata.KeyState,
  },
  aws: {
    create: async (keySpec) => (await aws('CreateKey', { Origin: 'EXTERNAL', ...(keySpec ? { KeySpec: keySpec, KeyUsage: 'SIGN_VERIFY' } : {}) })).KeyMetadata.KeyId,
    parameters: (KeyId, algorithm, spec) => aws('GetParametersForImport', { KeyId, WrappingAlgorithm: algorithm, WrappingKeySpec: spec }),
    import: (KeyId, encrypted, p) => aws('ImportKeyMaterial', { KeyId, EncryptedKeyMaterial: encrypted, ImportToken: p.ImportToken, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }),
    state: async (KeyId) => (await aws('DescribeKey', { KeyId })).KeyMetadata.KeyState,
  },
};

// [dialect, wrapping algorithm, wrapping key spec, target key spec (private-key material) or undefined]
const ROWS = [
  ['tencent', 'RSAES_OAEP_SHA_256', 'RSA_2048'],
  ['tencent', 'RSAES_OAEP_SHA_1', 'RSA_2048'],
  ['tencent', 'RSAES_PKCS1_V1_5', 'RSA_2048'],
  ['aliyun', 'RSAES_OAEP_SHA_256', 'RSA_2048'],
  ['aliyun', 'RSAES_PKCS1_V1_5', 'RSA_2048'],
  ['aliyun', 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', 'RSA_2048', 'RSA_2048'],
  ['aws', 'RSAES_OAEP_SHA_256', 'RSA_2048'],
  ['aws', 'RSAES_OAEP_SHA_1', 'RSA_2048'],
  ['aws', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_2048', 'RSA_2048'],
  ['aws', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_2048', 'RSA_2048'],
];

async function flows(n, [dialect, algorithm, wrappingKeySpec, target], parallel = 1) {
  const d = DIALECTS[dialect];
  const steps = { create: 0, parameters: 0, wrap: 0, import: 0, describe: 0 };
  const t0 = performance.now();
  let started = 0;
  const lane = async () => {
    while (started < n) {
      started++;
      await flow();
    }
  };
  const flow = async () => {
    let t = performance.now();
    const lap = (step) => {
      const now = performance.now();
      steps[step] += now - t;
      t = now;
    };
    const keyId = await d.create(target ? 'RSA_2048' : undefined);
    lap('create');
    const p = await d.parameters(keyId, algorithm, wrappingKeySpec);
    lap('parameters');
    const keyMaterial = target ? rsaTarget : generateKeyMaterial(256);
    const { encryptedKeyMaterial } = await wrapKeyMaterial({ publicKey: p.PublicKey, wrappingAlgorithm: algorithm, keyMaterial, ...(target ? { targetKeySpec: target } : {}) });
    lap('wrap');
    await d.import(keyId, encryptedKeyMaterial, p);
    lap('import');
    if ((await d.state(keyId)) !== 'Enabled') throw new Error(`${dialect} ${algorithm}: the key is not Enabled after the import`);
    lap('describe');
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  const total = performance.now() - t0;
  // With flows in parallel the steps overlap: their shares are of the summed step times.
  const sum = Object.values(steps).reduce((a, b) => a + b, 0);
  return { rate: n / (total / 1000), perFlow: total / n, share: Object.entries(steps).map(([k, v]) => `${k} ${(v / n).toFixed(2)} ms (${Math.round((100 * v) / sum)}%)`).join(', ') };
}

const label = ([dialect, algorithm]) => `${dialect.padEnd(7)} ${algorithm.padEnd(40)}`;
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(`node ${process.version}, ${availableParallelism()} CPUs, load average ${load()}; ${FLOWS} flows per row after warm-up, ${COLD} cold`);

// Cold: what a suite gets when no pairs were made ahead (the pool keeps only a couple ready).
for (const row of [ROWS[0], ROWS[6]]) {
  const r = await flows(COLD, row);
  console.log(`cold  ${label(row)} ${r.rate.toFixed(1).padStart(7)} flows/s  ${r.perFlow.toFixed(2)} ms/flow: ${r.share}`);
}

// Warm-up, per row: the pairs its flows will use generated ahead, and one flow for the JIT.
let warmMs = 0;
let warmPairs = 0;
let worst = Infinity;
for (const row of ROWS) {
  const w0 = performance.now();
  await kms.prepareWrappingKeys({ RSA_2048: 2 * FLOWS + 1 });
  warmMs += performance.now() - w0;
  warmPairs += 2 * FLOWS + 1;
  await flows(1, row);
  const one = await flows(FLOWS, row);
  const many = await flows(FLOWS, row, PARALLEL);
  worst = Math.min(worst, one.rate);
  console.log(`warm  ${label(row)} ${one.rate.toFixed(1).padStart(7)} flows/s  ×${PARALLEL}: ${many.rate.toFixed(1).padStart(6)} flows/s  one at a time ${one.perFlow.toFixed(2)} ms/flow: ${one.share}`);
}
console.log(`warm-up: ${warmPairs} RSA-2048 wrapping key pairs asked for in ${(warmMs / 1000).toFixed(1)} s of waiting`);
console.log(`slowest warm row, one flow at a time: ${worst.toFixed(1)} flows/s; load average now ${load()}`);
server.close();
