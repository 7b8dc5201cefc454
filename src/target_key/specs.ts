// Target key specs (SPEC §2 "TAK formats") and the curve each EC spec lives on.
import type { CurveName } from '../ec/curves.js';
import { id_prime256v1, id_secp256k1, id_secp384r1, id_secp521r1, id_sm2p256v1 } from '../lib/oids.js';

/** Key specs of target (asymmetric) keys, as the KMS names them (Alibaba KeySpec). */
export type TargetKeySpec = 'RSA_2048' | 'RSA_3072' | 'RSA_4096' | 'EC_P256' | 'EC_P256K' | 'EC_SM2' | 'EC_P384' | 'EC_P521';

/**
 * Every {@link TargetKeySpec}.
 *
 * @example
 * TARGET_KEY_SPECS.includes(spec as TargetKeySpec);
 */
export const TARGET_KEY_SPECS: readonly TargetKeySpec[] = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_P256', 'EC_P256K', 'EC_SM2', 'EC_P384', 'EC_P521'];

/** @internal */
export type EcSpec = 'EC_P256' | 'EC_P256K' | 'EC_SM2' | 'EC_P384' | 'EC_P521';

/** @internal */
export const EC_SPECS: Record<EcSpec, { curve: CurveName; oid: string }> = {
  EC_P256: { curve: 'P-256', oid: id_prime256v1 },
  EC_P256K: { curve: 'secp256k1', oid: id_secp256k1 },
  EC_SM2: { curve: 'SM2', oid: id_sm2p256v1 },
  EC_P384: { curve: 'P-384', oid: id_secp384r1 },
  EC_P521: { curve: 'P-521', oid: id_secp521r1 },
};

export function ecSpecForOid(oid: string): EcSpec | undefined {
  return (Object.keys(EC_SPECS) as EcSpec[]).find((s) => EC_SPECS[s].oid === oid);
}

export function isTargetKeySpec(value: unknown): value is TargetKeySpec {
  return (TARGET_KEY_SPECS as readonly unknown[]).includes(value);
}
