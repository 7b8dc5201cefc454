// SPEC §3's rules and AWS's own (SPEC §5) in the AWS dialect, each refusal asserted with the
// exception name, HTTP status and text @aws-sdk/client-kms surfaces: tokens bound to their
// key and pair for 24 hours, material bound per key material, expiry, several materials
// per symmetric key and RotateKeyOnDemand, the key-state table, aliases and tags.
// Where real KMS answers with an empty message, the SDK surfaces 'UnknownError'.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteAliasCommand,
  DeleteImportedKeyMaterialCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateMacCommand,
  GenerateRandomCommand,
  GetParametersForImportCommand,
  GetPublicKeyCommand,
  ImportKeyMaterialCommand,
  ListAliasesCommand,
  ListKeyRotationsCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  ReEncryptCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  SignCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  VerifyCommand,
  VerifyMacCommand,
  NotFoundException,
  type KMSClient,
  type CreateKeyCommandInput,
  type ImportKeyMaterialCommandInput,
} from '@aws-sdk/client-kms';
import { CREDENTIAL, startMockKms } from '../helpers/mock_kms.js';
import { fixture, opensslPkcs8Der } from '../helpers/openssl.js';
import { awsError, awsSdk, expectedKeyMaterialId, openMockCiphertext, wrapWithNode } from './aws_helpers.js';

const DAY = 24 * 3600_000;
let env: ReturnType<typeof startMockKms>;
let sdk: KMSClient;
beforeEach(() => {
  env = startMockKms({ credentials: [CREDENTIAL] });
  sdk = awsSdk();
});
afterEach(() => env.close());

const arnOf = (keyId: string, region = 'us-east-1') => `arn:aws:kms:${region}:111122223333:key/${keyId}`;

async function createKey(input: CreateKeyCommandInput = { Origin: 'EXTERNAL' }): Promise<string> {
  return (await sdk.send(new CreateKeyCommand(input))).KeyMetadata!.KeyId!;
}

async function parameters(keyId: string, algorithm: 'RSAES_OAEP_SHA_256' | 'RSA_AES_KEY_WRAP_SHA_256' = 'RSAES_OAEP_SHA_256') {
  const p = await sdk.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: 'RSA_2048' }));
  return { token: p.ImportToken!, wrap: (material: Uint8Array) => wrapWithNode(algorithm, p.PublicKey!, material) };
}

type ImportExtras = Omit<ImportKeyMaterialCommandInput, 'KeyId' | 'ImportToken' | 'EncryptedKeyMaterial'>;
async function importMaterial(keyId: string, material: Uint8Array, extras: ImportExtras = { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }) {
  const p = await parameters(keyId);
  return sdk.send(new ImportKeyMaterialCommand({ KeyId: keyId, ImportToken: p.token, EncryptedKeyMaterial: p.wrap(material), ...extras }));
}

