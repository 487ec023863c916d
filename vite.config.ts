import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('./admin', import.meta.url));
const outDir = fileURLToPath(new URL('./dist', import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // Everything the first screen needs before any lazy screen (main.tsx and what it imports) in
    // one chunk: left to itself rolldown cuts it into ten, shared with the screens in different
    // ways, which the browser fetches at once anyway and which compress worse apart (bench/spa.ts).
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'shell', tags: ['$initial'] }] } } },
  },
  server: { proxy: { '/api': 'http://localhost:8080', '/sandbox': 'http://localhost:8080', '/connect': 'http://localhost:8080' } },
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['test/**/*.test.ts'],
    // The PostgreSQL suites need a server: `npm run test:postgres` (test/postgres.vitest.config.ts).
    exclude: ['test/**/*.pg.test.ts', '**/node_modules/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
