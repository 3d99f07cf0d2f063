// A household after a visit: from the certificate's verify page on a phone to a complaint, which must name one of
// her orders that this worker served (reviews and complaints come from orders, issue 11). The demo household's
// started order was served by another worker than the certificate's: the page offers it, the server refuses it
// with a clear message, and the household complains from the order itself; the complaint is on her list.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useBrowser, withPage, loginTo, axe, watch, PASSWORD } from './helpers.mjs'

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

test('a household complains from the certificate only about an order this worker served, on a phone', async () => {
  const serial = await demoSerial()
  assert.match(serial, /^GS\d{16}$/, 'a valid demo certificate')
  await withPage(browser, async (page) => {
    const seen = watch(page)
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

    // Her started orders are offered; without choosing one the page asks for it, and nothing is sent.
    const text = `约定九点上门，十点才到（${Date.now()}）`
    await page.fill('[data-test=feedback-complaint-text]', text)
    await page.click('[data-test=feedback-complaint-submit]')
    await page.locator('[data-test=feedback-complaint]', { hasText: '请选择投诉针对的订单' }).waitFor()
    // The demo household's order was served by somebody else: the server refuses, in plain words.
    await page.locator('[data-test^=feedback-complaint-order-]').first().click()
    await page.click('[data-test=feedback-complaint-submit]')
    await page.locator('[data-test=feedback-complaint]', { hasText: '这笔订单不是这位服务人员为您服务的' }).waitFor()
    assert.equal(await page.locator('[data-test=my-complaint]', { hasText: text }).count(), 0)
    assert.deepEqual(await axe(page), [], 'feedback page with the order choice: axe')
    // The one console error is the browser's note of the refused request (422); nothing else went wrong.
    assert.deepEqual(seen.errors.filter((e) => !/status of 422/.test(e)), [])

    // From her orders: the completed one takes the complaint, which then shows with the enterprise's deadline.
    await page.goto('/console/services')
    const orders = await page.evaluate(async () => (await (await fetch('/api/v1/services/orders?page_size=50')).json()).items)
    const done = orders.find((o) => o.status === 'completed')
    assert.ok(done, 'the demo household has a completed order')
    await page.goto(`/console/services/${done.id}`)
    await page.fill('[data-test=complaint-text]', text)
    await page.click('[data-test=send-complaint]')
    const filed = page.locator('[data-test=complaints] .complaint', { hasText: text })
    await filed.waitFor()
    assert.match(await filed.innerText(), /待企业答复/)
    await page.goto('/console/feedback')
    const mine = page.locator('[data-test=my-complaint]', { hasText: text })
    await mine.waitFor()
    assert.match(await mine.innerText(), /已受理/)
  }, { width: 390, height: 844 })
})
