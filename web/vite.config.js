import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The C++ server serves dist/ with an SPA fallback to index.html and hashed files under /assets/.
// `npm run dev` proxies the API to a locally running server (JZ_DEV_API, default 127.0.0.1:8080).
export default defineConfig({
  plugins: [vue()],
  base: '/',
  // vue-i18n feature flags: Composition API only, no devtools hooks in production builds.
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      '/api': { target: process.env.JZ_DEV_API || 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
})
