// Household services on a phone (360×740) and on a desktop: a household books, the enterprise proposes one of its
// workers, she accepts, the enterprise makes the contract (a real PDF), both parties confirm it, household and
// enterprise confirm the start and the completion, the household reviews the order and complains, the
// enterprise answers, the household accepts the answer, and the order's employment and review are in the
// worker's credit file. Three browser contexts, one per party, each logged in as the demo account.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, loginTo, pickOption, axe } from './helpers.mjs'

const PHONE = { width: 360, height: 740 }
const DESKTOP = { width: 1366, height: 900 }
let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

async function party(username, viewport) {
  const { context, page } = await newPage(browser, viewport)
  const errors = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(String(e)))
  await loginTo(page, username)
  return { context, page, errors }
}

const api = (page, method, url, body) =>
  page.evaluate(
    async ({ method, url, body }) => {
      const csrf = (document.cookie.match(/(?:^|;\s*)jz_csrf=([^;]*)/) || [])[1] || ''
      const r = await fetch(url, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf) },
        body: body ? JSON.stringify(body) : undefined,
      })
      const text = await r.text()
      return { status: r.status, type: r.headers.get('content-type'), text }
    },
    { method, url, body },
  )

async function tagText(page) {
  return (await page.locator('[data-test=status]').innerText()).trim()
}

const json = async (page, method, url, body) => {
  const r = await api(page, method, url, body)
  assert.ok(r.status < 300, `${method} ${url}: ${r.status} ${r.text}`)
  return JSON.parse(r.text)
}

// The demo worker account's worker id: the account carries only her name, so the admin looks her up; the demo
// account is the first worker of that name.
async function demoWorker(admin, worker) {
  const me = (await json(worker.page, 'GET', '/api/v1/me')).user
  const found = await json(admin.page, 'GET', `/api/v1/workers?q=${encodeURIComponent(me.worker_name)}&page_size=100`)
  assert.ok(found.items.length, `worker ${me.worker_name} found`)
  return found.items.reduce((a, b) => (a.id < b.id ? a : b))
}

