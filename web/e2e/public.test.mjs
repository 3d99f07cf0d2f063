// Public pages: home (with the screenshot for docs/), phone layout, certificate lookup, 404.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { useBrowser, withPage, assertFits, SOURCE_DIR } from './helpers.mjs'

const browser = useBrowser()

test('home page renders and a screenshot is saved to docs/', async () => {
  await withPage(browser, async (page) => {
    await page.goto('/')
    await page.waitForSelector('[data-test=page-home]')
    assert.match(await page.locator('h1').innerText(), /陇原家政/)
    assert.ok(await page.locator('[data-test=serial-input]').isVisible())
    assert.ok(await page.locator('[data-test=to-login]').isVisible())
    const shot = path.join(SOURCE_DIR, 'docs', 'screenshot-home.png')
    fs.mkdirSync(path.dirname(shot), { recursive: true })
    await page.screenshot({ path: shot })
    assert.ok(fs.statSync(shot).size > 1000)
  })
})

test('home page links to the course catalogue and the job board', async () => {
  await withPage(browser, async (page) => {
    await page.goto('/')
    await page.click('[data-test=feature-link-jobs]')
    await page.waitForURL('**/jobs')
    await page.goto('/')
    await page.click('[data-test=feature-link-training]')
    await page.waitForURL('**/training')
  }, { width: 390, height: 844 })
})

test('home page switches to English', async () => {
  await withPage(browser, async (page) => {
    await page.goto('/')
    await page.click('[data-test=lang-switch]')
    await page.waitForFunction(() => document.querySelector('h1')?.textContent.includes('Longyuan Home Services'))
    assert.equal(await page.getAttribute('html', 'lang'), 'en')
  })
})

test('phone-sized home page has no horizontal overflow', async () => {
  await withPage(browser, async (page) => {
    await page.goto('/')
    await page.waitForSelector('[data-test=page-home]')
    await assertFits(page)
  }, { width: 390, height: 844 })
})

test('certificate search routes to the lookup page, which reports an unknown certificate', async () => {
  await withPage(browser, async (page) => {
    await page.goto('/')
    await page.fill('[data-test=serial-input]', 'NO-SUCH-CERT-0000')
    await page.click('[data-test=serial-submit]')
    // The search box writes the serial as the certificate prints it (upper case, no spaces or dashes).
    await page.waitForURL(/\/v\/serial\/NO-?SUCH-?CERT-?0000$/)
    const nf = page.locator('[data-test=verify-not-found]')
    await nf.waitFor()
    assert.equal((await nf.innerText()).trim(), '未找到该证书')
  })
})

test('an unknown path shows the 404 page', async () => {
  await withPage(browser, async (page) => {
    const res = await page.goto('/no/such/page')
    assert.ok(res.ok(), `SPA fallback should serve index.html, got HTTP ${res.status()}`)
    await page.waitForSelector('[data-test=page-404]')
    assert.match(await page.locator('h1').innerText(), /404/)
    assert.ok(page.url().endsWith('/no/such/page'))
  })
})

test('the console without a session sends you to the login page', async () => {
  await withPage(browser, async (page) => {
    await page.goto('/console/divisions')
    await page.waitForURL(/\/login/)
    await page.waitForSelector('[data-test=page-login]')
  })
})
