// Object identifiers, built from their parent arcs (style of @peculiar/asn1-schema).
const pkcs1 = '1.2.840.113549.1.1';
const ansiX962 = '1.2.840.10045';
const sca = '1.2.156.10197.1'; // GM/T 0006 (China's State Cryptography Administration)

export const id_rsaEncryption = `${pkcs1}.1`; // RFC 8017 Appendix A.1
export const id_ecPublicKey = `${ansiX962}.2.1`; // RFC 5480 §2.1.1
export const id_primeField = `${ansiX962}.1.1`; // X9.62 prime-field
export const id_prime256v1 = `${ansiX962}.3.1.7`; // P-256, RFC 5480 §2.1.1.1
const certicomCurve = '1.3.132.0';
export const id_secp256k1 = `${certicomCurve}.10`; // SEC 2 §2.4.1
export const id_secp384r1 = `${certicomCurve}.34`; // P-384, RFC 5480 §2.1.1.1
export const id_secp521r1 = `${certicomCurve}.35`; // P-521, RFC 5480 §2.1.1.1
export const id_sm2p256v1 = `${sca}.301`; // GM/T 0006: SM2 curve
export const id_sm2 = `${sca}.301.1`; // SM2 as a public key algorithm (seen in some SPKIs)
