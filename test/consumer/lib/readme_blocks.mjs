// The README's code blocks and the convention that marks the runnable ones.
//
// A fenced block whose info string is `ts test:node`, `js test:node`, `ts test:browser` or
// `js test:browser` is a complete program, run exactly as printed: GitHub highlights by the
// first word, the second says where it runs. A comment `// → text` states what the line
// prints (`// → a → b` for several lines); the block's output must be exactly those lines.
// Every ts/js block must carry a marker: the README has no code that only looks runnable.

const RUNNABLE_LANGUAGES = new Set(['ts', 'typescript', 'js', 'javascript', 'mjs']);
const ENVIRONMENTS = { 'test:node': 'node', 'test:browser': 'browser' };

/** Every fenced block: { line (of the opening fence, 1-based), language, words, code }. */
export function fencedBlocks(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,}|~{3,})\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, fence, info] = open;
    const closing = new RegExp(`^\\${fence[0]}{${fence.length},}\\s*$`);
    const end = lines.findIndex((l, j) => j > i && closing.test(l));
    if (end < 0) throw new Error(`README line ${i + 1}: unclosed code block`);
    const [language = '', ...words] = info.trim().split(/\s+/).filter(Boolean);
    blocks.push({ line: i + 1, language, words, code: lines.slice(i + 1, end).join('\n') + '\n' });
    i = end;
  }
  return blocks;
}

/** The lines a block says it prints, from its `// → …` comments, in order. */
export function expectedOutput(code) {
  return code.split('\n').flatMap((l) => {
    const at = l.indexOf('// → ');
    return at < 0 ? [] : l.slice(at + '// → '.length).split(' → ').map((s) => s.trim());
  });
}

/** The runnable blocks, and the ts/js blocks that carry no marker (which the test refuses). */
export function runnableBlocks(markdown) {
  const runnable = [];
  const unmarked = [];
  for (const block of fencedBlocks(markdown)) {
    const markers = block.words.filter((w) => w.startsWith('test:'));
    const unknown = markers.filter((m) => !(m in ENVIRONMENTS));
    if (unknown.length) throw new Error(`README line ${block.line}: unknown marker ${unknown.join(' ')} (use test:node or test:browser)`);
    if (markers.length > 1) throw new Error(`README line ${block.line}: one marker per block`);
    if (markers.length === 0) {
      if (RUNNABLE_LANGUAGES.has(block.language)) unmarked.push(block.line);
      continue;
    }
    if (!RUNNABLE_LANGUAGES.has(block.language)) throw new Error(`README line ${block.line}: ${markers[0]} on a ${block.language || 'plain'} block`);
    const typescript = block.language === 'ts' || block.language === 'typescript';
    runnable.push({
      ...block,
      environment: ENVIRONMENTS[markers[0]],
      typescript,
      name: `L${block.line}`,
      // A block that imports the mock brings its own; the others get the harness's.
      bringsOwnMock: /from\s+['"]webcrypto-byok\/mock-kms['"]/.test(block.code),
      usesMsw: /from\s+['"]msw(\/[\w]+)?['"]/.test(block.code),
      expected: expectedOutput(block.code),
    });
  }
  return { runnable, unmarked };
}
