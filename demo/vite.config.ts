import { defineConfig } from 'vite';

// Strict CSP: no inline script, no eval; the mocked KMS is reached at this origin's
// /api/kms through MSW's service worker. (ws: is Vite's dev-server reload channel.)
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self' ws://localhost:*",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export default defineConfig({
  root: 'demo',
  server: { port: Number(process.env.DEMO_PORT ?? 5173), strictPort: false, host: 'localhost', fs: { allow: ['..'] }, headers: { 'Content-Security-Policy': CSP } },
  preview: { headers: { 'Content-Security-Policy': CSP } },
  build: { outDir: '../dist-demo', emptyOutDir: true },
});
