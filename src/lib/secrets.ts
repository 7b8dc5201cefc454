// Where the library holds secrets (SECURITY.md "What is overwritten"). Every buffer that
// carries key material, an ephemeral key or a private key is registered here under the
// site name SECURITY.md lists, and overwritten by clean() before the operation returns.
// The observer is an internal seam: tests record each buffer and check it is zero after
// the call (issue 11.6). It is never set outside tests.

/** The sites SECURITY.md lists, one name each. */
export type SecretSite =
  | 'input-copy'
  | 'material-copy'
  | 'esk'
  | 'private-key-der'
  | 'pkcs8'
  | 'padded-plaintext'
  | 'ec-scalar'
  | 'pkcs1-block'
  | 'sm2-ephemeral'
  | 'sm2-shared-secret'
  | 'sm4-input';

type Observer = (site: SecretSite, bytes: Uint8Array | number[]) => void;
let observer: Observer | undefined;

/** @internal Tests only: see each secret buffer as it is made. */
export function observeSecrets(next: Observer | undefined): void {
  observer = next;
}

/** Mark `bytes` as a secret held at `site`; returns it unchanged. */
export function secret<T extends Uint8Array | number[]>(site: SecretSite, bytes: T): T {
  observer?.(site, bytes);
  return bytes;
}