for (const [label, viewport, offset] of [['phone', PHONE, 400], ['desktop', DESKTOP, 480]]) {
  test(`a household books, the contract is confirmed as a PDF, the service completes, is reviewed and complained about, on a ${label}`, async () => {
    const household = await party('consumer', viewport)
    const enterprise = await party('enterprise', viewport)
    const worker = await party('worker', viewport)
    const admin = await party('admin', viewport)
    try {
      // Set-up through the API: the demo worker must be staff of the demo enterprise, and the enterprise listed.
      const staff = (await json(enterprise.page, 'GET', '/api/v1/workers?page_size=1')).items
      assert.ok(staff.length, 'the demo enterprise has staff')
      const enterpriseId = staff[0].enterprise_id
      const me = await demoWorker(admin, worker)
      if (me.enterprise_id !== enterpriseId) await json(admin.page, 'PATCH', `/api/v1/workers/${me.id}`, { enterprise_id: enterpriseId })
      const ent = await json(admin.page, 'GET', `/api/v1/enterprises/${enterpriseId}`)
      if (ent.listing_status !== 'approved')
        await json(admin.page, 'POST', `/api/v1/enterprises/${enterpriseId}/listing`, { status: 'approved', reason: '浏览器测试' })

      // The household books a day service far enough ahead not to meet the worker's demo orders.
      const start = new Date(Date.now() + offset * 86400_000).toISOString().slice(0, 10)
      await household.page.goto('/console/services')
      await household.page.waitForSelector('[data-test=book-form]')
      await pickOption(household.page, 'enterprise', ent.name)
      await pickOption(household.page, 'mode', '日间')
      await household.page.fill('[data-test=starts-on]', start)
      const before = await household.page.locator('a[data-test^=order-]').count()
      await household.page.click('[data-test=book]')
      await household.page.waitForFunction((n) => document.querySelectorAll('a[data-test^=order-]').length > n, before)
      const orderId = (await household.page.locator('a[data-test^=order-]').first().getAttribute('data-test')).slice(6)
      const url = `/console/services/${orderId}`

      // The enterprise proposes the worker; she accepts.
      await enterprise.page.goto(url)
      await enterprise.page.fill('[data-test=worker-id]', String(me.id))
      await enterprise.page.click('[data-test=propose]')
      await enterprise.page.waitForFunction(() => document.querySelector('[data-test=status]')?.innerText.includes('待她确认'))
      await worker.page.goto(url)
      await worker.page.click('[data-test=accept]')
      await worker.page.waitForFunction(() => document.querySelector('[data-test=status]')?.innerText.includes('待签合同'))

      // The enterprise makes the contract; the PDF is a real PDF.
      await enterprise.page.reload()
      await enterprise.page.click('[data-test=make-contract]')
      await enterprise.page.waitForSelector('[data-test=confirm]')
      const href = await enterprise.page.locator('[data-test=pdf]').getAttribute('href')
      const pdf = await api(household.page, 'GET', href)
      assert.equal(pdf.status, 200)
      assert.equal(pdf.type, 'application/pdf')
      assert.ok(pdf.text.startsWith('%PDF-'))

      // Both parties confirm; the contract is in force.
      await enterprise.page.click('[data-test=confirm]')
      await enterprise.page.waitForSelector('[data-test=confirm]', { state: 'detached' })
      await household.page.goto(url)
      await household.page.click('[data-test=confirm]')
      await household.page.waitForFunction(() => document.querySelector('[data-test=status]')?.innerText.includes('合同已生效'))

      // Start and completion need both sides.
      await household.page.click('[data-test=start]')
      await household.page.waitForSelector('[data-test=waiting-other]')
      await enterprise.page.reload()
      await enterprise.page.click('[data-test=start]')
      await enterprise.page.waitForFunction(() => document.querySelector('[data-test=status]')?.innerText.includes('服务中'))
      await enterprise.page.click('[data-test=complete]')
      await enterprise.page.waitForSelector('[data-test=waiting-other]')
      await household.page.reload()
      await household.page.click('[data-test=complete]')
      await household.page.waitForFunction(() => document.querySelector('[data-test=status]')?.innerText.includes('已完成'))
      assert.equal(await tagText(household.page), '已完成')

      // The review, once.
      for (const k of ['skill', 'attitude', 'punctuality', 'hygiene'])
        await household.page.locator(`[data-test=rate-${k}] .el-rate__item`).nth(4).click()
      await household.page.click('[data-test=send-review]')
      await household.page.waitForSelector('[data-test=review-done]')

      // A complaint: the enterprise answers, the household accepts the answer.
      await household.page.fill('[data-test=complaint-text]', `清洁不到位（${label}）`)
      await household.page.click('[data-test=send-complaint]')
      await household.page.waitForFunction(() => document.querySelector('[data-test=complaint-stage]')?.innerText.includes('待企业答复'))
      await enterprise.page.reload()
      await enterprise.page.fill('[data-test=reply-text]', '已安排返工，费用全免')
      await enterprise.page.click('[data-test=reply]')
      await enterprise.page.waitForSelector('[data-test=reply]', { state: 'detached' })
      await household.page.reload()
      await household.page.click('[data-test=accept-reply]')
      await household.page.waitForFunction(() => document.querySelector('[data-test=complaint-stage]')?.innerText.includes('已接受企业答复'))

      // The credit file: the employment (confirmed by both sides) and the review of this order.
      const order = await json(household.page, 'GET', `/api/v1/services/orders/${orderId}`)
      assert.ok(order.employment_entry_id, 'the order wrote an employment entry')
      const entries = await json(admin.page, 'GET', `/api/v1/workers/${me.id}/credit-entries?page_size=100`)
      const ids = entries.items.map((e) => e.id)
      assert.ok(ids.includes(order.employment_entry_id), 'the employment entry is in her file')
      assert.ok(entries.items.some((e) => e.kind === 'review' && (e.evidence || '').includes(`服务订单 ${orderId}`)), 'the review is in her file')

      // The order pages with their complaint cards pass axe (no critical or serious violation).
      assert.deepEqual(await axe(household.page), [], `household order page on a ${label}: axe`)
      await enterprise.page.reload()
      await enterprise.page.waitForSelector('[data-test=complaints]')
      assert.deepEqual(await axe(enterprise.page), [], `enterprise order page on a ${label}: axe`)

      // Her phone page of complaints shows where this one stands.
      await household.page.goto('/console/feedback')
      const mine = household.page.locator('[data-test=my-complaint]', { hasText: `清洁不到位（${label}）` })
      await mine.waitFor()
      assert.match(await mine.innerText(), /已接受企业答复/)
      assert.match(await mine.innerText(), /已安排返工/)

      // Nothing spilled over the screen, and no console errors.
      const overflow = await household.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 1, `page is ${overflow}px wider than the ${label}`)
      for (const p of [household, enterprise, worker]) assert.deepEqual(p.errors, [])
    } finally {
      for (const p of [household, enterprise, worker, admin]) await p.context.close()
    }
  })
}
