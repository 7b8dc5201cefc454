// npm run size: gzipped size of what a browser loads for each entry, up front and on
// demand, against a budget (issue 6). Exits non-zero when a budget is exceeded.
import { bundleForBrowser, entryFile, staticClosure } from './browser_bundle.mjs';

// Issue 6 sets ≤ 45 KB for the main entry; the budget sits just above today's size to catch regressions.
// Issue 12 caps what webcrypto-byok/mock-kms adds beyond msw itself at 60 KB.
const BUDGET_KB = { main: 25, sm: 20, keyWrap: 6, mock: 120, mockOwn: 60 };
const kb = (n) => (n / 1024).toFixed(1);

const outputs = await bundleForBrowser({ index: 'src/index.ts', mock_kms: 'src/mock_kms/index.ts' });
const sum = (files) => files.reduce((a, f) => a + outputs[f].gzip, 0);
const main = staticClosure(outputs, entryFile(outputs, 'src/index.ts'));
const mock = staticClosure(outputs, entryFile(outputs, 'src/mock_kms/index.ts'));
// The SM chunk: what the SM entry points add on top of the main entry.
const smEntries = Object.keys(outputs).filter((f) => (outputs[f].entryPoint ?? '').startsWith('src/sm/'));
const sm = [...new Set(smEntries.flatMap((f) => staticClosure(outputs, f)))].filter((f) => !main.includes(f));
const mockOnly = mock.filter((f) => !main.includes(f));
// The RSA+AES key wrap chunks (AES-KWP on @noble/ciphers, and createAzureByok's envelope):
// what those algorithms add on demand.
const keyWrapEntry = entryFile(outputs, 'src/wrap/rsa_aes_key_wrap.ts');
const keyWrapEntries = [keyWrapEntry, entryFile(outputs, 'src/wrap/azure_byok_blob.ts')].filter(Boolean);
const keyWrap = [...new Set(keyWrapEntries.flatMap((f) => staticClosure(outputs, f)))].filter((f) => !main.includes(f));
const keyWrapInMain = main.flatMap((f) => outputs[f].inputs).filter((i) => i.includes('@noble/ciphers') || i === 'src/wrap/aes_key_wrap.ts');
const smInMain = main.flatMap((f) => outputs[f].inputs).filter((i) => i.includes('sm-crypto') || i.startsWith('src/sm/'));
const nodeRefs = Object.entries(outputs).filter(([, o]) => o.nodeReference);

// The mock's own weight: the same bundle with msw left out, up front plus every chunk it can load.
const own = await bundleForBrowser({ index: 'src/index.ts', mock_kms: 'src/mock_kms/index.ts' }, { external: ['msw'] });
const ownMain = staticClosure(own, entryFile(own, 'src/index.ts'));
const ownMock = staticClosure(own, entryFile(own, 'src/mock_kms/index.ts')).filter((f) => !ownMain.includes(f));
// Everything else the mock can fetch later (key generation, curves, SM): loaded on demand.
const ownLazy = Object.keys(own).filter((f) => !ownMain.includes(f) && !ownMock.includes(f));

const rows = [
  ['main entry, up front (RSA-only use)', sum(main), BUDGET_KB.main],
  ['SM chunk, loaded on demand', sum(sm), BUDGET_KB.sm],
  ['RSA+AES key wrap + Azure .byok, on demand', sum(keyWrap), BUDGET_KB.keyWrap],
  ['mock-kms entry (with msw), beyond the main entry', sum(mockOnly), BUDGET_KB.mock],
  ['mock-kms beyond the main entry and msw, up front', ownMock.reduce((a, f) => a + own[f].gzip, 0), BUDGET_KB.mockOwn],
  ['every chunk either entry loads on demand (informative)', ownLazy.reduce((a, f) => a + own[f].gzip, 0), 200],
];
let failed = false;
for (const [name, bytes, budget] of rows) {
  const over = bytes > budget * 1024;
  failed ||= over;
  console.log(`${name.padEnd(52)} ${kb(bytes).padStart(7)} KB gzip  (budget ${budget} KB)${over ? '  OVER BUDGET' : ''}`);
}
if (smInMain.length) {
  failed = true;
  console.log(`SM code in the main entry: ${smInMain.join(', ')}`);
}
if (!keyWrapEntry || keyWrapInMain.length) {
  failed = true;
  console.log(keyWrapEntry ? `AES key wrap code in the main entry: ${keyWrapInMain.join(', ')}` : 'no separate RSA+AES key wrap chunk');
}
if (nodeRefs.length) {
  failed = true;
  for (const [f, o] of nodeRefs) console.log(`Node reference in ${f}: ${o.nodeReference}`);
}
console.log(failed ? 'size: FAILED' : 'size: within budget, no SM or key wrap code up front, no Node built-in in any chunk');
process.exitCode = failed ? 1 : 0;
