// The supervision dashboard in the browser: the province admin's overview is the dashboard (figures equal
// the API's, a map of Gansu, drill-down from the tile grid to a 市州's counties), a department official opens
// it from the grouped menu, and a 兰州 city officer on a phone sees her 市州 only, with nothing wider than the
// screen.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, login, loginTo, pickOption } from './helpers.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

// The API's answer for the same period, fetched with the page's own session.
async function apiTotals(page, query) {
  return page.evaluate(async (q) => {
    const r = await fetch(`/api/v1/supervision/dashboard?${q}`, { credentials: 'same-origin' })
    return (await r.json()).totals
  }, query)
}
const figure = async (page, id) => Number((await page.locator(`[data-test=${id}]`).innerText()).replace(/[^\d.]/g, ''))

test('the province admin sees the dashboard on her overview and drills down to 兰州市', { timeout: 120_000 }, async () => {
  const { context, page } = await newPage(browser)
  const errors = []
  try {
    await loginTo(page, 'admin')
    // From here on (the login page's own "who am I" answers 401 before anyone has logged in).
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    await page.waitForSelector('[data-test=page-overview] [data-test=page-supervision-dashboard]')
    await page.waitForSelector('[data-test=fig-workers-registered]')
    const totals = await apiTotals(page, `period=${new Date().getUTCFullYear()}`)
    assert.ok(totals.workers.registered > 0)
    assert.equal(await figure(page, 'fig-workers-registered'), totals.workers.registered)
    assert.equal(await figure(page, 'fig-enterprises-total'), totals.enterprises.total)
    assert.equal((await page.locator('[data-test=dash-scope]').innerText()).trim(), '全省')
    await page.waitForSelector('[data-test=dash-map] canvas')
    // The menu is grouped by module.
    assert.equal(await page.locator('[data-test=side-menu] [data-test=menu-group-registry]').count(), 1)
    assert.equal(await page.locator('[data-test=side-menu] [data-test=menu-group-system]').count(), 1)

    // The tile grid: 14 市州; a click opens the counties of 兰州市.
    await page.click('[data-test=dash-view] >> text=方块图')
    await page.waitForSelector('[data-test=tile-6201]')
    assert.equal(await page.locator('[data-test^=tile-]').count(), 14)
    await page.click('[data-test=tile-6201]')
    await page.waitForFunction(() => document.querySelector('[data-test=dash-scope]')?.textContent.trim() === '兰州市')
    await page.waitForSelector('[data-test=row-620102]')
    // The registered-workers figure links to the worker list of that 市州.
    await page.click('[data-test=fig-workers-registered]')
    await page.waitForURL(/\/console\/workers\?prefecture=6201/)
    assert.deepEqual(errors, [])
  } finally {
    await context.close()
  }
})

test('a department official opens the dashboard from the menu', { timeout: 90_000 }, async () => {
  const { context, page } = await newPage(browser)
  try {
    await loginTo(page, 'dept')
    await page.click('[data-test=side-menu] [data-test=menu-supervision-dashboard]')
    await page.waitForURL(/\/console\/supervision$/)
    await page.waitForSelector('[data-test=page-supervision-dashboard] [data-test=fig-workers-registered]')
    // A quarter: the figures follow the period.
    await page.click('[data-test=dash-kind] >> text=季度')
    await page.waitForSelector('[data-test=dash-quarter]')
    const y = new Date().getUTCFullYear()
    const q = Math.floor(new Date().getUTCMonth() / 3) + 1
    const totals = await apiTotals(page, `period=${y}-Q${q}`)
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-test=page-supervision-dashboard] [data-test=fig-workers-new]')?.textContent.replace(/[^\d]/g, '')) === n,
      totals.workers.new,
    )
  } finally {
    await context.close()
  }
})

test('a 兰州 city officer on a phone sees her 市州 only', { timeout: 90_000 }, async () => {
  const { context, page } = await newPage(browser, { width: 360, height: 740 })
  try {
    await loginTo(page, 'lanzhou')
    await page.waitForSelector('[data-test=page-supervision-dashboard] [data-test=fig-workers-registered]')
    await page.waitForFunction(() => document.querySelector('[data-test=dash-scope]')?.textContent.trim() === '兰州市')
    const totals = await apiTotals(page, `period=${new Date().getUTCFullYear()}`)
    assert.equal(await figure(page, 'fig-workers-registered'), totals.workers.registered)
    assert.equal(await page.locator('[data-test=dash-up]').count(), 0)
    await page.click('[data-test=dash-view] >> text=方块图')
    await page.waitForSelector('[data-test=tile-620102]')
    assert.equal(await page.locator('[data-test=tile-6202]').count(), 0)
    const { scroll, client } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }))
    assert.ok(scroll <= client, `page is ${scroll}px wide in a ${client}px viewport`)
  } finally {
    await context.close()
  }
})

test('the province admin creates an account; its user must change the one-time password first', { timeout: 120_000 }, async () => {
  const admin = await newPage(browser)
  const username = `e2e-acc-${Date.now() % 1000000}`
  let password
  try {
    await loginTo(admin.page, 'admin')
    await admin.page.click('[data-test=side-menu] [data-test=menu-accounts]')
    await admin.page.waitForSelector('[data-test=page-accounts]')
    await admin.page.click('[data-test=acc-new]')
    await admin.page.fill('[data-test=acc-username]', username)
    await admin.page.fill('[data-test=acc-display]', '测试官员')
    await pickOption(admin.page, 'acc-role', '省直部门')
    // A department official is one of the plan's departments.
    await pickOption(admin.page, 'acc-department', '省妇联')
    await admin.page.click('[data-test=acc-save]')
    await admin.page.waitForSelector('[data-test=issued-password]')
    password = (await admin.page.locator('[data-test=issued-password]').innerText()).trim()
    assert.match(password, /^Jz\d{4}/)
    await admin.page.waitForSelector(`[data-test=acc-${username}]`)
  } finally {
    await admin.context.close()
  }

  const { context, page } = await newPage(browser, { width: 360, height: 740 })
  try {
    await login(page, username, password)
    await page.waitForSelector('[data-test=page-account] [data-test=must-change]')
    // Any other console page leads back to the password change.
    await page.goto('/console/supervision')
    await page.waitForSelector('[data-test=must-change]')
    await page.fill('[data-test=pw-current]', password)
    await page.fill('[data-test=pw-new]', 'Dept2024new')
    await page.fill('[data-test=pw-confirm]', 'Dept2024new')
    await page.click('[data-test=pw-submit]')
    await page.waitForSelector('[data-test=page-overview]')
    await page.waitForSelector('[data-test=page-supervision-dashboard]')
  } finally {
    await context.close()
  }
})

test('a city officer sees her 市州 accounts and the login log', { timeout: 60_000 }, async () => {
  const { context, page } = await newPage(browser)
  try {
    await loginTo(page, 'lanzhou')
    await page.click('[data-test=side-menu] [data-test=menu-accounts]')
    await page.waitForSelector('[data-test=acc-table]')
    assert.equal(await page.locator('[data-test=acc-admin]').count(), 0)
    await page.click('.el-tabs__item >> text=登录日志')
    await page.waitForSelector('[data-test=acc-logins]')
  } finally {
    await context.close()
  }
})
