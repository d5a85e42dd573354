import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// CUSTOMER_APP_PORT lets parallel stacks move the server (the browser tests pass theirs, 15174 + FINPERSONA_TEST_PORT_OFFSET,
// to the preview); the app itself reads VITE_* only.
const port = Number(process.env.CUSTOMER_APP_PORT ?? 5174);

export default defineConfig({
  plugins: [react()],
  server: { port, strictPort: true, host: 'localhost' },
  preview: { port, strictPort: true, host: 'localhost' },
  build: {
    sourcemap: true,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (/[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/.test(id)) return 'react';
          if (/[\\/]node_modules[\\/]/.test(id)) return 'vendor';
          return undefined;
        },
      },
    },
  },
});
