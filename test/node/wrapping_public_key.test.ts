// The wrapping public key reader: the DER fast path and the @peculiar schema parse
// agree with OpenSSL's view of the key.
import { describe, expect, it } from 'vitest';
import { createPublicKey } from 'node:crypto';
import { parseWrappingPublicKey } from '../../src/wrap/wrapping_public_key.js';
import { fixture, openssl } from './helpers/openssl.js';

const big = (b64u: string) => BigInt('0x' + Buffer.from(b64u, 'base64url').toString('hex'));

describe.each([2048, 3072, 4096])('RSA-%i', (bits) => {
  const jwk = () => createPublicKey(fixture(`rsa${bits}`).pubPem).export({ format: 'jwk' });

  it('n, e and size match what OpenSSL (through node) reads', async () => {
    const key = await parseWrappingPublicKey(fixture(`rsa${bits}`).pubPem);
    expect(key).toMatchObject({ type: 'rsa', bits, k: bits / 8, n: big(jwk().n!), e: big(jwk().e!) });
  });

  it('a PKCS#1 "RSA PUBLIC KEY" PEM reads as the same key', async () => {
    const pkcs1 = openssl(['rsa', '-pubin', '-in', fixture(`rsa${bits}`).pubPath, '-RSAPublicKey_out']).toString();
    expect(pkcs1).toContain('BEGIN RSA PUBLIC KEY');
    const key = await parseWrappingPublicKey(pkcs1);
    expect(key).toMatchObject({ type: 'rsa', n: big(jwk().n!) });
  });
});

it('an SM2 key reads as the point OpenSSL prints', async () => {
  const key = await parseWrappingPublicKey(fixture('sm2wrap').pubPem);
  const text = openssl(['pkey', '-pubin', '-in', fixture('sm2wrap').pubPath, '-text', '-noout']).toString();
  const pub = /pub:\s*([\s\S]*?)\n[A-Z]/.exec(text)![1]!.replace(/[\s:]/g, '');
  expect(key.type).toBe('sm2');
  expect(Buffer.from((key as { point: Uint8Array }).point).toString('hex')).toBe(pub);
});

it('the DER fast paths and the @peculiar schema parse agree', async () => {
  const { parseSpkiWithSchemas } = await import('../../src/wrap/wrapping_public_key_schema.js');
  for (const name of ['rsa2048', 'rsa3072', 'rsa4096', 'sm2wrap']) {
    const der = new Uint8Array(openssl(['pkey', '-pubin', '-in', fixture(name).pubPath, '-outform', 'DER']));
    expect(await parseWrappingPublicKey(der), name).toEqual(parseSpkiWithSchemas(der));
  }
});
