// The front end's page: built by Vite from web/ into dist/public, which the front end's server serves.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: '/',
  build: { outDir: fileURLToPath(new URL('./dist/public', import.meta.url)), assetsDir: 'assets', emptyOutDir: true, target: 'es2022', sourcemap: false, reportCompressedSize: false },
  logLevel: 'warn',
});
