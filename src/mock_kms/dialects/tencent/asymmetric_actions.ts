// Tencent KMS 2019-01-18, asymmetric CMKs (seed 003: "Asymmetric Data Encryption and
// Decryption", "SM2/RSA/ECC Signature Verification"): GetPublicKey, AsymmetricRsaDecrypt,
// AsymmetricSm2Decrypt, SignByAsymmetricKey, VerifyByAsymmetricKey. Only Enabled keys
// (API pages); the private half never leaves the service (kms.ts, asymmetric.ts).
import { toBase64 } from '../../../lib/bytes.js';
import type { EncryptAlgorithm, SignAlgorithm } from '../../asymmetric.js';
import { KmsError } from '../../kms_error.js';
import type { ActionTable } from '../../wire/dialect.js';
import type { Param } from '../../wire/params.js';
import { table } from '../../tables.js';
import { ASYMMETRIC_USAGES, KEY_ID, SIGN_USAGES, pem, refuse, requireUsage } from './common.js';

/**
 * SignByAsymmetricKey / VerifyByAsymmetricKey Algorithm → the mock's algorithm, and the
 * KeyUsage it signs with. The API pages name SM2DSA, ECC_P256_R1, RSA_PSS_SHA_256 and
 * RSA_PKCS1_SHA_256 "etc."; no source names the algorithm of an
 * ASYMMETRIC_SIGN_VERIFY_ECDSA384 key, so the mock signs with none on such a key.
 */
const SIGN_ALGORITHMS: Readonly<Record<string, { algorithm: SignAlgorithm; usage: string }>> = table({
  // SM2DSA: GB/T 32918.2, e = SM3(Z_A ‖ M) with the default ID 1234567812345678 (seed 003's gmssl -id; UNCONFIRMED for RAW).
  SM2DSA: { algorithm: 'SM2DSA', usage: 'ASYMMETRIC_SIGN_VERIFY_SM2' },
  // Seed 003 "ECC Signature Verification": openssl dgst -sha256 verifies it (DER ECDSA).
  ECC_P256_R1: { algorithm: 'ECDSA_SHA_256', usage: 'ASYMMETRIC_SIGN_VERIFY_ECC' },
  // Seed 003 "RSA Signature Verification": openssl dgst -sha256, PSS or PKCS#1 v1.5 padding.
  RSA_PSS_SHA_256: { algorithm: 'RSA_PSS_SHA_256', usage: 'ASYMMETRIC_SIGN_VERIFY_RSA_2048' },
  RSA_PKCS1_SHA_256: { algorithm: 'RSA_PKCS1_SHA_256', usage: 'ASYMMETRIC_SIGN_VERIFY_RSA_2048' },
});

/**
 * SignByAsymmetricKey's client.go list has InvalidParameter and no InvalidParameterValue:
 * each of its parameter refusals is InvalidParameter. Message: "an original message can
 * contain up to 4,096 bytes while a message abstract must be 32 bytes" (API page).
 */
const SIGN_PARAMS = {
  Algorithm: { type: 'string', required: true, values: Object.keys(SIGN_ALGORITHMS), code: 'InvalidParameter' },
  Message: { type: 'base64', required: true, max: 4096, code: 'InvalidParameter' },
  KeyId: KEY_ID,
  MessageType: { type: 'string', values: ['RAW', 'DIGEST'], code: 'InvalidParameter' },
} as const satisfies Record<string, Param>;

/** The input to sign: RAW (the default) is hashed by the service, DIGEST must be 32 bytes. */
function signingInput(algorithmName: string, keyUsage: string, messageType: string | undefined, message: Uint8Array): { algorithm: SignAlgorithm; input: { message?: Uint8Array; digest?: Uint8Array } } {
  const entry = SIGN_ALGORITHMS[algorithmName]!;
  if (entry.usage !== keyUsage) {
    const fitting = Object.keys(SIGN_ALGORITHMS).filter((a) => SIGN_ALGORITHMS[a]!.usage === keyUsage);
    refuse('InvalidParameter', `${algorithmName} does not sign with a ${keyUsage} key${fitting.length ? `: use ${fitting.join(' or ')}` : ': no documented algorithm signs with it'}`);
  }
  if (messageType === 'DIGEST') {
    if (message.length !== 32) refuse('InvalidParameter', `a DIGEST message must be 32 bytes; got ${message.length}`);
    return { algorithm: entry.algorithm, input: { digest: message } };
  }
  return { algorithm: entry.algorithm, input: { message } };
}

