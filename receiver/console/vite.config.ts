import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const HERE = import.meta.dirname;
const ROOT = path.resolve(HERE, '../..');
/** Where `npm run receiver` listens, for the dev server's API proxy. */
const RECEIVER = process.env.RECEIVER_URL ?? 'http://127.0.0.1:8787';

/**
 * The team console: a single page the receiver serves at /console/ (built into
 * receiver/console/dist by `npm run build:console`). It imports the extension's shared code
 * through `@/`, the repository root, as the extension does.
 */
export default defineConfig({
  root: HERE,
  base: '/console/',
  plugins: [react()],
  resolve: { alias: { '@': ROOT } },
  build: {
    outDir: path.join(HERE, 'dist'),
    emptyOutDir: true,
    rollupOptions: {
      onwarn(warning, warn) {
        // Zod annotates pure calls in comment positions Rollup cannot use; harmless noise.
        if (warning.code === 'INVALID_ANNOTATION') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: { '/v1': RECEIVER, '/console/session': RECEIVER, '/health': RECEIVER },
  },
});
