// Empties dist/ before `npm pack` builds it, so a file left by a renamed or deleted
// source can never ship in the tarball.
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
