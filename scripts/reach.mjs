#!/usr/bin/env node
// Reach figures: Lighthouse (mobile, performance + accessibility) and axe-core (WCAG 2 A/AA) on the public
// pages and four console pages per role, against a running server with the demo data, driving Debian's
// chromium (never a downloaded browser). Writes the table between the markers in docs/benchmarks.md.
//
//   cd web && node ../scripts/reach.mjs http://127.0.0.1:8080 [--lighthouse-all] [--no-write]
//
// Lighthouse runs on the public pages and the worker's console pages (the cheap-phone targets: ≤ 150 KiB and
// ≤ 15 requests after login); with --lighthouse-all on every console page too. axe runs on every page.
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const webDir = path.join(here, '..', 'web')
const require = createRequire(path.join(webDir, 'package.json'))
const { chromium } = require('playwright-core')
const lighthouse = (await import(require.resolve('lighthouse'))).default
const chromeLauncher = await import(require.resolve('chrome-launcher'))
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
// The worker's first load after login, from the browser's own request log (Lighthouse cannot carry the session).
const { measure } = await import('./worker-budget.mjs')

const args = process.argv.slice(2)
const BASE = (args.find((a) => !a.startsWith('--')) || process.env.JZ_BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '')
const ALL = args.includes('--lighthouse-all')
const WRITE = !args.includes('--no-write')
const CHROMIUM = process.env.JZ_CHROMIUM || '/usr/bin/chromium'
const PASSWORD = 'Jiazheng2024'

const CONSOLE = {
  worker: ['/console', '/console/my-record', '/console/subsidy/mine', '/console/jobs-for-me'],
  consumer: ['/console', '/console/feedback', '/console/brands', '/console/account'],
  enterprise: ['/console', '/console/workers', '/console/enterprises', '/console/jobs'],
  institution: ['/console', '/console/training-admin', '/console/training-courses', '/console/directory'],
  lanzhou: ['/console', '/console/complaints', '/console/subsidy/batches', '/console/workers'],
  dept: ['/console', '/console/subsidy/batches', '/console/complaints', '/console/enterprises'],
  admin: ['/console', '/console/subsidy/policies', '/console/audit', '/console/enterprises'],
}