const RSA_DECRYPT_ALGORITHMS = ['RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] as const;

/** A ciphertext the private key cannot open: FailedOperation.DecryptError (errors.go; AsymmetricRsaDecrypt and AsymmetricSm2Decrypt lists). */
function decryptError(e: unknown): never {
  if (e instanceof KmsError && e.kind !== 'InvalidCiphertext') throw e;
  return refuse('FailedOperation.DecryptError', 'the ciphertext could not be decrypted with this key');
}

export const ASYMMETRIC_ACTIONS: ActionTable = {
  GetPublicKey: {
    params: { KeyId: KEY_ID },
    key: { param: 'KeyId', states: ['Enabled'] },
    async run({ service, key }) {
      requireUsage(key, ASYMMETRIC_USAGES, 'GetPublicKey');
      // PublicKey: base64 DER SubjectPublicKeyInfo; PublicKeyPem: the same in PEM (seed 003).
      const der = toBase64(await service.publicKey(key));
      return { KeyId: key.keyId, PublicKey: der, PublicKeyPem: pem(der) };
    },
  },
  AsymmetricRsaDecrypt: {
    params: { KeyId: KEY_ID, Ciphertext: { type: 'base64', required: true, max: 512 }, Algorithm: { type: 'string', required: true, values: RSA_DECRYPT_ALGORITHMS } },
    key: { param: 'KeyId', states: ['Enabled'] },
    async run({ service, key, args }) {
      requireUsage(key, ['ASYMMETRIC_DECRYPT_RSA_2048'], 'AsymmetricRsaDecrypt');
      const plaintext = await service.asymmetricDecrypt(key, args.str('Algorithm') as EncryptAlgorithm, args.bytes('Ciphertext')).catch(decryptError);
      return { KeyId: key.keyId, Plaintext: toBase64(plaintext) };
    },
  },
  AsymmetricSm2Decrypt: {
    // API page (cloud.tencent.com/document/api/573/42141): "原始密文格式需要为C1C3C2_ASN1", at most 256 bytes.
    params: { KeyId: KEY_ID, Ciphertext: { type: 'base64', required: true, max: 256 } },
    key: { param: 'KeyId', states: ['Enabled'] },
    async run({ service, key, args }) {
      requireUsage(key, ['ASYMMETRIC_DECRYPT_SM2'], 'AsymmetricSm2Decrypt');
      const ciphertext = args.bytes('Ciphertext');
      // GM/T 0009 SEQUENCE { x, y, hash, ciphertext }: a raw C1‖C3‖C2 is not the documented layout.
      if (ciphertext[0] !== 0x30) refuse('FailedOperation.DecryptError', 'the ciphertext is not C1C3C2 ASN.1 (GM/T 0009 DER), the layout AsymmetricSm2Decrypt takes');
      const plaintext = await service.asymmetricDecrypt(key, 'SM2PKE', ciphertext).catch(decryptError);
      return { KeyId: key.keyId, Plaintext: toBase64(plaintext) };
    },
  },
  SignByAsymmetricKey: {
    params: SIGN_PARAMS,
    key: { param: 'KeyId', states: ['Enabled'] },
    async run({ service, key, args }) {
      requireUsage(key, SIGN_USAGES, 'SignByAsymmetricKey');
      const { algorithm, input } = signingInput(args.str('Algorithm'), key.keyUsage, args.optStr('MessageType'), args.bytes('Message'));
      // ECC and SM2 signatures are DER SEQUENCE {r, s} (the API page's example starts MEUCI…); RSA's are k bytes.
      return { Signature: toBase64(await service.sign(key, algorithm, input)) };
    },
  },
  VerifyByAsymmetricKey: {
    params: {
      KeyId: KEY_ID,
      SignatureValue: { type: 'base64', required: true, max: 1024 },
      Message: { type: 'base64', required: true, max: 4096 },
      Algorithm: { type: 'string', required: true, values: Object.keys(SIGN_ALGORITHMS) },
      MessageType: { type: 'string', values: ['RAW', 'DIGEST'] },
    },
    key: { param: 'KeyId', states: ['Enabled'] },
    async run({ service, key, args }) {
      requireUsage(key, SIGN_USAGES, 'VerifyByAsymmetricKey');
      const { algorithm, input } = signingInput(args.str('Algorithm'), key.keyUsage, args.optStr('MessageType'), args.bytes('Message'));
      // A signature that does not verify is SignatureValid false, not an error (API page).
      return { SignatureValid: await service.verify(key, algorithm, input, args.bytes('SignatureValue')) };
    },
  },
};
