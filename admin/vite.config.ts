import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// ADMIN_PORT lets parallel stacks move the server (the browser tests pass theirs, 15173 + FINPERSONA_TEST_PORT_OFFSET,
// to the preview); the app itself reads VITE_* only.
const port = Number(process.env.ADMIN_PORT ?? 5173);

export default defineConfig({
  plugins: [react()],
  server: { port, strictPort: true, host: 'localhost' },
  preview: { port, strictPort: true, host: 'localhost' },
  build: {
    sourcemap: true,
    rollupOptions: {
      output: {
        // react-admin + MUI is ~1.4 MB in one chunk; split by library so they cache independently.
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (/[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/.test(id)) return 'react';
          if (/[\\/]@mui[\\/]icons-material[\\/]/.test(id)) return 'mui-icons';
          if (/[\\/](@mui|@emotion)[\\/]/.test(id)) return 'mui';
          if (
            /[\\/](ra-core|ra-ui-materialui|react-admin|ra-i18n-polyglot|ra-language-english|@tanstack|react-hook-form)[\\/]/.test(
              id,
            )
          )
            return 'react-admin';
          if (/[\\/]oidc-client-ts[\\/]/.test(id)) return 'oidc';
          return 'vendor';
        },
      },
    },
  },
});
