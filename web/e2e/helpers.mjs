// Shared set-up for the browser tests: Debian's chromium driven by playwright-core (never a
// downloaded browser), the server's base URL, and a UI login.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { before, after } from 'node:test'
import { createRequire } from 'node:module'
import { chromium } from 'playwright-core'

export const BASE = process.env.JZ_BASE_URL || 'http://127.0.0.1:8080'
export const SOURCE_DIR = process.env.JZ_SOURCE_DIR || new URL('../..', import.meta.url).pathname
export const PASSWORD = 'Jiazheng2024'

export const ROLES = {
  admin: 'province_admin',
  dept: 'department',
  lanzhou: 'city_officer',
  enterprise: 'enterprise',
  institution: 'institution',
  worker: 'worker',
  consumer: 'consumer',
}

export const MENU = {
  province_admin: ['overview', 'workers', 'import', 'enterprises', 'brands', 'directory', 'complaints', 'disputes', 'divisions', 'validate', 'audit', 'account'],
  department: ['overview', 'workers', 'enterprises', 'brands', 'directory', 'complaints', 'disputes', 'divisions', 'validate', 'account'],
  city_officer: ['overview', 'workers', 'import', 'enterprises', 'brands', 'directory', 'complaints', 'disputes', 'divisions', 'validate', 'account'],
  enterprise: ['overview', 'workers', 'import', 'enterprises', 'brands', 'directory', 'validate', 'account'],
  institution: ['overview', 'brands', 'directory', 'account'],
  worker: ['overview', 'myrecord', 'brands', 'account'],
  consumer: ['overview', 'brands', 'feedback', 'account'],
}
export const ALL_MENU = [
  'overview', 'myrecord', 'workers', 'import', 'enterprises', 'brands', 'directory', 'complaints', 'disputes', 'divisions', 'validate',
  'feedback', 'audit', 'account',
]

// GB 11643 check character of the first 17 characters of a resident ID number.
export function idCheckChar(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]
  return '10X98765432'[sum % 11]
}

// A valid ID number of someone from `county` (6 digits), born on a random day of 1975-1999, with a random
// sequence number: unlikely to collide with the demo data or an earlier run.
export function randomIdNumber(county = '620102', { female = true } = {}) {
  const year = 1975 + Math.floor(Math.random() * 25)
  const month = String(1 + Math.floor(Math.random() * 12)).padStart(2, '0')
  const day = String(1 + Math.floor(Math.random() * 28)).padStart(2, '0')
  let seq = Math.floor(Math.random() * 1000)
  if (female && seq % 2 === 1) seq = (seq + 1) % 1000 // the 17th digit is even for women
  const first17 = `${county}${year}${month}${day}${String(seq).padStart(3, '0')}`
  return first17 + idCheckChar(first17)
}

// The mask the server shows a name with: first and last character kept ("张*花"), two characters "张*".
export function maskName(name) {
  const c = [...name]
  if (c.length <= 1) return name
  if (c.length === 2) return `${c[0]}*`
  return c[0] + '*'.repeat(c.length - 2) + c[c.length - 1]
}

// Logs in and waits for the console.
export async function loginTo(page, username) {
  await login(page, username)
  await page.waitForSelector('[data-test=page-overview]')
}

// Opens a console menu item at any width and waits for its page (page-<pageId>, by default the menu key): on a
// phone the menu sits behind the menu button (the admin console's drawer, the worker's folding list), so the button
// is pressed first when the item is not visible.
export async function openMenu(page, key, pageId = key) {
  // Wait for the drawer's slide to end before asking what is visible (a half-open drawer answers "nothing").
  const settled = () =>
    page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), null, { timeout: 5000 }).catch(() => {})
  await settled()
  if (!(await page.locator(`[data-test=menu-${key}]:visible`).count())) {
    await page.click('[data-test=menu-toggle]')
    await settled()
  }
  await page.locator(`[data-test=menu-${key}]:visible`).first().click()
  await page.waitForSelector(`[data-test=page-${pageId}]`)
}

// Picks an option of an Element Plus select by its visible text.
export async function pickOption(page, selectTestId, text) {
  await page.click(`[data-test=${selectTestId}]`)
  const option = page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).first()
  await option.waitFor()
  await option.click()
}

export async function launch() {
  // playwright passes its own --user-data-dir (a fresh temp profile) and --headless.
  return chromium.launch({
    executablePath: process.env.JZ_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

// The test file's browser: launched before its first test and closed after its last. The object stands for the
// browser (its methods are the browser's), so `newPage(browser)` works as soon as the tests run.
export function useBrowser() {
  let real = null
  before(async () => {
    real = await launch()
  })
  after(async () => {
    await real?.close()
  })
  return new Proxy({}, {
    get(_, key) {
      const v = real?.[key]
      return typeof v === 'function' ? v.bind(real) : v
    },
  })
}

// Asserts the page is no wider than its viewport (nothing to scroll sideways on a phone).
export async function assertFits(page, what = 'page') {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
    client: document.documentElement.clientWidth,
  }))
  assert.ok(scroll <= client, `${what} is ${scroll}px wide in a ${client}px viewport`)
}

// A fresh context (own cookies and storage) and page; zh-CN unless the test switches.
export async function newPage(browser, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', baseURL: BASE })
  // Generous: ctest runs the browser tests beside the PostgreSQL suite on 2 cores.
  context.setDefaultTimeout(30_000)
  const page = await context.newPage()
  return { context, page }
}

// Runs `steps(page, context)` in a fresh context and page (as newPage), and closes the context after, passed or not.
export async function withPage(browser, steps, viewport) {
  const { context, page } = await newPage(browser, viewport)
  try {
    return await steps(page, context)
  } finally {
    await context.close()
  }
}

export async function login(page, username, password = PASSWORD) {
  await page.goto('/login')
  await page.fill('[data-test=login-username]', username)
  await page.fill('[data-test=login-password]', password)
  await page.click('[data-test=login-submit]')
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

// Console errors, page errors and the number of /api/v1/me calls seen on a page.
export function watch(page) {
  const seen = { errors: [], me: 0 }
  page.on('console', (m) => m.type() === 'error' && seen.errors.push(m.text()))
  page.on('pageerror', (e) => seen.errors.push(String(e)))
  page.on('request', (r) => new URL(r.url()).pathname === '/api/v1/me' && seen.me++)
  return seen
}

// axe-core (WCAG 2 A/AA) on the page as it is: the critical and serious violations, one line each.
export async function axe(page) {
  // Let transitions and animations end first (Element Plus fades tags and alerts in): axe reads the colours of
  // a half-transparent element as blended with the page and reports contrast that no one ever sees.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), null, { timeout: 5000 }).catch(() => {})
  // Evaluated over the DevTools protocol: the page's Content-Security-Policy (script-src 'self') rightly refuses
  // an inline script tag.
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } })
    return r.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')}`)
  })
  return violations
}
