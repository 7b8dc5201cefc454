// The mocked KMS's state: keys and the import parameters issued for them. Plain data,
// kept apart from the rules (rules.ts) and from the wire dialects (dialects/).
import { fromBase64, toBase64 } from '../lib/bytes.js';
import type { KeyState } from './kms_error.js';

export type Cloud = 'tencent' | 'aliyun';

export interface KeyRecord {
  keyId: string;
  cloud: Cloud;
  /** Tencent Alias / Alibaba has none. */
  alias?: string;
  description: string;
  /** Alibaba KeySpec (Aliyun_AES_256, Aliyun_SM4, RSA_2048, EC_P256, ...); Tencent: 'SYMMETRIC'. */
  keySpec: string;
  keyUsage: string;
  origin: 'EXTERNAL' | 'KMS';
  state: KeyState;
  /** State to return to when a scheduled deletion is cancelled. */
  stateBeforeDeletion?: KeyState;
  createdAt: number;
  /** The material in use: raw symmetric bytes, or PKCS#8 DER of an asymmetric key. */
  material?: Uint8Array;
  /** SHA-256 of the first material ever imported: the permanent binding (SPEC §3 "Binding"). */
  boundDigest?: string;
  /** ms since epoch; 0 = never. */
  materialExpiresAt: number;
  deletionDate?: number;
  /** Tencent: only the newest import token is valid (SPEC §3). */
  newestToken?: string;
}

export interface ImportParameters {
  token: string;
  keyId: string;
  wrappingAlgorithm: string;
  wrappingKeySpec: 'RSA_2048' | 'EC_SM2';
  /** SPKI DER of the wrapping public key. */
  publicKey: Uint8Array;
  /** The wrapping private key: RSA as JWK, SM2 as its 32-byte scalar. Dropped once long expired. */
  privateKey?: JsonWebKey | Uint8Array;
  issuedAt: number;
  expiresAt: number;
}

export class KeyStore {
  readonly keys = new Map<string, KeyRecord>();
  readonly importParameters = new Map<string, ImportParameters>();

  clear(): void {
    this.keys.clear();
    this.importParameters.clear();
  }

  /** JSON with bytes as base64, for an optional Storage (a demo surviving reloads). */
  serialize(): string {
    return JSON.stringify({ version: 1, keys: [...this.keys.values()], importParameters: [...this.importParameters.values()] }, (_k, v) =>
      v instanceof Uint8Array ? { $b64: toBase64(v) } : v,
    );
  }

  /** Throws on anything that is not a state this store wrote. */
  load(text: string): void {
    const data = JSON.parse(text, (_k, v) => {
      if (v && typeof v === 'object' && typeof v.$b64 === 'string' && Object.keys(v).length === 1) {
        const b = fromBase64(v.$b64);
        if (!b && v.$b64 !== '') throw new Error('corrupt bytes');
        return b ?? new Uint8Array(0);
      }
      return v;
    });
    if (!data || data.version !== 1 || !Array.isArray(data.keys) || !Array.isArray(data.importParameters)) throw new Error('unknown layout');
    for (const k of data.keys) {
      if (typeof k?.keyId !== 'string' || typeof k.state !== 'string' || (k.cloud !== 'tencent' && k.cloud !== 'aliyun')) throw new Error('corrupt key');
    }
    for (const p of data.importParameters) if (typeof p?.token !== 'string' || typeof p.keyId !== 'string') throw new Error('corrupt import parameters');
    this.clear();
    for (const k of data.keys as KeyRecord[]) this.keys.set(k.keyId, k);
    for (const p of data.importParameters as ImportParameters[]) this.importParameters.set(p.token, p);
  }
}
