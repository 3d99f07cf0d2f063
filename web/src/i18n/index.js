// vue-i18n set-up: zh-CN is the default, English the second language. The choice is remembered in
// localStorage and mirrored into <html lang> and the Accept-Language header of API calls.
// English's base messages (./en.js) load on demand, the first time someone switches: most people never do,
// and a cheap phone should not pay for them on every first load (issue 16).
import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN.js'

// Each module keeps its own messages in ./modules/<module>.js: `export default { 'zh-CN': {...}, en: {...} }`.
// They are merged into the base messages, so modules never edit the shared files. A module's own key
// (e.g. `training`) and its menu label (`console.menu.training`) go there.
const modules = import.meta.glob('./modules/*.js', { eager: true })

function merge(into, from) {
  for (const [k, v] of Object.entries(from)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && into[k] && typeof into[k] === 'object') merge(into[k], v)
    else into[k] = v
  }
  return into
}
const enModules = {}
for (const m of Object.values(modules)) {
  merge(zhCN, m.default['zh-CN'] || {})
  merge(enModules, m.default.en || {})
}

export const LOCALES = ['zh-CN', 'en']
const STORAGE_KEY = 'jz_lang'

function initialLocale() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (LOCALES.includes(saved)) return saved
  } catch {
    // storage may be unavailable (private mode); fall back to the default
  }
  return 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN },
})

let enLoading = null
// Makes sure a locale's messages are there (English is fetched once); resolves when they are.
export function loadLocale(locale) {
  if (locale !== 'en') return Promise.resolve()
  enLoading ??= import('./en.js').then((m) => {
    // A module's own English overrides the base, as before (modules are merged after the base).
    i18n.global.setLocaleMessage('en', merge(structuredClone(m.default), enModules))
  })
  return enLoading
}

export function currentLocale() {
  return i18n.global.locale.value
}

export async function setLocale(locale) {
  if (!LOCALES.includes(locale)) return
  try {
    await loadLocale(locale)
  } catch {
    return // no signal for the English file: stay in the language she has
  }
  i18n.global.locale.value = locale
  document.documentElement.lang = locale
  document.title = i18n.global.t('app.name')
  try {
    localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    // not remembered; fine
  }
}
