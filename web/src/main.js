import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router.js'
import { i18n, setLocale, currentLocale, loadLocale } from './i18n/index.js'
import { restore, forget } from './stores/session.js'
import { setUnauthorizedHandler } from './api/http.js'
import './styles/base.css'

// English is fetched first when it was her choice last time (zh-CN is in the bundle).
const ready = loadLocale(currentLocale()).catch(() => {})
setLocale(currentLocale())

// A session that expires while the console is open: forget it and ask for a new login.
setUnauthorizedHandler(() => {
  forget()
  const here = router.currentRoute.value
  if (here.path.startsWith('/console')) router.push({ path: '/login', query: { redirect: here.fullPath } })
})

// Only when a session cookie is there (see stores/session.js): public pages stay quiet for visitors.
restore()

ready.then(() => createApp(App).use(i18n).use(router).mount('#app'))
