// What the aliyun_*.test.ts files share: the official @alicloud/kms20160120 client (typed
// request classes, its own reply casting) for any region, the cloud's code and HTTP status
// of a refusal, and keys made ready through that client.
import { createRequire } from 'node:module';
import { generateKeyMaterial, wrapKeyMaterial, type WrappingAlgorithm } from '../../../src/index.js';
import { CREDENTIAL } from '../helpers/mock_kms.js';

const require = createRequire(import.meta.url);
/** The SDK's module: request classes by name (`new Kms.CreateKeyRequest({...})`). */
export const Kms = require('@alicloud/kms20160120');
const { Config } = require('@alicloud/rpc-client');
const { RuntimeOptions } = require('@alicloud/tea-util');

/**
 * @alicloud/kms20160120 for one region (endpoint kms.<region>.aliyuncs.com), signing with
 * CREDENTIAL. Its timeouts are raised: the mock makes RSA-4096 keys in JavaScript, which can
 * take longer than the SDK's default connect timeout on a loaded machine.
 */
export function teaClient(region = 'cn-hangzhou') {
  return new Kms.default(
    new Config({ accessKeyId: CREDENTIAL.id, accessKeySecret: CREDENTIAL.secret, regionId: region, endpoint: `kms.${region}.aliyuncs.com`, protocol: 'https', connectTimeout: 60_000, readTimeout: 60_000 }),
  );
}
export type TeaClient = ReturnType<typeof teaClient>;

/** An action the SDK has no method for (ReEncrypt is newer than 1.2.0), through the same client's doRequest. */
export function rawCall(client: TeaClient, action: string, query: Record<string, unknown>): Promise<Record<string, any>> {
  return client.doRequest(action, 'HTTPS', 'POST', '2016-01-20', 'AK', query, null, new RuntimeOptions({ autoretry: false }));
}

/** The refusal a call ended in: the body's Code and the HTTP status (the SDK's message says "code: <status>"). */
export async function refusal(p: Promise<unknown>): Promise<{ code: string; status: number } | 'no error'> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    const err = e as { data?: { Code?: string }; message?: string };
    const status = /code: (\d{3})/.exec(err.message ?? '')?.[1];
    if (!err.data?.Code || !status) throw e;
    return { code: err.data.Code, status: Number(status) };
  }
}

export const refused = (code: string, status: number) => ({ code, status });

/** A key through CreateKey; its id and primary version. */
export async function createKey(client: TeaClient, request: Record<string, unknown> = {}): Promise<{ keyId: string; version: string }> {
  const r = await client.createKey(new Kms.CreateKeyRequest(request));
  return { keyId: r.keyMetadata.keyId, version: r.keyMetadata.primaryKeyVersion };
}

/** An EXTERNAL key with `material` imported (seed 001 for symmetric material, seed 004 for a private key PEM). */
export async function importedKey(client: TeaClient, request: Record<string, unknown>, material: Uint8Array | string, wrappingAlgorithm: WrappingAlgorithm = 'RSAES_OAEP_SHA_256') {
  const key = await createKey(client, { ...request, origin: 'EXTERNAL' });
  const wrappingKeySpec = wrappingAlgorithm.startsWith('SM2') ? 'EC_SM2' : 'RSA_2048';
  const p = await client.getParametersForImport(new Kms.GetParametersForImportRequest({ keyId: key.keyId, wrappingAlgorithm, wrappingKeySpec }));
  const { encryptedKeyMaterial } = await wrapKeyMaterial({ publicKey: p.publicKey, wrappingAlgorithm, keyMaterial: material });
  await client.importKeyMaterial(new Kms.ImportKeyMaterialRequest({ keyId: key.keyId, encryptedKeyMaterial, importToken: p.importToken, keyMaterialExpireUnix: 0 }));
  return key;
}

export const symmetricMaterial = () => generateKeyMaterial();
