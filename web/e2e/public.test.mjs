// Public pages: home (with the screenshot for docs/), phone layout, certificate lookup, 404.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { useBrowser, assertFits, newPage, SOURCE_DIR } from './helpers.mjs'

const browser = useBrowser()

test('home page renders and a screenshot is saved to docs/', async () => {
  const { context, page } = await newPage(browser)
  try {
    await page.goto('/')
    await page.waitForSelector('[data-test=page-home]')
    assert.match(await page.locator('h1').innerText(), /陇原家政/)
    assert.ok(await page.locator('[data-test=serial-input]').isVisible())
    assert.ok(await page.locator('[data-test=to-login]').isVisible())
    const shot = path.join(SOURCE_DIR, 'docs', 'screenshot-home.png')
    fs.mkdirSync(path.dirname(shot), { recursive: true })
    await page.screenshot({ path: shot })
    assert.ok(fs.statSync(shot).size > 1000)
  } finally {
    await context.close()
  }
})

test('home page links to the course catalogue and the job board', async () => {
  const { context, page } = await newPage(browser, { width: 390, height: 844 })
  try {
    await page.goto('/')
    await page.click('[data-test=feature-link-jobs]')
    await page.waitForURL('**/jobs')
    await page.goto('/')
    await page.click('[data-test=feature-link-training]')
    await page.waitForURL('**/training')
  } finally {
    await context.close()
  }
})

test('home page switches to English', async () => {
  const { context, page } = await newPage(browser)
  try {
    await page.goto('/')
    await page.click('[data-test=lang-switch]')
    await page.waitForFunction(() => document.querySelector('h1')?.textContent.includes('Longyuan Home Services'))
    assert.equal(await page.getAttribute('html', 'lang'), 'en')
  } finally {
    await context.close()
  }
})

test('phone-sized home page has no horizontal overflow', async () => {
  const { context, page } = await newPage(browser, { width: 390, height: 844 })
  try {
    await page.goto('/')
    await page.waitForSelector('[data-test=page-home]')
    await assertFits(page)
  } finally {
    await context.close()
  }
})

test('certificate search routes to the lookup page, which reports an unknown certificate', async () => {
  const { context, page } = await newPage(browser)
  try {
    await page.goto('/')
    await page.fill('[data-test=serial-input]', 'NO-SUCH-CERT-0000')
    await page.click('[data-test=serial-submit]')
    // The search box writes the serial as the certificate prints it (upper case, no spaces or dashes).
    await page.waitForURL(/\/v\/serial\/NO-?SUCH-?CERT-?0000$/)
    const nf = page.locator('[data-test=verify-not-found]')
    await nf.waitFor()
    assert.equal((await nf.innerText()).trim(), '未找到该证书')
  } finally {
    await context.close()
  }
})

test('an unknown path shows the 404 page', async () => {
  const { context, page } = await newPage(browser)
  try {
    const res = await page.goto('/no/such/page')
    assert.ok(res.ok(), `SPA fallback should serve index.html, got HTTP ${res.status()}`)
    await page.waitForSelector('[data-test=page-404]')
    assert.match(await page.locator('h1').innerText(), /404/)
    assert.ok(page.url().endsWith('/no/such/page'))
  } finally {
    await context.close()
  }
})

test('the console without a session sends you to the login page', async () => {
  const { context, page } = await newPage(browser)
  try {
    await page.goto('/console/divisions')
    await page.waitForURL(/\/login/)
    await page.waitForSelector('[data-test=page-login]')
  } finally {
    await context.close()
  }
})
