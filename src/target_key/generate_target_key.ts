// generateTargetKey: a fresh TAK. RSA and P-256/384/521 from WebCrypto; secp256k1 and SM2,
// which WebCrypto lacks (SPEC §4), from @noble/curves with a getRandomValues scalar.
import { ByokError, show } from '../errors.js';
import { clean } from '../lib/bytes.js';
import { subtle } from '../lib/random.js';
import { secret } from '../lib/secrets.js';
import { EC_SPECS, isTargetKeySpec, type TargetKeySpec } from './specs.js';
import { encodeEcPkcs8, encodeEcSpki, parseTargetKey } from './to_pkcs8.js';

/** The result of {@link generateTargetKey}. */
export interface TargetKeyPair {
  /** PKCS#8 DER, as OpenSSL writes it. */
  privateKey: Uint8Array;
  /** SubjectPublicKeyInfo DER. */
  publicKey: Uint8Array;
}

/**
 * A new private key of the given spec, for asymmetric BYOK. RSA-4096 generation can
 * take seconds in a browser: show progress.
 *
 * @example
 * const { privateKey, publicKey } = await generateTargetKey('EC_P256');
 */
export async function generateTargetKey(spec: TargetKeySpec): Promise<TargetKeyPair> {
  if (!isTargetKeySpec(spec)) throw new ByokError('ERR_INVALID_ARGUMENT', `unknown target key spec ${show(spec)}`);
  if (spec === 'EC_P256K' || spec === 'EC_SM2') {
    const { publicPoint, randomScalar } = await import('../ec/curves.js');
    const d = secret('ec-scalar', randomScalar(EC_SPECS[spec].curve));
    const pub = publicPoint(EC_SPECS[spec].curve, d);
    const privateKey = encodeEcPkcs8(spec, d, pub);
    clean(d);
    return { privateKey, publicKey: encodeEcSpki(spec, pub) };
  }
  const algorithm: RsaHashedKeyGenParams | EcKeyGenParams = spec.startsWith('EC_')
    ? { name: 'ECDSA', namedCurve: EC_SPECS[spec as 'EC_P256' | 'EC_P384' | 'EC_P521'].curve }
    : { name: 'RSASSA-PKCS1-v1_5', modulusLength: Number(spec.slice(4)), publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  let pair: CryptoKeyPair;
  let exported: [ArrayBuffer, ArrayBuffer];
  try {
    pair = (await subtle().generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
    exported = await Promise.all([subtle().exportKey('pkcs8', pair.privateKey), subtle().exportKey('spki', pair.publicKey)]);
  } catch (cause) {
    throw new ByokError('ERR_OPERATION_FAILED', `WebCrypto could not generate a ${spec} key`, { cause });
  }
  // Normalise (and check) what the platform exported: the same bytes OpenSSL writes.
  const raw = secret('private-key-der', new Uint8Array(exported[0]));
  const { pkcs8, d } = parseTargetKey(raw, spec);
  clean(raw, d);
  return { privateKey: pkcs8, publicKey: new Uint8Array(exported[1]) };
}
