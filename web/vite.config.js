import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { copyFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

// Swagger UI for /api/docs: the server's page loads these from /swagger/ (npm swagger-ui-dist, no CDN).
function swaggerUi() {
  return {
    name: 'jz-swagger-ui',
    apply: 'build',
    closeBundle() {
      const from = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
      const to = join('dist', 'swagger')
      mkdirSync(to, { recursive: true })
      for (const f of ['swagger-ui-bundle.js', 'swagger-ui.css', 'LICENSE']) copyFileSync(join(from, f), join(to, f))
      copyFileSync(join('src', 'swagger-init.js'), join(to, 'init.js'))
    },
  }
}

// The C++ server serves dist/ with an SPA fallback to index.html and hashed files under /assets/.
// `npm run dev` proxies the API to a locally running server (JZ_DEV_API, default 127.0.0.1:8080).
export default defineConfig({
  plugins: [vue(), swaggerUi()],
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
