// Full import flows per second through the mocked KMS in Node (create → parameters →
// wrap → import → describe), and where the time goes. Part of `npm run bench`.
import { setupServer } from 'msw/node';
import { createMockKms } from '../dist/mock_kms/index.js';
import { generateKeyMaterial, wrapKeyMaterial } from '../dist/index.js';

const FLOWS = Number(process.env.BENCH_FLOWS ?? 20);
const server = setupServer(...createMockKms().handlers);
server.listen({ onUnhandledRequest: 'error' });

async function tc(action, body) {
  const r = await fetch('https://kms.tencentcloudapi.com/', { method: 'POST', headers: { 'content-type': 'application/json', 'x-tc-action': action }, body: JSON.stringify(body) });
  const { Response } = await r.json();
  if (Response.Error) throw new Error(`${action}: ${Response.Error.Code}`);
  return Response;
}

for (const [algorithm, spec, bits] of [['RSAES_OAEP_SHA_256', 'RSA_2048', 256], ['RSAES_PKCS1_V1_5', 'RSA_2048', 256], ['SM2PKE', 'EC_SM2', 128]]) {
  const steps = { create: 0, parameters: 0, wrap: 0, import: 0, describe: 0 };
  const t0 = performance.now();
  for (let i = 0; i < FLOWS; i++) {
    let t = performance.now();
    const lap = (step) => {
      const n = performance.now();
      steps[step] += n - t;
      t = n;
    };
    const { KeyId } = await tc('CreateKey', { Alias: `bench${i}`, Type: 2 });
    lap('create');
    const p = await tc('GetParametersForImport', { KeyId, WrappingAlgorithm: algorithm, WrappingKeySpec: spec });
    lap('parameters');
    const { encryptedKeyMaterial } = await wrapKeyMaterial({ publicKey: p.PublicKey, wrappingAlgorithm: algorithm, keyMaterial: generateKeyMaterial(bits) });
    lap('wrap');
    await tc('ImportKeyMaterial', { KeyId, EncryptedKeyMaterial: encryptedKeyMaterial, ImportToken: p.ImportToken });
    lap('import');
    const d = await tc('DescribeKey', { KeyId });
    if (d.KeyMetadata.KeyState !== 'Enabled') throw new Error('not enabled');
    lap('describe');
  }
  const total = performance.now() - t0;
  const share = Object.entries(steps).map(([k, v]) => `${k} ${(v / FLOWS).toFixed(1)} ms (${Math.round((100 * v) / total)}%)`).join(', ');
  console.log(`mock flow ${algorithm.padEnd(20)} ${(FLOWS / (total / 1000)).toFixed(1).padStart(6)} flows/s  ${(total / FLOWS).toFixed(1)} ms/flow: ${share}`);
}
server.close();
