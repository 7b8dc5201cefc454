import { defineConfig } from 'vite';

export default defineConfig({
  root: 'demo',
  server: { port: 5173, strictPort: false, host: 'localhost', fs: { allow: ['..'] } },
  build: { outDir: '../dist-demo', emptyOutDir: true },
});
