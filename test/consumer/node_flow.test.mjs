// Item 2a of issue 12: the tarball used from Node ESM in a stranger's project, the full import
// flow against the mocked KMS on msw/node for both clouds (fixtures/node_flow.mjs).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { consumerProject, run, workspace } from './lib/project.mjs';

const project = consumerProject();

test('Node ESM: create → parameters → wrap → import → Enabled → encrypt/decrypt, Tencent and Alibaba', () => {
  const dir = workspace(project, 'node_flow', ['node_flow.mjs']);
  const { stdout } = run(process.execPath, [join(dir, 'node_flow.mjs')], { cwd: dir, timeout: 120_000 });
  assert.deepEqual(stdout.trim().split('\n'), ['tencent: import flow ok', 'aliyun: import flow ok']);
});
