// Harness page /harness/aws.html: @aws-sdk/client-kms, unmodified, against the mocked KMS in
// MSW's service worker at this page's /api/kms (the page's CSP allows no other origin), with
// SigV4 verified — in a browser the handler cannot see the signed host and content-length,
// which the mock rebuilds. `await window.awsImport()` runs BYOK imports and reports what the
// page checked with WebCrypto on its own.
import { setupWorker } from 'msw/browser';
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GetParametersForImportCommand,
  GetPublicKeyCommand,
  ImportKeyMaterialCommand,
  KMSClient,
  KMSServiceException,
  ListKeysCommand,
  SignCommand,
} from '@aws-sdk/client-kms';
import * as byok from '../../../src/index.js';
import { createMockKms, type MockKms } from '../../../src/mock_kms/index.js';
import { made } from '../../../src/mock_kms/wrapping_key_pool.js';

const CREDENTIAL = { id: 'AKIDBROWSERHARNESS', secret: 'browser-harness-secret-0123456789' };
let worker: ReturnType<typeof setupWorker> | undefined;
let kms: MockKms;

async function startMock() {
  kms = createMockKms({ baseUrls: ['/api/kms'], credentials: [CREDENTIAL] });
  if (!worker) {
    worker = setupWorker(...kms.handlers);
    await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, quiet: true, onUnhandledRequest: 'bypass' });
  } else worker.resetHandlers(...kms.handlers);
  return true;
}

const sdk = (secret = CREDENTIAL.secret) =>
  new KMSClient({
    region: 'eu-west-1',
    endpoint: new URL('/api/kms', location.href).href,
    credentials: { accessKeyId: CREDENTIAL.id, secretAccessKey: secret },
    maxAttempts: 1,
  });

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

/** The mock's symmetric ciphertext ("mkms2" ‖ len ‖ key id ‖ material id ‖ IV ‖ AES-GCM), opened by WebCrypto with the imported bytes. */
async function openCiphertext(blob: Uint8Array, material: Uint8Array): Promise<string> {
  const idLength = blob[5]!;
  const aad = blob.slice(6, 6 + idLength + 32);
  const iv = blob.slice(6 + idLength + 32, 6 + idLength + 44);
  const key = await crypto.subtle.importKey('raw', material as Uint8Array<ArrayBuffer>, 'AES-GCM', false, ['decrypt']);
  return new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad }, key, blob.slice(6 + idLength + 44)));
}

/** ECDSA-Sig-Value DER (what KMS returns) → r ‖ s (what WebCrypto verifies). */
function derToRaw(der: Uint8Array, size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(2 * size);
  let i = 2;
  for (let part = 0; part < 2; part++) {
    const len = der[i + 1]!;
    let v = der.slice(i + 2, i + 2 + len);
    while (v.length > size && v[0] === 0) v = v.slice(1);
    out.set(v, (part + 1) * size - v.length);
    i += 2 + len;
  }
  return out;
}

async function awsImport() {
  const client = sdk();
  const result: Record<string, unknown> = {};

  // Symmetric: RSAES_OAEP_SHA_256 wrapped by the library, the landing checked by WebCrypto.
  const material = byok.generateKeyMaterial(256);
  const sym = (await client.send(new CreateKeyCommand({ Origin: 'EXTERNAL', Description: 'browser ü' }))).KeyMetadata!;
  const p = await client.send(new GetParametersForImportCommand({ KeyId: sym.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
  const wrapped = await byok.wrapKeyMaterial({ publicKey: p.PublicKey!, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: material });
  const imported = await client.send(new ImportKeyMaterialCommand({ KeyId: sym.KeyId, ImportToken: p.ImportToken, EncryptedKeyMaterial: wrapped.bytes, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }));
  const meta = (await client.send(new DescribeKeyCommand({ KeyId: sym.KeyId }))).KeyMetadata!;
  const enc = await client.send(new EncryptCommand({ KeyId: sym.KeyId, Plaintext: new TextEncoder().encode('from the page') }));
  result.symmetric = {
    arn: sym.Arn,
    state: meta.KeyState,
    expirationModel: meta.ExpirationModel,
    materialIdMatches: imported.KeyMaterialId === meta.CurrentKeyMaterialId,
    openedByWebCrypto: await openCiphertext(enc.CiphertextBlob!, material),
    decrypted: new TextDecoder().decode((await client.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }))).Plaintext),
  };

  // ECC P-256: a private key made in the page, RSA_AES_KEY_WRAP_SHA_256; KMS signs, WebCrypto verifies.
  const target = await byok.generateTargetKey('EC_P256');
  const ecc = (await client.send(new CreateKeyCommand({ Origin: 'EXTERNAL', KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata!;
  const q = await client.send(new GetParametersForImportCommand({ KeyId: ecc.KeyId, WrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
  const eccWrapped = await byok.wrapKeyMaterial({ publicKey: q.PublicKey!, wrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', keyMaterial: target.privateKey, targetKeySpec: 'EC_P256' });
  await client.send(new ImportKeyMaterialCommand({ KeyId: ecc.KeyId, ImportToken: q.ImportToken, EncryptedKeyMaterial: eccWrapped.bytes, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }));
  const message = new TextEncoder().encode('signed in AWS KMS, verified in the page');
  const signature = (await client.send(new SignCommand({ KeyId: ecc.KeyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' }))).Signature!;
  const verifier = await crypto.subtle.importKey('spki', target.publicKey as Uint8Array<ArrayBuffer>, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  result.ecc = {
    publicKeyMatches: hex((await client.send(new GetPublicKeyCommand({ KeyId: ecc.KeyId }))).PublicKey!) === hex(target.publicKey),
    verifiedByWebCrypto: await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, verifier, derToRaw(signature, 32), message),
  };

  // A wrong secret: the mock recomputes the signature (host and content-length rebuilt) and refuses it.
  try {
    await sdk('not the secret').send(new ListKeysCommand({}));
    result.wrongSecret = 'no error';
  } catch (e) {
    result.wrongSecret = e instanceof KMSServiceException ? `${e.name} ${e.$metadata.httpStatusCode}` : String(e);
  }
  return result;
}

/** Stocks `n` more pairs at a time until one came from the pool's Worker (or `rounds` ran out): where the pairs were made. */
async function prepareFromWorker(n: number, rounds: number) {
  let stocked = 0;
  for (let i = 0; i < rounds && made.worker === 0; i++) await kms.prepareWrappingKeys({ RSA_2048: (stocked += n) });
  return { ...made };
}

Object.assign(window, { startMock, awsImport, prepareFromWorker });
document.title = 'ready';
