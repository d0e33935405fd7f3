import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The web app is built into web/dist and served by the Tessera server on its own port (see
 * src/platform/http/web-app.ts); `npm run web:dev` serves it with hot reload and proxies the API.
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 700 },
  server: { proxy: { '/api': process.env.TESSERA_API_URL ?? 'http://127.0.0.1:3000' } },
});
