// sm-crypto's deep modules (CommonJS, no types of their own that fit: SPEC §4).
declare module 'sm-crypto/src/sm2/sm3.js' {
  const mod: { sm3(input: number[]): number[] };
  export default mod;
}
declare module 'sm-crypto/src/sm4/index.js' {
  const mod: {
    encrypt(input: number[], key: number[], options: { padding: 'none' | 'pkcs#7'; output: 'array' }): number[];
    decrypt(input: number[], key: number[], options: { padding: 'none' | 'pkcs#7'; output: 'array' }): number[];
  };
  export default mod;
}
