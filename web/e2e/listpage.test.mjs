// The shared list page (filters, table, paging, empty and error states) and Swagger UI at /api/docs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useBrowser, newPage, login } from './helpers.mjs'

const browser = useBrowser()

test('the audit list filters and shows its empty state', async () => {
  const { context, page } = await newPage(browser)
  const errors = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
  try {
    await login(page, 'admin')
    await page.waitForURL(/\/console$/)
    await page.goto('/console/audit')
    await page.waitForSelector('[data-test=page-audit]')
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-test=audit-total]')?.textContent || ''))
    const total = Number((await page.locator('[data-test=audit-total]').innerText()).replace(/\D/g, ''))
    assert.ok(total > 0)
    // A filter nobody matches: the empty state, total 0, no error.
    // Element Plus puts the attribute on the input itself or on its wrapper, depending on the version.
    await page.fill('input[data-test=audit-actor], [data-test=audit-actor] input', 'nobody-at-all')
    await page.click('[data-test=audit-search]')
    await page.waitForFunction(() => /\b0\b/.test(document.querySelector('[data-test=audit-total]')?.textContent || ''))
    assert.equal(await page.locator('[data-test=audit-table] .el-table__body tr').count(), 0)
    assert.equal(await page.locator('[data-test=audit-error]').count(), 0)
    assert.deepEqual(errors, [])
  } finally {
    await context.close()
  }
})

test('Swagger UI at /api/docs shows the operations of the API', async () => {
  const { context, page } = await newPage(browser)
  const errors = []
  page.on('pageerror', (e) => errors.push(e.message))
  try {
    await page.goto('/api/docs')
    // Operations are grouped by their first path segment, groups closed; the filter finds one and it opens.
    await page.waitForFunction(() => document.querySelectorAll('.swagger-ui .opblock-tag').length >= 20)
    const tags = await page.locator('.swagger-ui .opblock-tag').allInnerTexts()
    for (const t of ['workers', 'subsidy', 'training', 'services', 'audit']) assert.ok(tags.some((x) => x.trim().startsWith(t)), `group ${t}`)
    await page.fill('.swagger-ui .operation-filter-input', 'subsidy')
    await page.click('.swagger-ui .opblock-tag[data-tag=subsidy]')
    await page.waitForFunction(() => document.querySelectorAll('.swagger-ui .opblock').length >= 10)
    const paths = await page.locator('.swagger-ui .opblock-summary-path').allInnerTexts()
    assert.ok(paths.some((p) => p.replace(/\u200b/g, '').startsWith('/api/v1/subsidy/batches')), paths.join(' '))
    assert.deepEqual(errors, [])
  } finally {
    await context.close()
  }
})
