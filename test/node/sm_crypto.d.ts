declare module 'sm-crypto' {
  const smc: {
    sm2: {
      doEncrypt(msg: number[] | string, publicKeyHex: string, cipherMode?: 0 | 1): string;
      doDecrypt(data: string, privateKeyHex: string, cipherMode: 0 | 1, options: { output: 'array' }): number[];
    };
    sm4: {
      encrypt(data: number[], key: number[], options: { padding: 'none'; output: 'array' }): number[];
      decrypt(data: number[], key: number[], options: { padding: 'none'; output: 'array' }): number[];
    };
  };
  export default smc;
}
