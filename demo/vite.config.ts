import { defineConfig, type Plugin } from 'vite';

/**
 * Strict CSP: scripts only from this origin (no inline script, no eval), styles only from
 * files; the mocked KMS is reached at this origin's /api/kms through MSW's service worker.
 * The dev server also needs ws: for Vite's reload channel. `frame-ancestors` only works
 * as a header (browsers ignore it, with a console error, in a <meta> tag).
 */
export function contentSecurityPolicy(mode: 'dev' | 'build', asHeader: boolean): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    mode === 'dev' ? "connect-src 'self' ws://localhost:*" : "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    ...(asHeader ? ["frame-ancestors 'none'"] : []),
  ].join('; ');
}

/** The policy as a <meta http-equiv> tag (the page's __CSP__ placeholder), so a static host without headers still enforces it. */
const cspMeta = (): Plugin => ({
  name: 'csp-meta',
  transformIndexHtml: {
    order: 'pre',
    handler: (html, ctx) => {
      if (!html.includes('content="__CSP__"')) throw new Error('demo/index.html lost its CSP <meta> placeholder');
      return html.replace('content="__CSP__"', `content="${contentSecurityPolicy(ctx.server ? 'dev' : 'build', false)}"`);
    },
  },
});

export default defineConfig({
  root: 'demo',
  plugins: [cspMeta()],
  server: {
    port: Number(process.env.DEMO_PORT ?? 5173),
    strictPort: false,
    host: 'localhost',
    fs: { allow: ['..'] },
    headers: { 'Content-Security-Policy': contentSecurityPolicy('dev', true) },
  },
  preview: { headers: { 'Content-Security-Policy': contentSecurityPolicy('build', true) } },
  build: { outDir: '../dist-demo', emptyOutDir: true, chunkSizeWarningLimit: 1024 },
});
