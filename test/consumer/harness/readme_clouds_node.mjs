// Fakes of the three import APIs the README shows that the mocked KMS does not speak —
// Google Cloud KMS import jobs, HashiCorp Vault transit import, Azure Key Vault key import —
// just enough for the README's examples to run as printed. Each holds its own RSA key
// pair and opens what it receives with node:crypto (RSA-OAEP, then OpenSSL's AES key wrap
// with padding, id-aes256-wrap-pad): an example that wraps wrongly fails loudly.
import { http, HttpResponse } from 'msw';
import { constants, createDecipheriv, createPrivateKey, generateKeyPairSync, privateDecrypt } from 'node:crypto';

const AIV = Buffer.from('a65959a6', 'hex'); // RFC 5649 §3 alternative IV prefix

/** RSA-OAEP(ESK) ‖ KWP_ESK(target), opened. Throws when the blob does not open. */
function unwrapRsaAes(privateKey, oaepHash, blob, modulusBytes) {
  const esk = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, blob.subarray(0, modulusBytes));
  const d = createDecipheriv('id-aes256-wrap-pad', esk, AIV);
  return Buffer.concat([d.update(blob.subarray(modulusBytes)), d.final()]);
}

/** What the target is: a private key (PKCS#8) or raw key bytes of a plausible length. */
function describeTarget(target) {
  try {
    return createPrivateKey({ key: target, format: 'der', type: 'pkcs8' }).asymmetricKeyType;
  } catch {
    if (![16, 24, 32, 64].includes(target.length)) throw new Error(`unexpected target length ${target.length}`);
    return `raw-${target.length}`;
  }
}

const bearer = (request, token) => request.headers.get('authorization') === `Bearer ${token}`;
const denied = () => HttpResponse.json({ error: { code: 401, message: 'unauthenticated' } }, { status: 401 });

export function cloudFakes() {
  const google = generateKeyPairSync('rsa', { modulusLength: 4096 });
  const vault = generateKeyPairSync('rsa', { modulusLength: 4096 });
  const azure = generateKeyPairSync('rsa', { modulusLength: 3072 });
  const GOOGLE = 'https://cloudkms.googleapis.com/v1/projects/my-project/locations/global/keyRings/byok';
  const job = `${GOOGLE.slice('https://cloudkms.googleapis.com/v1/'.length)}/importJobs/job-1`;
  return [
    // Google Cloud KMS: importJobs.get and cryptoKeyVersions.import (REST v1).
    http.get(`${GOOGLE}/importJobs/job-1`, ({ request }) => {
      if (!bearer(request, process.env.GOOGLE_ACCESS_TOKEN)) return denied();
      return HttpResponse.json({ name: job, importMethod: 'RSA_OAEP_4096_SHA256_AES_256', protectionLevel: 'HSM', state: 'ACTIVE', publicKey: { pem: google.publicKey.export({ type: 'spki', format: 'pem' }) } });
    }),
    http.post(`${GOOGLE}/cryptoKeys/:key/cryptoKeyVersions\\:import`, async ({ request, params }) => {
      if (!bearer(request, process.env.GOOGLE_ACCESS_TOKEN)) return denied();
      const body = await request.json();
      if (body.importJob !== job) return HttpResponse.json({ error: { code: 400, message: 'unknown import job' } }, { status: 400 });
      try {
        const target = unwrapRsaAes(google.privateKey, 'sha256', Buffer.from(body.wrappedKey, 'base64'), 512);
        describeTarget(target);
      } catch (e) {
        return HttpResponse.json({ error: { code: 400, message: `wrappedKey does not open: ${e.message}` } }, { status: 400 });
      }
      return HttpResponse.json({ name: `${GOOGLE.slice(36)}/cryptoKeys/${params.key}/cryptoKeyVersions/1`, algorithm: body.algorithm, importJob: job, state: 'ENABLED' });
    }),
    // HashiCorp Vault transit: GET wrapping_key, POST keys/:name/import.
    http.get('http://127.0.0.1:8200/v1/transit/wrapping_key', ({ request }) => {
      if (request.headers.get('x-vault-token') !== process.env.VAULT_TOKEN) return HttpResponse.json({ errors: ['permission denied'] }, { status: 403 });
      return HttpResponse.json({ data: { public_key: vault.publicKey.export({ type: 'spki', format: 'pem' }) } });
    }),
    http.post('http://127.0.0.1:8200/v1/transit/keys/:name/import', async ({ request }) => {
      if (request.headers.get('x-vault-token') !== process.env.VAULT_TOKEN) return HttpResponse.json({ errors: ['permission denied'] }, { status: 403 });
      const body = await request.json();
      try {
        describeTarget(unwrapRsaAes(vault.privateKey, (body.hash_function ?? 'SHA256').toLowerCase(), Buffer.from(body.ciphertext, 'base64'), 512));
      } catch (e) {
        return HttpResponse.json({ errors: [`ciphertext does not open: ${e.message}`] }, { status: 400 });
      }
      return new HttpResponse(null, { status: 204 });
    }),
    // Azure Key Vault: the KEK's public key (JWK), and PUT keys/:name with key_hsm.
    http.get('https://my-vault.vault.azure.net/keys/KEKforBYOK', ({ request }) => {
      if (!bearer(request, process.env.AZURE_ACCESS_TOKEN)) return denied();
      const { n, e } = azure.publicKey.export({ format: 'jwk' });
      return HttpResponse.json({ key: { kid: 'https://my-vault.vault.azure.net/keys/KEKforBYOK/0123456789abcdef', kty: 'RSA-HSM', key_ops: ['import'], n, e } });
    }),
    http.put('https://my-vault.vault.azure.net/keys/:name', async ({ request, params }) => {
      if (!bearer(request, process.env.AZURE_ACCESS_TOKEN)) return denied();
      const { key } = await request.json();
      let kind;
      try {
        const byok = JSON.parse(Buffer.from(key.key_hsm, 'base64url').toString());
        if (byok.schema_version !== '1.0.0' || byok.header.alg !== 'dir' || byok.header.enc !== 'CKM_RSA_AES_KEY_WRAP') throw new Error('not a .byok blob');
        kind = describeTarget(unwrapRsaAes(azure.privateKey, 'sha1', Buffer.from(byok.ciphertext, 'base64url'), 384));
      } catch (e) {
        return HttpResponse.json({ error: { code: 'BadParameter', message: `key_hsm does not open: ${e.message}` } }, { status: 400 });
      }
      return HttpResponse.json({ key: { kid: `https://my-vault.vault.azure.net/keys/${params.name}/1`, kty: key.kty, crv: key.crv }, attributes: { enabled: true, exportable: false }, target: kind });
    }),
  ];
}