async function api(method, p, body, cookie) {
  const res = await fetch(BASE + p, {
    method,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`)
  return res.json()
}

async function session(user) {
  const r = await api('POST', '/api/v1/auth/login', { username: user, password: PASSWORD })
  return { cookie: `jz_session=${r.token}; jz_csrf=${r.csrf_token}`, token: r.token, csrf: r.csrf_token }
}

// A valid certificate serial for the verify page: the demo worker's, issued by the admin when she has none.
async function someSerial() {
  const w = await session('worker')
  const me = await api('GET', '/api/v1/workers/me', null, w.cookie)
  const id = (me.worker || me).id
  const certs = await api('GET', `/api/v1/workers/${id}/certificates`, null, w.cookie)
  const valid = (certs.items || certs).find((c) => c.status === 'valid' || (!c.revoked_at && !c.revoked_on))
  return valid ? valid.serial : null
}

async function runLighthouse(url, cookie, port) {
  const flags = {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility'],
    formFactor: 'mobile',
    screenEmulation: { mobile: true, width: 360, height: 740, deviceScaleFactor: 2, disabled: false },
    extraHeaders: cookie ? { Cookie: cookie } : undefined,
  }
  const r = await lighthouse(url, flags)
  const lhr = r.lhr
  const requests = lhr.audits['network-requests']?.details?.items || []
  return {
    performance: Math.round((lhr.categories.performance.score || 0) * 100),
    accessibility: Math.round((lhr.categories.accessibility.score || 0) * 100),
    kib: Math.round((lhr.audits['total-byte-weight'].numericValue || 0) / 1024),
    requests: requests.length,
  }
}

async function runAxe(browser, url, cookies) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' })
  if (cookies) await context.addCookies(cookies)
  const page = await context.newPage()
  const errors = []
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  await page.goto(url, { waitUntil: 'networkidle' })
  await page.waitForTimeout(300)
  // Over the DevTools protocol: the page's Content-Security-Policy (script-src 'self') rightly refuses an inline
  // script tag.
  await page.evaluate(axeSource)
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }))
  })
  await context.close()
  const count = (impact) => result.filter((v) => v.impact === impact).reduce((n, v) => n + v.nodes, 0)
  return { critical: count('critical'), serious: count('serious'), rules: result.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => v.id), consoleErrors: errors.length }
}

function cookiesFor(s) {
  const url = new URL(BASE)
  return [
    { name: 'jz_session', value: s.token, domain: url.hostname, path: '/', httpOnly: true },
    { name: 'jz_csrf', value: s.csrf, domain: url.hostname, path: '/' },
  ]
}

async function main() {
  const serial = await someSerial()
  const publicPages = ['/', '/jobs', '/training', '/how-it-works', '/signup', '/login']
  if (serial) publicPages.splice(1, 0, `/v/serial/${serial}`)

  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  })
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] })
  const rows = []
  try {
    for (const p of publicPages) {
      const lh = await runLighthouse(BASE + p, null, chrome.port)
      const ax = await runAxe(browser, BASE + p, null)
      rows.push({ who: 'public', page: serial ? p.replace(serial, 'SERIAL') : p, ...lh, ...ax })
      console.log(JSON.stringify(rows.at(-1)))
    }
    for (const [user, pages] of Object.entries(CONSOLE)) {
      const s = await session(user)
      for (const p of pages) {
        const lh = user === 'worker' || ALL ? await runLighthouse(BASE + p, s.cookie, chrome.port) : {}
        const ax = await runAxe(browser, BASE + p, cookiesFor(s))
        // Lighthouse's KiB and requests are the login page's for a console page (the SPA sees no session cookie
        // in document.cookie under extraHeaders): the worker's come from worker-budget.mjs's request log instead.
        const wire = user === 'worker' ? await measure(browser, BASE + p, cookiesFor(s)) : null
        rows.push({ who: user, page: p, ...lh, ...(wire ? { kib: wire.kib, requests: wire.requests } : {}), ...ax })
        console.log(JSON.stringify(rows.at(-1)))
      }
    }
  } finally {
    await browser.close()
    await chrome.kill()
  }

  const dash = (v) => (v === undefined ? '—' : String(v))
  const table = [
    `Measured ${new Date().toISOString().slice(0, 10)} by \`node scripts/reach.mjs\` (Lighthouse ${require('lighthouse/package.json').version}, mobile 360×740, simulated throttling; axe-core ${require('axe-core/package.json').version}, WCAG 2.1 A/AA, zh-CN, 360×740). The worker rows' KiB and requests are her first load after login (empty cache, bytes on the wire, scripts/worker-budget.mjs); the other KiB/requests are Lighthouse's.`,
    '',
    '| who | page | LH perf | LH a11y | KiB | requests | axe critical | axe serious | serious/critical rules | console errors |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) =>
      `| ${r.who} | \`${r.page}\` | ${dash(r.performance)} | ${dash(r.accessibility)} | ${dash(r.kib)} | ${dash(r.requests)} | ${r.critical} | ${r.serious} | ${r.rules.join(', ') || '—'} | ${r.consoleErrors} |`,
    ),
  ].join('\n')
  if (WRITE) {
    const file = path.join(here, '..', 'docs', 'benchmarks.md')
    const doc = fs.readFileSync(file, 'utf8')
    const start = '<!-- reach:start -->'
    const end = '<!-- reach:end -->'
    const block = `${start}\n${table}\n${end}`
    const next = doc.includes(start)
      ? doc.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block)
      : `${doc.trimEnd()}\n\n## Reach: Lighthouse and axe (scripts/reach.mjs)\n${block}\n`
    fs.writeFileSync(file, next)
  }
  console.log(table)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
