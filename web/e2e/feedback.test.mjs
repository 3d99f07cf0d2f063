// A household after a visit: from the certificate's verify page on a phone to a complaint (a review is written
// on the completed service order: the page points there), then the complaint on its own list.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useBrowser, withPage, loginTo, PASSWORD } from './helpers.mjs'

const browser = useBrowser()

// A valid demo certificate: demo-data issues some for verified staff of the demo enterprise.
async function demoSerial() {
  return withPage(browser, async (page) => {
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
  })
}

test('a household complains about a worker from her certificate and is sent to its orders to review, on a phone', async () => {
  const serial = await demoSerial()
  assert.match(serial, /^GS\d{16}$/, 'a valid demo certificate')
  await withPage(browser, async (page) => {
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

    // Reviews come from completed service orders now (issue 11): the page sends the household there.
    await page.waitForSelector('[data-test=feedback-review-orders]')

    const text = `约定九点上门，十点才到（${Date.now()}）`
    await page.fill('[data-test=feedback-complaint-text]', text)
    await page.click('[data-test=feedback-complaint-submit]')
    await page.waitForSelector('[data-test=feedback-complaint-done]')
    const mine = page.locator('[data-test=my-complaint]', { hasText: text })
    await mine.waitFor()
    assert.match(await mine.innerText(), /已受理/)
  }, { width: 390, height: 844 })
})
