import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev`: Vite with hot reload on :5173, proxying the API (and its event stream) to a running gateway.
const gateway = process.env.LANTERN_GATEWAY_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  // Two pages: the agent workspace (index.html) and the customer portal (portal.html, served at /portal/*).
  build: {
    outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 800,
    rollupOptions: { input: { main: `${import.meta.dirname}/index.html`, portal: `${import.meta.dirname}/portal.html` } },
  },
  server: { host: '127.0.0.1', proxy: { '/api': { target: gateway, changeOrigin: false } } },
});
