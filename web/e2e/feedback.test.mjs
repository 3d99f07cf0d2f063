// A household after a visit: from the certificate's verify page on a phone to a review and a complaint, then
// the complaint on its own list.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, loginTo, PASSWORD } from './helpers.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

// A valid demo certificate: demo-data issues some for verified staff of the demo enterprise.
async function demoSerial() {
  const { context, page } = await newPage(browser)
  try {
    await loginTo(page, 'enterprise')
    return await page.evaluate(async () => {
      const workers = await (await fetch('/api/v1/workers?page_size=100')).json()
      for (const w of workers.items.filter((x) => x.identity_status === 'verified')) {
        const certs = await (await fetch(`/api/v1/workers/${w.id}/certificates`)).json()
        const list = Array.isArray(certs) ? certs : certs.items || []
        const ok = list.find((c) => !c.revoked_at && c.status !== 'revoked' && c.expires_on >= new Date().toISOString().slice(0, 10))
        if (ok) return ok.serial
      }
      return ''
    })
  } finally {
    await context.close()
  }
}

test('a household reviews and complains about a worker from her certificate, on a phone', async () => {
  const serial = await demoSerial()
  assert.match(serial, /^GS\d{16}$/, 'a valid demo certificate')
  const { context, page } = await newPage(browser, { width: 390, height: 844 })
  try {
    await page.goto(`/v/serial/${serial}`)
    await page.waitForSelector('[data-test=verify-found]')
    await page.click('[data-test=verify-feedback]')
    // Not logged in: the login page, then back to the feedback page for this certificate.
    await page.waitForSelector('[data-test=login-username]')
    await page.fill('[data-test=login-username]', 'consumer')
    await page.fill('[data-test=login-password]', PASSWORD)
    await page.click('[data-test=login-submit]')
    await page.waitForSelector('[data-test=feedback-profile]')
    assert.ok(page.url().includes(`serial=${serial}`))

    // All four points are required.
    await page.click('[data-test=feedback-review-submit]')
    await page.waitForSelector('[data-test=feedback-review-error]')
    for (const k of ['skill', 'attitude', 'punctuality', 'hygiene'])
      await page.locator(`[data-test=rate-${k}] .el-rate__item`).nth(3).click()
    await page.fill('[data-test=feedback-review-text]', '准时，做事细致')
    await page.click('[data-test=feedback-review-submit]')
    await page.waitForSelector('[data-test=feedback-review-done], [data-test=feedback-review-error]')
    const refused = page.locator('[data-test=feedback-review-error]')
    if (await refused.count()) assert.fail(`review refused: ${(await refused.innerText()).trim()}`)

    const text = `约定九点上门，十点才到（${Date.now()}）`
    await page.fill('[data-test=feedback-complaint-text]', text)
    await page.click('[data-test=feedback-complaint-submit]')
    await page.waitForSelector('[data-test=feedback-complaint-done]')
    const mine = page.locator('[data-test=my-complaint]', { hasText: text })
    await mine.waitFor()
    assert.match(await mine.innerText(), /已受理/)
  } finally {
    await context.close()
  }
})
