#!/usr/bin/env node
// The worker's console on a cheap phone: what the first load after login costs, measured with the browser's
// own request log (DevTools protocol: bytes on the wire per request, encodedDataLength), since Lighthouse
// cannot carry the session. Each page is loaded in a fresh context (empty cache) with the session cookies set,
// at 360×740, until the network is idle. Target (issue 16): ≤ 150 KiB and ≤ 15 requests.
//
//   cd web && node ../scripts/worker-budget.mjs http://127.0.0.1:8080 [user]
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const require = createRequire(path.join(here, '..', 'web', 'package.json'))
const { chromium } = require('playwright-core')

const args = process.argv.slice(2)
const BASE = (args[0] || process.env.JZ_BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '')
const USER = args[1] || 'worker'
const CHROMIUM = process.env.JZ_CHROMIUM || '/usr/bin/chromium'
export const WORKER_PAGES = ['/console', '/console/my-record', '/console/subsidy/mine', '/console/jobs-for-me', '/console/my-training']

async function login(user) {
  const res = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username: user, password: 'Jiazheng2024' }),
  })
  if (!res.ok) throw new Error(`login ${user}: ${res.status}`)
  return res.json()
}

// One page's first load: requests, bytes on the wire, and the largest ones.
export async function measure(browser, url, cookies) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' })
  await context.addCookies(cookies)
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
  const urls = new Map()
  const bytes = new Map()
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url))
  cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength))
  await page.goto(url, { waitUntil: 'networkidle' })
  await page.waitForTimeout(500)
  const rows = [...urls].filter(([id, u]) => !u.startsWith('data:')).map(([id, u]) => ({ url: new URL(u).pathname, bytes: bytes.get(id) || 0 }))
  await context.close()
  const total = rows.reduce((a, r) => a + r.bytes, 0)
  return { requests: rows.length, kib: Math.round(total / 1024), largest: rows.sort((a, b) => b.bytes - a.bytes).slice(0, 5) }
}

async function main() {
  const s = await login(USER)
  const host = new URL(BASE).hostname
  const cookies = [
    { name: 'jz_session', value: s.token, domain: host, path: '/', httpOnly: true },
    { name: 'jz_csrf', value: s.csrf_token, domain: host, path: '/' },
  ]
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] })
  try {
    for (const p of WORKER_PAGES) {
      const m = await measure(browser, BASE + p, cookies)
      const ok = m.kib <= 150 && m.requests <= 15
      console.log(`${ok ? 'ok  ' : 'OVER'} ${p}: ${m.kib} KiB, ${m.requests} requests; largest ${m.largest.map((r) => `${r.url} ${Math.round(r.bytes / 1024)} KiB`).join(', ')}`)
    }
  } finally {
    await browser.close()
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main().catch((e) => {
  console.error(e)
  process.exit(1)
})