const describeKey = async (keyId: string) => (await sdk.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
const state = async (keyId: string) => (await describeKey(keyId)).KeyState;

describe('import tokens (SPEC §3): bound to their key and their wrapping key pair, 24 hours', () => {
  it('a token issued for another key: InvalidImportTokenException; an unknown token too', async () => {
    const [a, b] = [await createKey(), await createKey()];
    const p = await parameters(a);
    const material = randomBytes(32);
    expect(await awsError(sdk.send(new ImportKeyMaterialCommand({ KeyId: b, ImportToken: p.token, EncryptedKeyMaterial: p.wrap(material), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })))).toEqual({
      name: 'InvalidImportTokenException',
      message: 'the import token was not issued for this key',
      status: 400,
      attempts: 1,
    });
    expect((await awsError(sdk.send(new ImportKeyMaterialCommand({ KeyId: a, ImportToken: randomBytes(48), EncryptedKeyMaterial: p.wrap(material), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })))).name).toBe('InvalidImportTokenException');
    expect(await state(b)).toBe('PendingImport');
  });

  it('material wrapped with another pair’s public key: InvalidCiphertextException; garbage too', async () => {
    const keyId = await createKey();
    const [first, second] = [await parameters(keyId), await parameters(keyId)];
    const material = randomBytes(32);
    const e = await awsError(sdk.send(new ImportKeyMaterialCommand({ KeyId: keyId, ImportToken: first.token, EncryptedKeyMaterial: second.wrap(material), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })));
    expect(e).toMatchObject({ name: 'InvalidCiphertextException', status: 400 });
    expect(e.message).toBe("the key material could not be decrypted with this import token's wrapping key and algorithm");
    expect((await awsError(sdk.send(new ImportKeyMaterialCommand({ KeyId: keyId, ImportToken: first.token, EncryptedKeyMaterial: randomBytes(256), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })))).name).toBe('InvalidCiphertextException');
    // Every pair lives its 24 hours: the second still imports (AWS, like Alibaba).
    await sdk.send(new ImportKeyMaterialCommand({ KeyId: keyId, ImportToken: second.token, EncryptedKeyMaterial: second.wrap(material), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }));
    expect(await state(keyId)).toBe('Enabled');
  });

  it('reusable for 24 hours, then ExpiredImportTokenException', async () => {
    const keyId = await createKey();
    const p = await parameters(keyId);
    const material = randomBytes(32);
    const send = () => sdk.send(new ImportKeyMaterialCommand({ KeyId: keyId, ImportToken: p.token, EncryptedKeyMaterial: p.wrap(material), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }));
    await send();
    env.clock.advance(DAY - 1000);
    await send(); // the same token, the same material: a reimport
    env.clock.advance(1000);
    expect(await awsError(send())).toEqual({
      name: 'ExpiredImportTokenException',
      message: 'the import token and its public key have expired (24 hours): call GetParametersForImport again',
      status: 400,
      attempts: 1,
    });
  });
});

describe('the material (SPEC §3 "Binding", per key material on AWS)', () => {
  it('a reimport must carry the same bytes: IncorrectKeyMaterialException, even after deletion', async () => {
    const keyId = await createKey();
    const material = randomBytes(32);
    const first = await importMaterial(keyId, material);
    await sdk.send(new DeleteImportedKeyMaterialCommand({ KeyId: keyId }));
    const meta = await describeKey(keyId);
    expect(meta).toMatchObject({ KeyState: 'PendingImport', Enabled: false, CurrentKeyMaterialId: first.KeyMaterialId });
    expect(meta.ExpirationModel).toBeUndefined();
    const e = await awsError(importMaterial(keyId, randomBytes(32)));
    expect(e).toEqual({
      name: 'IncorrectKeyMaterialException',
      message: 'this key is bound to different key material: re-import the same material that was imported before, or import new material with ImportType NEW_KEY_MATERIAL',
      status: 400,
      attempts: 1,
    });
    expect((await importMaterial(keyId, material, { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ImportType: 'EXISTING_KEY_MATERIAL', KeyMaterialId: first.KeyMaterialId })).KeyMaterialId).toBe(first.KeyMaterialId);
    expect(await state(keyId)).toBe('Enabled');
  });

  it('KeyMaterialId must be the material’s; NEW_KEY_MATERIAL with material already there is refused', async () => {
    const keyId = await createKey();
    const material = randomBytes(32);
    await importMaterial(keyId, material);
    expect((await awsError(importMaterial(keyId, material, { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', KeyMaterialId: 'ab'.repeat(32) }))).name).toBe('IncorrectKeyMaterialException');
    expect((await awsError(importMaterial(keyId, material, { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ImportType: 'NEW_KEY_MATERIAL' }))).name).toBe('IncorrectKeyMaterialException');
    expect(await awsError(importMaterial(keyId, randomBytes(32), { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ImportType: 'NEW_KEY_MATERIAL', KeyMaterialId: 'ab'.repeat(32) }))).toMatchObject({
      name: 'ValidationException',
      message: 'KeyMaterialId cannot be specified when ImportType is NEW_KEY_MATERIAL',
    });
  });

  it('the material must fit the key spec: 256 bits, HMAC lengths, a private key of the spec', async () => {
    const sym = await createKey();
    expect(await awsError(importMaterial(sym, randomBytes(31)))).toMatchObject({ name: 'IncorrectKeyMaterialException', message: 'key material must be 256 bits for SYMMETRIC_DEFAULT; got 31 bytes' });
    const hmac = await createKey({ Origin: 'EXTERNAL', KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    expect(await awsError(importMaterial(hmac, randomBytes(16)))).toMatchObject({ name: 'IncorrectKeyMaterialException', message: 'key material must be 32–64 bytes for HMAC_256; got 16 bytes' });
    const rsa = await createKey({ Origin: 'EXTERNAL', KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const wrongCurve = await awsError(importMaterial(rsa, new Uint8Array(opensslPkcs8Der(fixture('p384').path))));
    expect(wrongCurve.name).toBe('IncorrectKeyMaterialException');
    expect(wrongCurve.message).toMatch(/^the imported private key does not fit ECC_NIST_P256: /);
  });

  it('HMAC and asymmetric keys keep their first material; ImportType is for symmetric keys only', async () => {
    const hmac = await createKey({ Origin: 'EXTERNAL', KeySpec: 'HMAC_384', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const material = randomBytes(48);
    await importMaterial(hmac, material);
    expect((await awsError(importMaterial(hmac, randomBytes(48)))).name).toBe('IncorrectKeyMaterialException');
    expect(await awsError(importMaterial(hmac, material, { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ImportType: 'EXISTING_KEY_MATERIAL' }))).toMatchObject({
      name: 'ValidationException',
      message: 'ImportType is valid only for symmetric encryption keys; HMAC_384 keys keep the key material of their first import',
    });
    await importMaterial(hmac, material); // the same bytes: fine
  });

  it('two keys with the same material stay independent: IncorrectKeyException, InvalidCiphertextException', async () => {
    const material = randomBytes(32);
    const [a, b] = [await createKey(), await createKey()];
    await importMaterial(a, material);
    await importMaterial(b, material);
    const blob = (await sdk.send(new EncryptCommand({ KeyId: a, Plaintext: new Uint8Array([7]) }))).CiphertextBlob!;
    expect(await awsError(sdk.send(new DecryptCommand({ KeyId: b, CiphertextBlob: blob })))).toEqual({
      name: 'IncorrectKeyException',
      message: 'The key ID in the request does not identify a CMK that can perform this operation.',
      status: 400,
      attempts: 1,
    });
    // The blob rewritten to name key b (same length of id): the AAD binds it to key a.
    const forged = Buffer.from(blob);
    forged.set(Buffer.from(b), 6);
    expect(await awsError(sdk.send(new DecryptCommand({ CiphertextBlob: forged })))).toMatchObject({ name: 'InvalidCiphertextException', message: 'UnknownError' });
    expect(await awsError(sdk.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { not: 'the same' } })))).toMatchObject({ name: 'InvalidCiphertextException', message: 'UnknownError' });
  });

  it('a forged blob naming anything but a key id is InvalidCiphertextException; a key id not held here NotFoundException', async () => {
    const keyId = await createKey({});
    await sdk.send(new CreateAliasCommand({ AliasName: 'alias/forged', TargetKeyId: keyId }));
    // The mock's layout ("mkms1" ‖ len ‖ key reference ‖ IV ‖ ciphertext ‖ tag) with random IV and body.
    const forge = (ref: string) => Buffer.concat([Buffer.from('mkms1'), Buffer.from([Buffer.byteLength(ref)]), Buffer.from(ref), randomBytes(12 + 16 + 8)]);
    for (const ref of ['arn:nope', 'not-a-key', 'alias/forged', `key/${keyId}`, arnOf(keyId)]) {
      expect(await awsError(sdk.send(new DecryptCommand({ CiphertextBlob: forge(ref) }))), ref).toMatchObject({ name: 'InvalidCiphertextException', message: 'UnknownError' });
      expect((await awsError(sdk.send(new ReEncryptCommand({ CiphertextBlob: forge(ref), DestinationKeyId: keyId })))).name, ref).toBe('InvalidCiphertextException');
    }
    // Well formed, naming a key id: the key itself is found, the blob does not open.
    expect((await awsError(sdk.send(new DecryptCommand({ CiphertextBlob: forge(keyId) })))).name).toBe('InvalidCiphertextException');
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await awsError(sdk.send(new DecryptCommand({ CiphertextBlob: forge(unknown) })))).toMatchObject({ name: 'NotFoundException', message: `Key '${arnOf(unknown)}' does not exist` });
  });
});

describe('expiry (ExpirationModel, ValidTo)', () => {
  it('KEY_MATERIAL_EXPIRES needs a ValidTo in the next 365 days; DOES_NOT_EXPIRE takes none', async () => {
    const keyId = await createKey();
    const material = randomBytes(32);
    const now = env.clock.now();
    const cases: [ImportExtras, string][] = [
      [{}, 'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES'],
      [{ ExpirationModel: 'KEY_MATERIAL_EXPIRES' }, 'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES'],
      [{ ValidTo: new Date(now - 1000) }, 'ValidTo must be a time in the future'],
      [{ ValidTo: new Date(now + 366 * DAY) }, 'ValidTo must be at most 365 days from the request date'],
      [{ ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ValidTo: new Date(now + DAY) }, 'ValidTo must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE'],
    ];
    for (const [extras, message] of cases) expect(await awsError(importMaterial(keyId, material, extras))).toEqual({ name: 'ValidationException', message, status: 400, attempts: 1 });
    expect(await state(keyId)).toBe('PendingImport');
  });

  it('at ValidTo the material goes: PendingImport, KMSInvalidStateException; the same bytes bring it back', async () => {
    const keyId = await createKey();
    const material = randomBytes(32);
    const validTo = new Date(env.clock.now() + 3600_000);
    await importMaterial(keyId, material, { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo });
    expect(await describeKey(keyId)).toMatchObject({ KeyState: 'Enabled', ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo });
    env.clock.advance(3600_000);
    const meta = await describeKey(keyId);
    expect(meta).toMatchObject({ KeyState: 'PendingImport', Enabled: false });
    expect(meta.ValidTo).toBeUndefined();
    expect(await awsError(sdk.send(new EncryptCommand({ KeyId: keyId, Plaintext: new Uint8Array([1]) })))).toEqual({
      name: 'KMSInvalidStateException',
      message: `${arnOf(keyId)} is pending import.`,
      status: 400,
      attempts: 1,
    });
    await importMaterial(keyId, material);
    expect(await describeKey(keyId)).toMatchObject({ KeyState: 'Enabled', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
  });
});

describe('expiry meets the other states', () => {
  it('material expiring while the key is pending deletion: CancelKeyDeletion leaves it PendingImport', async () => {
    const keyId = await createKey();
    const material = randomBytes(32);
    await importMaterial(keyId, material, { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(env.clock.now() + DAY) });
    await sdk.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    env.clock.advance(2 * DAY);
    expect(await state(keyId)).toBe('PendingDeletion');
    await sdk.send(new CancelKeyDeletionCommand({ KeyId: keyId }));
    expect(await state(keyId)).toBe('PendingImport');
    await importMaterial(keyId, material);
    expect(await state(keyId)).toBe('Enabled');
  });

  it('each material expires on its own ValidTo: a pending one goes quietly, the current one takes the key to PendingImport', async () => {
    const keyId = await createKey();
    const current = randomBytes(32);
    await importMaterial(keyId, current, { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(env.clock.now() + 2 * DAY) });
    await importMaterial(keyId, randomBytes(32), { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(env.clock.now() + DAY), ImportType: 'NEW_KEY_MATERIAL' });
    env.clock.advance(DAY);
    expect(await state(keyId)).toBe('Enabled');
    expect((await sdk.send(new ListKeyRotationsCommand({ KeyId: keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }))).Rotations!.map((r) => r.KeyMaterialState)).toEqual(['CURRENT']);
    env.clock.advance(DAY);
    expect(await state(keyId)).toBe('PendingImport');
    const rotations = await sdk.send(new ListKeyRotationsCommand({ KeyId: keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }));
    expect(rotations.Rotations!.map((r) => [r.KeyMaterialState, r.ImportState, r.ExpirationModel])).toEqual([['CURRENT', 'PENDING_IMPORT', undefined]]);
  });
});

describe('several materials per symmetric key: NEW_KEY_MATERIAL, RotateKeyOnDemand, ListKeyRotations', () => {
  it('new material waits PENDING_ROTATION, becomes CURRENT on rotation; old ciphertexts still decrypt', async () => {
    const keyId = await createKey();
    const [m1, m2] = [randomBytes(32), randomBytes(32)];
    const first = await importMaterial(keyId, m1, { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', KeyMaterialDescription: 'first' });
    const oldBlob = (await sdk.send(new EncryptCommand({ KeyId: keyId, Plaintext: new Uint8Array([1, 1]) }))).CiphertextBlob!;
    const second = await importMaterial(keyId, m2, { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ImportType: 'NEW_KEY_MATERIAL', KeyMaterialDescription: 'second' });
    expect(second.KeyMaterialId).toBe(expectedKeyMaterialId(keyId, m2));
    expect((await describeKey(keyId)).CurrentKeyMaterialId).toBe(first.KeyMaterialId);
    // Until the rotation, Encrypt still uses the first material.
    const before = (await sdk.send(new EncryptCommand({ KeyId: keyId, Plaintext: new Uint8Array([2]) }))).CiphertextBlob!;
    expect(openMockCiphertext(before, m1).keyMaterialId).toBe(first.KeyMaterialId);
    // Another NEW import while one is pending: KMSInvalidStateException.
    expect(await awsError(importMaterial(keyId, randomBytes(32), { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ImportType: 'NEW_KEY_MATERIAL' }))).toMatchObject({
      name: 'KMSInvalidStateException',
      message: expect.stringMatching(new RegExp(`^New key material \\(id: [0-9a-f]{64}\\) cannot be imported into KMS key ${keyId}, because another key material \\(id: ${second.KeyMaterialId}\\) is pending rotation\\.$`)),
    });
    expect(await sdk.send(new RotateKeyOnDemandCommand({ KeyId: keyId }))).toMatchObject({ KeyId: arnOf(keyId) });
    expect((await describeKey(keyId)).CurrentKeyMaterialId).toBe(second.KeyMaterialId);
    const after = (await sdk.send(new EncryptCommand({ KeyId: keyId, Plaintext: new Uint8Array([3]) }))).CiphertextBlob!;
    expect(openMockCiphertext(after, m2).plaintext).toEqual(Buffer.from([3]));
    const old = await sdk.send(new DecryptCommand({ CiphertextBlob: oldBlob }));
    expect(old).toMatchObject({ KeyMaterialId: first.KeyMaterialId });
    expect(Buffer.from(old.Plaintext!)).toEqual(Buffer.from([1, 1]));
    const rotations = await sdk.send(new ListKeyRotationsCommand({ KeyId: keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }));
    expect(rotations.Rotations!.map((r) => [r.KeyMaterialId, r.KeyMaterialState, r.ImportState, r.KeyMaterialDescription, r.RotationType])).toEqual([
      [first.KeyMaterialId, 'NON_CURRENT', 'IMPORTED', 'first', undefined],
      [second.KeyMaterialId, 'CURRENT', 'IMPORTED', 'second', 'ON_DEMAND'],
    ]);
    expect((await sdk.send(new ListKeyRotationsCommand({ KeyId: keyId }))).Rotations!.map((r) => r.KeyMaterialId)).toEqual([second.KeyMaterialId]);
    // Nothing pending now.
    expect(await awsError(sdk.send(new RotateKeyOnDemandCommand({ KeyId: keyId })))).toMatchObject({ name: 'KMSInvalidStateException', message: `No available key material pending rotation for the key: ${arnOf(keyId)}.` });
    // Deleting non-current material: the key awaits its reimport (every permanently associated material).
    await sdk.send(new DeleteImportedKeyMaterialCommand({ KeyId: keyId, KeyMaterialId: first.KeyMaterialId }));
    expect(await state(keyId)).toBe('PendingImport');
    expect(await awsError(sdk.send(new DecryptCommand({ CiphertextBlob: oldBlob })))).toMatchObject({ name: 'KMSInvalidStateException', message: `${arnOf(keyId)} is pending import.` });
    await importMaterial(keyId, m1); // EXISTING by default; the description is kept
    expect(await state(keyId)).toBe('Enabled');
    expect((await sdk.send(new ListKeyRotationsCommand({ KeyId: keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }))).Rotations![0]!.KeyMaterialDescription).toBe('first');
  });

  it('pending material deleted goes away without touching the key state; different material may take its place', async () => {
    const keyId = await createKey();
    await importMaterial(keyId, randomBytes(32));
    const pending = await importMaterial(keyId, randomBytes(32), { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ImportType: 'NEW_KEY_MATERIAL' });
    expect(await sdk.send(new DeleteImportedKeyMaterialCommand({ KeyId: keyId, KeyMaterialId: pending.KeyMaterialId }))).toMatchObject({ KeyMaterialId: pending.KeyMaterialId });
    expect(await state(keyId)).toBe('Enabled');
    await importMaterial(keyId, randomBytes(32), { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ImportType: 'NEW_KEY_MATERIAL' });
    expect((await awsError(sdk.send(new DeleteImportedKeyMaterialCommand({ KeyId: keyId, KeyMaterialId: 'cd'.repeat(32) })))).name).toBe('NotFoundException');
  });

  it('RotateKeyOnDemand: HMAC and asymmetric keys UnsupportedOperationException; 25 rotations, then LimitExceededException', async () => {
    const hmac = await createKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    expect(await awsError(sdk.send(new RotateKeyOnDemandCommand({ KeyId: hmac })))).toMatchObject({ name: 'UnsupportedOperationException', message: 'UnknownError' });
    const keyId = await createKey({}); // AWS_KMS origin: each rotation makes new material
    for (let i = 0; i < 25; i++) await sdk.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
    expect(await awsError(sdk.send(new RotateKeyOnDemandCommand({ KeyId: keyId })))).toEqual({
      name: 'LimitExceededException',
      message: `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${arnOf(keyId)}`,
      status: 400,
      attempts: 1,
    });
  });
});

describe('GetParametersForImport: which wrapping fits which key (SPEC §5, "Select a wrapping algorithm")', () => {
  const refused = async (keyId: string, WrappingAlgorithm: string, WrappingKeySpec = 'RSA_2048', client = sdk) =>
    awsError(client.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: WrappingAlgorithm as 'RSAES_OAEP_SHA_1', WrappingKeySpec: WrappingKeySpec as 'RSA_2048' })));

  it('refusals are UnsupportedOperationException, naming the reason', async () => {
    const sym = await createKey();
    const rsa = await createKey({ Origin: 'EXTERNAL', KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    const p521 = await createKey({ Origin: 'EXTERNAL', KeySpec: 'ECC_NIST_P521', KeyUsage: 'SIGN_VERIFY' });
    const cases: [string, string, string, string][] = [
      [sym, 'RSAES_PKCS1_V1_5', 'RSA_2048', 'KMS does not support the RSAES_PKCS1_V1_5 wrapping algorithm since October 10, 2023'],
      [rsa, 'RSAES_OAEP_SHA_256', 'RSA_4096', 'RSA key material must be wrapped with an RSA_AES_KEY_WRAP_* algorithm, not RSAES_OAEP_SHA_256'],
      [sym, 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_2048', 'RSA_AES_KEY_WRAP_SHA_256 wraps RSA and ECC key material only; use RSAES_OAEP_SHA_256 or RSAES_OAEP_SHA_1 for SYMMETRIC_DEFAULT'],
      [p521, 'RSAES_OAEP_SHA_1', 'RSA_2048', 'ECC_NIST_P521 key material cannot be wrapped with an RSAES_OAEP_SHA_* algorithm under an RSA_2048 wrapping key: use a larger wrapping key or RSA_AES_KEY_WRAP_SHA_*'],
      [sym, 'SM2PKE', 'SM2', 'the SM2 wrapping key spec is available in China Regions only'],
      [sym, 'RSAES_OAEP_SHA_256', 'SM2', 'the SM2 wrapping key spec is available in China Regions only'],
    ];
    for (const [keyId, algorithm, spec, why] of cases) {
      expect(await refused(keyId, algorithm, spec), `${algorithm} ${spec}`).toEqual({ name: 'UnsupportedOperationException', message: `${why} (${arnOf(keyId)})`, status: 400, attempts: 1 });
    }
    const cn = awsSdk({ region: 'cn-north-1' });
    const cnKey = (await cn.send(new CreateKeyCommand({ Origin: 'EXTERNAL', KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata!.KeyId!;
    expect((await refused(cnKey, 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_2048', cn)).message).toMatch(/^the RSA_AES_KEY_WRAP_SHA_256 wrapping algorithm is not supported in China Regions/);
  });

  it('a key of AWS_KMS origin takes no import call: UnsupportedOperationException', async () => {
    const keyId = await createKey({});
    const message = `${arnOf(keyId)} origin is AWS_KMS which is not valid for this operation.`;
    expect(await refused(keyId, 'RSAES_OAEP_SHA_256')).toMatchObject({ name: 'UnsupportedOperationException', message });
    expect(await awsError(sdk.send(new ImportKeyMaterialCommand({ KeyId: keyId, ImportToken: randomBytes(8), EncryptedKeyMaterial: randomBytes(8) })))).toMatchObject({ name: 'UnsupportedOperationException', message });
    expect(await awsError(sdk.send(new DeleteImportedKeyMaterialCommand({ KeyId: keyId })))).toMatchObject({ name: 'UnsupportedOperationException', message });
  });
});

describe('key states ("Key states of AWS KMS keys")', () => {
  it('Disabled: DisabledException for cryptography; Enable/Disable only from Enabled or Disabled', async () => {
    const keyId = await createKey();
    expect(await awsError(sdk.send(new EnableKeyCommand({ KeyId: keyId })))).toMatchObject({ name: 'KMSInvalidStateException', message: `${arnOf(keyId)} is pending import.` });
    const material = randomBytes(32);
    await importMaterial(keyId, material);
    await sdk.send(new DisableKeyCommand({ KeyId: keyId }));
    expect(await describeKey(keyId)).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    expect(await awsError(sdk.send(new EncryptCommand({ KeyId: keyId, Plaintext: new Uint8Array([1]) })))).toEqual({ name: 'DisabledException', message: `${arnOf(keyId)} is disabled.`, status: 400, attempts: 1 });
    expect((await awsError(sdk.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' })))).name).toBe('DisabledException');
    // A reimport is allowed while Disabled; the key stays Disabled.
    await importMaterial(keyId, material);
    expect(await state(keyId)).toBe('Disabled');
    await sdk.send(new EnableKeyCommand({ KeyId: keyId }));
    expect(await state(keyId)).toBe('Enabled');
  });

  it('ScheduleKeyDeletion 7–30 days (default 30); CancelKeyDeletion leaves the key Disabled; after the window it is gone', async () => {
    const keyId = await createKey();
    await importMaterial(keyId, randomBytes(32));
    expect(await awsError(sdk.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 31 })))).toMatchObject({ name: 'ValidationException', message: 'PendingWindowInDays should be between 7 and 30, but it is 31' });
    expect(await awsError(sdk.send(new CancelKeyDeletionCommand({ KeyId: keyId })))).toMatchObject({ name: 'KMSInvalidStateException', message: `${arnOf(keyId)} is not pending deletion.` });
    const scheduled = await sdk.send(new ScheduleKeyDeletionCommand({ KeyId: keyId }));
    expect(scheduled).toMatchObject({ KeyId: arnOf(keyId), KeyState: 'PendingDeletion', PendingWindowInDays: 30, DeletionDate: new Date(env.clock.now() + 30 * DAY) });
    expect(await describeKey(keyId)).toMatchObject({ KeyState: 'PendingDeletion', DeletionDate: new Date(env.clock.now() + 30 * DAY) });
    expect(await awsError(sdk.send(new EncryptCommand({ KeyId: keyId, Plaintext: new Uint8Array([1]) })))).toMatchObject({ name: 'KMSInvalidStateException', message: `${arnOf(keyId)} is pending deletion.` });
    expect((await awsError(sdk.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })))).name).toBe('KMSInvalidStateException');
    expect((await awsError(sdk.send(new ScheduleKeyDeletionCommand({ KeyId: keyId })))).name).toBe('KMSInvalidStateException');
    await sdk.send(new CancelKeyDeletionCommand({ KeyId: keyId }));
    expect(await state(keyId)).toBe('Disabled');
    await sdk.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    env.clock.advance(7 * DAY);
    const gone = await awsError(sdk.send(new DescribeKeyCommand({ KeyId: keyId })));
    expect(gone).toMatchObject({ name: 'NotFoundException', message: `Key '${arnOf(keyId)}' does not exist` });
  });
});

describe('naming keys: NotFoundException, InvalidArnException', () => {
  it('unknown ids, aliases, ARNs of another Region; a malformed ARN', async () => {
    const keyId = await createKey({});
    const id = '00000000-0000-4000-8000-000000000000';
    expect(await awsError(sdk.send(new DescribeKeyCommand({ KeyId: id })))).toEqual({ name: 'NotFoundException', message: `Key '${arnOf(id)}' does not exist`, status: 400, attempts: 1 });
    expect(await awsError(sdk.send(new DescribeKeyCommand({ KeyId: 'nope' })))).toMatchObject({ name: 'NotFoundException', message: "Invalid keyId 'nope'" });
    expect(await awsError(sdk.send(new DescribeKeyCommand({ KeyId: 'alias/none' })))).toMatchObject({ name: 'NotFoundException', message: 'Alias arn:aws:kms:us-east-1:111122223333:alias/none is not found.' });
    expect((await awsError(sdk.send(new DescribeKeyCommand({ KeyId: arnOf(keyId, 'eu-west-1') })))).name).toBe('NotFoundException');
    expect((await awsError(awsSdk({ region: 'eu-west-1' }).send(new DescribeKeyCommand({ KeyId: keyId })))).name).toBe('NotFoundException');
    expect(await awsError(sdk.send(new DescribeKeyCommand({ KeyId: 'arn:aws:kms:us-east-1:111122223333' })))).toEqual({ name: 'InvalidArnException', message: 'Invalid arn arn:aws:kms:us-east-1:111122223333', status: 400, attempts: 1 });
    expect(await describeKey(arnOf(keyId))).toMatchObject({ KeyId: keyId, Arn: arnOf(keyId) });
    const e = await sdk.send(new DescribeKeyCommand({ KeyId: 'nope' })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NotFoundException);
  });

  it('a key id, key ARN, alias name or alias ARN only: key/<id> alone is NotFoundException', async () => {
    const keyId = await createKey({});
    await sdk.send(new CreateAliasCommand({ AliasName: 'alias/named', TargetKeyId: keyId }));
    const plaintext = new Uint8Array([1]);
    for (const ref of [`key/${keyId}`, `key/${arnOf(keyId)}`]) {
      expect(await awsError(sdk.send(new EncryptCommand({ KeyId: ref, Plaintext: plaintext }))), ref).toMatchObject({ name: 'NotFoundException', message: `Invalid keyId '${ref}'` });
      expect((await awsError(sdk.send(new DescribeKeyCommand({ KeyId: ref })))).name, ref).toBe('NotFoundException');
    }
    // A key ARN's resource must be a key id, not an alias.
    expect((await awsError(sdk.send(new DescribeKeyCommand({ KeyId: 'arn:aws:kms:us-east-1:111122223333:key/alias/named' })))).name).toBe('NotFoundException');
    for (const ref of [keyId, arnOf(keyId), 'alias/named', 'arn:aws:kms:us-east-1:111122223333:alias/named']) {
      expect((await sdk.send(new EncryptCommand({ KeyId: ref, Plaintext: plaintext }))).KeyId, ref).toBe(arnOf(keyId));
    }
  });
});

describe('using keys: errors of the crypto calls', () => {
  it('InvalidKeyUsageException, KMSInvalidSignatureException, KMSInvalidMacException, ValidationException, DryRunOperationException', async () => {
    const signer = await createKey({ Origin: 'EXTERNAL', KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const p = await parameters(signer);
    await sdk.send(new ImportKeyMaterialCommand({ KeyId: signer, ImportToken: p.token, EncryptedKeyMaterial: p.wrap(opensslPkcs8Der(fixture('p256').path)), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }));
    const message = new Uint8Array([1, 2, 3]);
    expect(await awsError(sdk.send(new EncryptCommand({ KeyId: signer, Plaintext: message })))).toMatchObject({ name: 'InvalidKeyUsageException', message: `${arnOf(signer)} key usage is SIGN_VERIFY which is not valid for Encrypt.` });
    expect(await awsError(sdk.send(new SignCommand({ KeyId: signer, Message: message, SigningAlgorithm: 'ECDSA_SHA_384' })))).toMatchObject({ name: 'InvalidKeyUsageException', message: 'Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.' });
    expect(await awsError(sdk.send(new SignCommand({ KeyId: signer, Message: message, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' })))).toMatchObject({ name: 'ValidationException', message: 'Digest is invalid length for algorithm ECDSA_SHA_256.' });
    const { Signature } = await sdk.send(new SignCommand({ KeyId: signer, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' }));
    expect(await awsError(sdk.send(new VerifyCommand({ KeyId: signer, Message: new Uint8Array([9]), Signature, SigningAlgorithm: 'ECDSA_SHA_256' })))).toEqual({ name: 'KMSInvalidSignatureException', message: 'UnknownError', status: 400, attempts: 1 });
    expect(await awsError(sdk.send(new SignCommand({ KeyId: signer, Message: message, SigningAlgorithm: 'ECDSA_SHA_256', DryRun: true })))).toMatchObject({
      name: 'DryRunOperationException',
      message: 'The request would have succeeded, but the DryRun option is set.',
    });

    const mac = await createKey({ KeySpec: 'HMAC_224', KeyUsage: 'GENERATE_VERIFY_MAC' });
    expect(await awsError(sdk.send(new GenerateMacCommand({ KeyId: mac, Message: message, MacAlgorithm: 'HMAC_SHA_256' })))).toMatchObject({ name: 'InvalidKeyUsageException', message: 'Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224.' });
    const { Mac } = await sdk.send(new GenerateMacCommand({ KeyId: mac, Message: message, MacAlgorithm: 'HMAC_SHA_224' }));
    expect(Mac!.length).toBe(28);
    Mac![0]! ^= 1;
    expect(await awsError(sdk.send(new VerifyMacCommand({ KeyId: mac, Message: message, Mac, MacAlgorithm: 'HMAC_SHA_224' })))).toEqual({ name: 'KMSInvalidMacException', message: 'UnknownError', status: 400, attempts: 1 });
    expect(await awsError(sdk.send(new GetPublicKeyCommand({ KeyId: mac })))).toMatchObject({ name: 'UnsupportedOperationException' });

    const rsa = await createKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
    expect(await awsError(sdk.send(new EncryptCommand({ KeyId: rsa, Plaintext: randomBytes(191), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })))).toMatchObject({
      name: 'ValidationException',
      message: 'Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger than 190 bytes.',
    });
    expect(await awsError(sdk.send(new EncryptCommand({ KeyId: rsa, Plaintext: message })))).toMatchObject({ name: 'InvalidKeyUsageException', message: 'Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.' });
    expect(await awsError(sdk.send(new DecryptCommand({ KeyId: rsa, CiphertextBlob: randomBytes(256), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })))).toMatchObject({ name: 'InvalidCiphertextException', message: 'UnknownError' });
    expect(await awsError(sdk.send(new GenerateRandomCommand({})))).toMatchObject({ name: 'ValidationException', message: 'NumberOfBytes is required.' });
    expect((await sdk.send(new GenerateRandomCommand({ NumberOfBytes: 1024 }))).Plaintext!.length).toBe(1024);
  });

  it('GenerateDataKey(WithoutPlaintext), ReEncrypt: the data key opens with node:crypto', async () => {
    const material = randomBytes(32);
    const [a, b] = [await createKey(), await createKey()];
    await importMaterial(a, material);
    await importMaterial(b, randomBytes(32));
    expect(await awsError(sdk.send(new GenerateDataKeyCommand({ KeyId: a })))).toMatchObject({ name: 'ValidationException', message: 'Please specify either number of bytes or key spec.' });
    const dk = await sdk.send(new GenerateDataKeyCommand({ KeyId: a, KeySpec: 'AES_128', EncryptionContext: { k: 'v' } }));
    expect(dk.Plaintext!.length).toBe(16);
    expect(openMockCiphertext(dk.CiphertextBlob!, material, JSON.stringify([['k', 'v']])).plaintext).toEqual(Buffer.from(dk.Plaintext!));
    expect(dk.KeyMaterialId).toBe(expectedKeyMaterialId(a, material));
    const blind = await sdk.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: a, NumberOfBytes: 40 }));
    expect('Plaintext' in blind).toBe(false);
    expect(openMockCiphertext(blind.CiphertextBlob!, material).plaintext.length).toBe(40);
    const re = await sdk.send(new ReEncryptCommand({ CiphertextBlob: dk.CiphertextBlob, SourceEncryptionContext: { k: 'v' }, DestinationKeyId: b }));
    expect(re).toMatchObject({ SourceKeyId: arnOf(a), KeyId: arnOf(b), SourceKeyMaterialId: dk.KeyMaterialId, SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT', DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    expect(Buffer.from((await sdk.send(new DecryptCommand({ CiphertextBlob: re.CiphertextBlob }))).Plaintext!)).toEqual(Buffer.from(dk.Plaintext!));
  });

  it('an empty EncryptionContext {} is no context: encrypted with it, decrypted without, and the other way round', async () => {
    const keyId = await createKey({});
    const plaintext = new Uint8Array([1, 2, 3]);
    const withEmpty = (await sdk.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: {} }))).CiphertextBlob!;
    const without = (await sdk.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }))).CiphertextBlob!;
    expect((await sdk.send(new DecryptCommand({ CiphertextBlob: withEmpty }))).Plaintext).toEqual(plaintext);
    expect((await sdk.send(new DecryptCommand({ CiphertextBlob: without, EncryptionContext: {} }))).Plaintext).toEqual(plaintext);
    const re = await sdk.send(new ReEncryptCommand({ CiphertextBlob: withEmpty, DestinationKeyId: keyId, DestinationEncryptionContext: {} }));
    expect((await sdk.send(new DecryptCommand({ CiphertextBlob: re.CiphertextBlob }))).Plaintext).toEqual(plaintext);
    // A context with pairs still has to be given again.
    const withPair = (await sdk.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { k: 'v' } }))).CiphertextBlob!;
    expect((await awsError(sdk.send(new DecryptCommand({ CiphertextBlob: withPair, EncryptionContext: {} })))).name).toBe('InvalidCiphertextException');
  });
});

describe('aliases and tags', () => {
  it('CreateAlias, use by alias, UpdateAlias, DeleteAlias; AlreadyExistsException, InvalidAliasNameException, ValidationException', async () => {
    const [a, b] = [await createKey({}), await createKey({})];
    const hmac = await createKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    await sdk.send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: a }));
    expect(await awsError(sdk.send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: b })))).toEqual({
      name: 'AlreadyExistsException',
      message: 'An alias with the name arn:aws:kms:us-east-1:111122223333:alias/app already exists',
      status: 400,
      attempts: 1,
    });
    expect(await awsError(sdk.send(new CreateAliasCommand({ AliasName: 'app', TargetKeyId: b })))).toMatchObject({
      name: 'ValidationException',
      message: 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    });
    expect((await awsError(sdk.send(new CreateAliasCommand({ AliasName: 'alias/aws/s3', TargetKeyId: b })))).name).toBe('InvalidAliasNameException');
    // An alias is not a key id where the reference says "key ID or key ARN".
    expect((await awsError(sdk.send(new CreateAliasCommand({ AliasName: 'alias/other', TargetKeyId: 'alias/app' })))).name).toBe('NotFoundException');
    const blob = (await sdk.send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: new Uint8Array([5]) }))).CiphertextBlob!;
    expect((await sdk.send(new DecryptCommand({ CiphertextBlob: blob, KeyId: 'arn:aws:kms:us-east-1:111122223333:alias/app' }))).KeyId).toBe(arnOf(a));
    expect((await awsError(sdk.send(new UpdateAliasCommand({ AliasName: 'alias/app', TargetKeyId: hmac })))).name).toBe('ValidationException');
    await sdk.send(new UpdateAliasCommand({ AliasName: 'alias/app', TargetKeyId: b }));
    expect((await describeKey('alias/app')).KeyId).toBe(b);
    const listed = await sdk.send(new ListAliasesCommand({}));
    expect(listed.Aliases!.map((x) => [x.AliasName, x.AliasArn, x.TargetKeyId])).toEqual([['alias/app', 'arn:aws:kms:us-east-1:111122223333:alias/app', b]]);
    expect((await sdk.send(new ListAliasesCommand({ KeyId: a }))).Aliases).toEqual([]);
    await sdk.send(new DeleteAliasCommand({ AliasName: 'alias/app' }));
    expect((await awsError(sdk.send(new DeleteAliasCommand({ AliasName: 'alias/app' })))).name).toBe('NotFoundException');
  });

  it('TagResource, UntagResource, ListResourceTags; TagException for reserved, duplicate and too many tags', async () => {
    const keyId = await createKey({ Tags: [{ TagKey: 'team', TagValue: 'a' }] });
    await sdk.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'team', TagValue: 'b' }, { TagKey: 'env', TagValue: '' }] }));
    expect((await sdk.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags).toEqual([{ TagKey: 'team', TagValue: 'b' }, { TagKey: 'env', TagValue: '' }]);
    await sdk.send(new UntagResourceCommand({ KeyId: keyId, TagKeys: ['team'] }));
    expect((await sdk.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags).toEqual([{ TagKey: 'env', TagValue: '' }]);
    const tag = (Tags: { TagKey: string; TagValue: string }[]) => awsError(sdk.send(new TagResourceCommand({ KeyId: keyId, Tags })));
    expect(await tag([{ TagKey: 'AWS:x', TagValue: 'v' }])).toEqual({ name: 'TagException', message: 'Tags beginning with aws: are reserved', status: 400, attempts: 1 });
    expect(await tag([{ TagKey: 'k', TagValue: '1' }, { TagKey: 'k', TagValue: '2' }])).toMatchObject({ name: 'TagException', message: 'Duplicate tag keys' });
    expect(await tag(Array.from({ length: 50 }, (_, i) => ({ TagKey: `t${i}`, TagValue: '' })))).toMatchObject({ name: 'TagException', message: 'Too many tags' });
    expect(await tag([{ TagKey: 'x'.repeat(129), TagValue: '' }])).toMatchObject({ name: 'ValidationException', message: "1 validation error detected: Value at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length between 1 and 128" });
  });

  it('ListKeys pages with NextMarker; any other Marker is InvalidMarkerException', async () => {
    const ids = [await createKey({}), await createKey({}), await createKey({})];
    const first = await sdk.send(new ListKeysCommand({ Limit: 2 }));
    expect(first.Keys!.map((k) => k.KeyId)).toEqual(ids.slice(0, 2));
    expect(first).toMatchObject({ Truncated: true, NextMarker: ids[2] });
    const second = await sdk.send(new ListKeysCommand({ Limit: 2, Marker: first.NextMarker }));
    expect(second.Keys).toEqual([{ KeyId: ids[2], KeyArn: arnOf(ids[2]!) }]);
    expect(second.Truncated).toBe(false);
    expect((await awsError(sdk.send(new ListKeysCommand({ Marker: 'bogus' })))).name).toBe('InvalidMarkerException');
  });
});

describe('CreateKey: KeySpec × KeyUsage as documented', () => {
  it('every documented pair is created with its algorithm list; other pairs are ValidationException', async () => {
    const pairs: [string, string, string, string[]][] = [
      ['SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', 'EncryptionAlgorithms', ['SYMMETRIC_DEFAULT']],
      ['HMAC_512', 'GENERATE_VERIFY_MAC', 'MacAlgorithms', ['HMAC_SHA_512']],
      ['RSA_3072', 'ENCRYPT_DECRYPT', 'EncryptionAlgorithms', ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']],
      ['RSA_4096', 'SIGN_VERIFY', 'SigningAlgorithms', ['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512']],
      ['ECC_NIST_P384', 'KEY_AGREEMENT', 'KeyAgreementAlgorithms', ['ECDH']],
      ['ECC_SECG_P256K1', 'SIGN_VERIFY', 'SigningAlgorithms', ['ECDSA_SHA_256']],
    ];
    for (const [KeySpec, KeyUsage, list, algorithms] of pairs) {
      const meta = (await sdk.send(new CreateKeyCommand({ KeySpec: KeySpec as 'RSA_2048', KeyUsage: KeyUsage as 'SIGN_VERIFY', Origin: 'EXTERNAL' }))).KeyMetadata! as unknown as Record<string, unknown>;
      expect(meta[list], KeySpec).toEqual(algorithms);
      expect(meta.CustomerMasterKeySpec).toBe(KeySpec);
    }
    expect(await awsError(sdk.send(new CreateKeyCommand({ KeySpec: 'HMAC_256' })))).toMatchObject({ name: 'ValidationException', message: 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.' });
    expect(await awsError(sdk.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'KEY_AGREEMENT' })))).toMatchObject({ name: 'ValidationException', message: 'KeyUsage KEY_AGREEMENT is not compatible with KeySpec RSA_2048' });
    expect(await awsError(sdk.send(new CreateKeyCommand({ KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' })))).toMatchObject({ name: 'UnsupportedOperationException', message: 'KeySpec SM2 is available in China Regions only' });
    expect((await awsError(sdk.send(new CreateKeyCommand({ KeySpec: 'ML_DSA_65', KeyUsage: 'SIGN_VERIFY' })))).message).toBe("KeySpec ML_DSA_65 is part of the API but not implemented by webcrypto-byok's mock KMS");
  });

  it('a generated (AWS_KMS) key is Enabled at once, with no ExpirationModel', async () => {
    const hmac = await createKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const meta = await describeKey(hmac);
    expect(meta).toMatchObject({ KeyState: 'Enabled', Enabled: true, Origin: 'AWS_KMS', KeyManager: 'CUSTOMER', MultiRegion: false, AWSAccountId: '111122223333' });
    expect(meta.ExpirationModel).toBeUndefined();
    const m = new Uint8Array([4, 2]);
    const { Mac } = await sdk.send(new GenerateMacCommand({ KeyId: hmac, Message: m, MacAlgorithm: 'HMAC_SHA_256' }));
    expect((await sdk.send(new VerifyMacCommand({ KeyId: hmac, Message: m, Mac, MacAlgorithm: 'HMAC_SHA_256' }))).MacValid).toBe(true);
  });
});
