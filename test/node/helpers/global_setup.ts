// Keys generated once per run by OpenSSL, the independent implementation every
// wrapping test is checked against.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    fixtures: string;
  }
}

export const GENPKEY_ARGS: Record<string, string[]> = {
  rsa2048: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  rsa3072: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:3072'],
  rsa4096: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:4096'],
  p256: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  p256k: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:secp256k1'],
  p384: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
  p521: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'],
  sm2: ['-algorithm', 'SM2'],
  sm2wrap: ['-algorithm', 'SM2'],
};

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'byok-fixtures-'));
  for (const [name, args] of Object.entries(GENPKEY_ARGS)) {
    execFileSync('openssl', ['genpkey', ...args, '-out', join(dir, `${name}.pem`)], { stdio: 'pipe' });
    execFileSync('openssl', ['pkey', '-in', join(dir, `${name}.pem`), '-pubout', '-out', join(dir, `${name}.pub.pem`)]);
  }
  project.provide('fixtures', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
