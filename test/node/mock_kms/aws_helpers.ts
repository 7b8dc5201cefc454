// The AWS side of the tests: @aws-sdk/client-kms pointed at the mock (unmodified apart from
// its credentials and retries), wrapping done by node:crypto and sm-crypto — never by
// src/ — and the mock's symmetric ciphertext opened with node:crypto, so that every check
// of "the imported material landed" is made by code we did not write.
import { createCipheriv, createDecipheriv, createHash, createHmac, createPublicKey, publicEncrypt, randomBytes, constants, type KeyObject } from 'node:crypto';
import { KMSClient, KMSServiceException } from '@aws-sdk/client-kms';
import smc from 'sm-crypto';
import { CREDENTIAL } from '../helpers/mock_kms.js';

/** The SDK as an application builds it. maxAttempts 1: a retry would hide the refusal under test. */
export function awsSdk(options: { region?: string; credential?: { id: string; secret: string }; maxAttempts?: number; endpoint?: string } = {}) {
  const credential = options.credential ?? CREDENTIAL;
  return new KMSClient({
    region: options.region ?? 'us-east-1',
    credentials: { accessKeyId: credential.id, secretAccessKey: credential.secret },
    maxAttempts: options.maxAttempts ?? 1,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
}

/** The exception the SDK threw: its name, message and HTTP status ('no error' when none). */
export async function awsError(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number; attempts?: number }> {
  try {
    await p;
    return { name: 'no error', message: '' };
  } catch (e) {
    if (!(e instanceof KMSServiceException)) throw e;
    return { name: e.name, message: e.message, status: e.$metadata.httpStatusCode, attempts: e.$metadata.attempts };
  }
}

export const AES_KWP_IV = Buffer.from('A65959A6', 'hex'); // RFC 5649 §3 alternative IV

/** What GetParametersForImport's algorithm asks for, done with node:crypto (and sm-crypto for SM2PKE). */
export function wrapWithNode(algorithm: string, publicKeyDer: Uint8Array, material: Uint8Array): Uint8Array {
  if (algorithm === 'SM2PKE') {
    // sm-crypto writes C1 without its 0x04 (SPEC §4): put it back.
    const spki = Buffer.from(publicKeyDer);
    const point = spki.subarray(spki.length - 65).toString('hex');
    return Buffer.from('04' + smc.sm2.doEncrypt(Array.from(material), point, 1), 'hex');
  }
  const key = createPublicKey({ key: Buffer.from(publicKeyDer), format: 'der', type: 'spki' });
  const oaep = (hash: string, data: Uint8Array) => publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, data);
  switch (algorithm) {
    case 'RSAES_OAEP_SHA_256':
      return oaep('sha256', material);
    case 'RSAES_OAEP_SHA_1':
      return oaep('sha1', material);
    case 'RSA_AES_KEY_WRAP_SHA_256':
    case 'RSA_AES_KEY_WRAP_SHA_1': {
      // RSA-OAEP(ESK) ‖ AES-KWP_ESK(material), OpenSSL's id-aes256-wrap-pad (RFC 5649).
      const esk = randomBytes(32);
      const kwp = createCipheriv('id-aes256-wrap-pad', esk, AES_KWP_IV);
      return Buffer.concat([oaep(algorithm.endsWith('256') ? 'sha256' : 'sha1', esk), kwp.update(material), kwp.final()]);
    }
    default:
      throw new Error(`no node wrapping for ${algorithm}`);
  }
}

/**
 * Opens a symmetric ciphertext of the mock with node:crypto and the material the test
 * imported: "mkms2" ‖ len ‖ key id ‖ 32-byte KeyMaterialId ‖ IV ‖ AES-GCM ciphertext ‖ tag,
 * the key id, material id and encryption context as additional data.
 */
export function openMockCiphertext(blob: Uint8Array, material: Uint8Array, context = ''): { keyId: string; keyMaterialId: string; plaintext: Buffer } {
  const b = Buffer.from(blob);
  if (b.subarray(0, 5).toString() !== 'mkms2') throw new Error('not a multi-material blob');
  const idLength = b[5]!;
  const keyId = b.subarray(6, 6 + idLength);
  const materialId = b.subarray(6 + idLength, 6 + idLength + 32);
  const iv = b.subarray(6 + idLength + 32, 6 + idLength + 44);
  const body = b.subarray(6 + idLength + 44);
  const decipher = createDecipheriv(material.length === 16 ? 'aes-128-gcm' : 'aes-256-gcm', material, iv);
  decipher.setAAD(Buffer.concat([keyId, materialId, Buffer.from(context)]));
  decipher.setAuthTag(body.subarray(body.length - 16));
  const plaintext = Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
  return { keyId: keyId.toString(), keyMaterialId: materialId.toString('hex'), plaintext };
}

/** The KeyMaterialId the mock derives: SHA-256 of the key id and the material. */
export function expectedKeyMaterialId(keyId: string, material: Uint8Array): string {
  return createHash('sha256').update(keyId).update(material).digest('hex');
}

export function spkiDer(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

/** The hash the SDK's signer (@smithy/signature-v4) takes, from node:crypto. */
export class Sha256 {
  private h;
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = this.fresh();
  }
  private fresh() {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(this.secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.h.update(toBytes(data));
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
  reset() {
    this.h = this.fresh();
  }
}

function toBytes(v: string | ArrayBuffer | ArrayBufferView): Uint8Array | string {
  if (typeof v === 'string') return v;
  return v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}
