// Supply and demand in the browser: an enterprise posts a job and sees ranked candidates with the score's
// breakdown; the public job board on a phone filters by 市州; an official makes a transfer plan.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useBrowser, withPage, assertFits, newPage, loginTo, watch, openMenu } from './helpers.mjs'

const browser = useBrowser()

test('an enterprise posts a job and sees ranked candidates with the reasons of each score', async () => {
  await withPage(browser, async (page) => {
    await loginTo(page, 'enterprise')
    await openMenu(page, 'matching-jobs')
    await page.click('[data-test=job-new]')
    await page.waitForSelector('[data-test=page-matching-job-new]')
    await page.fill('[data-test=jf-title]', '日间照料护理员')
    await page.waitForSelector('[data-test=jf-occupation] option[value=housekeeping]', { state: 'attached' })
    await page.selectOption('[data-test=jf-occupation]', 'housekeeping')
    await page.waitForSelector('[data-test=jf-prefecture] option[value="6201"]', { state: 'attached' })
    await page.selectOption('[data-test=jf-prefecture]', '6201')
    await page.waitForSelector('[data-test=jf-county] option[value="620102"]', { state: 'attached' })
    await page.selectOption('[data-test=jf-county]', '620102')
    await page.fill('[data-test=jf-openings]', '3')
    await page.click('[data-test=jf-submit]')

    await page.waitForURL(/\/console\/jobs\/\d+\/matches$/)
    await page.waitForSelector('[data-test=matches-table]')
    assert.equal((await page.locator('[data-test=matches-job-title]').innerText()).trim(), '日间照料护理员')
    const rows = page.locator('[data-test=matches-table] tbody tr')
    const n = await rows.count()
    assert.ok(n > 0, 'some candidates')
    const scores = []
    for (let i = 0; i < n; i++) scores.push(Number((await rows.nth(i).locator('[data-test=match-score]').innerText()).trim()))
    for (let i = 1; i < scores.length; i++) assert.ok(scores[i] <= scores[i - 1], `ranked: ${scores}`)
    // Every row explains its score: seven components and the region's reason.
    const first = rows.first()
    assert.equal(await first.locator('[data-test^=component-]').count(), 7)
    assert.match(await first.locator('[data-test=component-region]').innerText(), /\d/)
  })
})

test('the public job board on a phone filters by 市州 and lists East–West postings', async () => {
  await withPage(browser, async (page) => {
    await page.goto('/jobs')
    await page.waitForSelector('[data-test=page-job-board] [data-test=job-link]')
    assert.ok((await page.locator('[data-test=job-link]').count()) > 3)
    assert.ok((await page.locator('[data-test=job-partner]').count()) > 0, 'partner-province postings listed')
    await page.waitForSelector('[data-test=jb-prefecture] option[value="6201"]', { state: 'attached' })
    await page.selectOption('[data-test=jb-prefecture]', '6201')
    await page.waitForFunction(() => document.querySelectorAll('[data-test=job-partner]').length === 0)
    assert.ok((await page.locator('[data-test=job-link]').count()) > 0, '兰州 postings remain')
    await assertFits(page)
  }, { width: 390, height: 844 })
})

test('an official on a phone makes a transfer plan and reads the result in plain words', async () => {
  const { context, page } = await newPage(browser, { width: 360, height: 740 })
  const seen = watch(page)
  try {
    await loginTo(page, 'admin')
    await page.goto('/console/transfer-plans')
    await page.waitForSelector('[data-test=page-matching-plans]')
    await page.fill('[data-test=plan-name]', '城关区基地 省内输转')
    // The base list starts on a base: submitting without touching it works.
    const boxes = page.locator('.jobs .el-checkbox')
    await boxes.first().waitFor()
    assert.notEqual((await page.locator('[data-test=page-matching-plans] .el-select').first().innerText()).trim(), '')
    const count = await boxes.count()
    for (let i = 0; i < Math.min(count, 6); i++) await boxes.nth(i).click()
    await page.click('[data-test=plan-solve]')
    await page.waitForURL(/\/console\/transfer-plans\/\d+$/)
    await page.waitForSelector('[data-test=plan-summary]')
    // Plain words, not the solver's jargon.
    assert.match(await page.locator('[data-test=plan-gain]').innerText(), /逐个挑选/)
    assert.doesNotMatch(await page.locator('[data-test=plan-summary]').innerText(), /贪心|最小费用流|毫秒/)
    // Workers by name, openings by title and employer, not by number.
    await page.locator('[data-test=plan-worker]').first().waitFor()
    assert.doesNotMatch(await page.locator('[data-test=plan-worker]').first().innerText(), /^\d+$/)
    assert.doesNotMatch(await page.locator('[data-test=plan-openings] tbody tr td').first().innerText(), /^#?\d+$/)
    assert.deepEqual(seen.errors, [], 'console errors')
    assert.ok((await page.locator('[data-test=plan-openings] tbody tr').count()) > 0)
  } finally {
    await context.close()
  }
})
