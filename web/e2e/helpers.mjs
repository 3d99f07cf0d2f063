// Shared set-up for the browser tests: Debian's chromium driven by playwright-core (never a
// downloaded browser), the server's base URL, and a UI login.
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
  province_admin: ['overview', 'divisions', 'validate', 'audit', 'account'],
  department: ['overview', 'divisions', 'validate', 'account'],
  city_officer: ['overview', 'divisions', 'validate', 'account'],
  enterprise: ['overview', 'validate', 'account'],
  institution: ['overview', 'account'],
  worker: ['overview', 'account'],
  consumer: ['overview', 'account'],
}
export const ALL_MENU = ['overview', 'divisions', 'validate', 'audit', 'account']

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

// A fresh context (own cookies and storage) and page; zh-CN unless the test switches.
export async function newPage(browser, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', baseURL: BASE })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  return { context, page }
}

export async function login(page, username, password = PASSWORD) {
  await page.goto('/login')
  await page.fill('[data-test=login-username]', username)
  await page.fill('[data-test=login-password]', password)
  await page.click('[data-test=login-submit]')
}
