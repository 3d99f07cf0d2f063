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

// The worker's console on a cheap phone (issue 16: ≤ 150 KiB and ≤ 15 requests after login): her layout and
// pages go into one chunk (one script, one stylesheet), and the small API and helper modules they share with other
// pages into another, instead of a dozen 1 KiB chunks each costing a request. Everything the entry loads anyway (Vue, the router,
// vue-i18n, the home page) is pinned to the entry's own chunk: a manual chunk would otherwise pull those in.
const WORKER = [
  '/src/pages/console/WorkerLayout.vue',
  '/src/pages/console/Overview.vue',
  '/src/pages/credit/MyRecord.vue',
  '/src/pages/subsidy/MySubsidies.vue',
  '/src/pages/matching/JobsForMe.vue',
  '/src/pages/training/MyCourses.vue',
  '/src/pages/training/StudyUnit.vue',
  // Her record's parts, also on an official's worker page (whose console loads this chunk for Overview anyway).
  '/src/components/CreditScore.vue',
  '/src/components/CreditTimeline.vue',
  '/src/components/AddEntryForm.vue',
  '/src/components/RemindersCard.vue',
  '/src/pages/matching/ScoreBreakdown.vue',
]
// Code only (no stylesheet): one request, shared with the public pages and the admin console.
const SHARED = ['/src/api/', '/src/utils/', '/src/pages/training/length.js', '/src/composables/useConsoleFrame.js']
// A job's tags (1 KiB, no imports of ours), on the public job board and her jobs page: in the entry, so that
// neither the board nor her pages pay a request (and a stylesheet) for them.
const JOB_PARTS = ['/src/pages/matching/JobTags.vue']
let entryOwn = null
function staticallyFromEntry(getModuleInfo, getModuleIds) {
  const seen = new Set()
  const todo = [...getModuleIds()].filter((id) => getModuleInfo(id)?.isEntry)
  while (todo.length) {
    const id = todo.pop()
    if (seen.has(id)) continue
    seen.add(id)
    for (const dep of getModuleInfo(id)?.importedIds || []) todo.push(dep)
  }
  return seen
}
function manualChunks(id, { getModuleInfo, getModuleIds }) {
  entryOwn ??= staticallyFromEntry(getModuleInfo, getModuleIds)
  if (entryOwn.has(id)) return 'index'
  const file = id.split('?')[0]
  if (file.includes('/node_modules/')) return undefined
  if (WORKER.some((p) => file.endsWith(p))) return 'worker'
  if (JOB_PARTS.some((p) => file.endsWith(p))) return 'index'
  if (SHARED.some((p) => file.includes(p))) return 'shared'
  return undefined
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
    rollupOptions: { output: { manualChunks } },
  },
  server: {
    proxy: {
      '/api': { target: process.env.JZ_DEV_API || 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
})
