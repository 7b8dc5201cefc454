// Emits /harness/wrapping_key_worker.js next to the harness chunks, where the mock's pool
// looks for its Worker (new URL('./wrapping_key_worker.js', import.meta.url)): the browser
// suite then runs the Worker path, as a bundler that emits the worker (Vite, webpack) would.
// A re-export, not a bare import: the package's "sideEffects": false would drop the latter.
export { serveWrappingKeys } from '../../../src/mock_kms/wrapping_key_worker.js';
