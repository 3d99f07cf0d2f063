// Subsidies paid without application, through the real server and the demo data: the 兰州 officer simulates the
// transport subsidy for this year and makes a payment batch from it; she cannot approve her own; the province
// admin approves it (confirming the total), and the bank payment file downloads. Then the bank's result is
// imported and the batch shows its payments paid. Both officials work on a 360×740 phone (issue 16), with axe and no
// console errors.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { useBrowser, newPage, loginTo, openMenu, watch, axe } from './helpers.mjs'

const PHONE = { width: 360, height: 740 }

const browser = useBrowser()

test('on a phone an officer simulates and makes a batch, another official approves it, the payment file downloads', async () => {
  const officer = await newPage(browser, PHONE)
  const admin = await newPage(browser, PHONE)
  const officerSeen = watch(officer.page)
  const adminSeen = watch(admin.page)
  try {
    const { page } = officer
    await loginTo(page, 'lanzhou')
    await openMenu(page, 'subsidy-policies')
    assert.deepEqual(await axe(page), [], 'policy list: axe critical/serious')
    await page.click('[data-test=simulate-transport_subsidy]')
    await page.waitForSelector('[data-test=sim-total]')
    assert.deepEqual(await axe(page), [], 'simulation: axe critical/serious')
    const total = await page.locator('[data-test=sim-total]').innerText()
    assert.match(total, /合计：[1-9]\d* 人/, total)
    // Totals by 市州 on the chart (a 兰州 officer sees only 兰州市), and the evidence sample.
    assert.match(await page.locator('[data-test=sim-chart]').innerText(), /兰州市/)
    assert.ok((await page.locator('[data-test=sim-sample] .el-table__row').count()) >= 1)

    await page.click('[data-test=sim-create-batch]')
    await page.waitForURL(/\/console\/subsidy\/batches\/\d+$/)
    const batchUrl = new URL(page.url()).pathname
    await page.waitForSelector('[data-test=batch-status][data-status=pending]')
    // The maker is told another official must check it, and gets no approve button.
    await page.waitForSelector('[data-test=maker-note]')
    assert.equal(await page.locator('[data-test=batch-approve]').count(), 0)
    // …and may withdraw it while it is pending (releasing its people); a checker may not.
    assert.equal(await page.locator('[data-test=batch-withdraw]').count(), 1)
    assert.deepEqual(await axe(page), [], 'pending batch (maker): axe critical/serious')

    const a = admin.page
    await loginTo(a, 'admin')
    await a.goto(batchUrl)
    await a.waitForSelector('[data-test=batch-approve]')
    assert.equal(await a.locator('[data-test=batch-withdraw]').count(), 0)
    assert.deepEqual(await axe(a), [], 'pending batch (checker): axe critical/serious')
    await a.click('[data-test=batch-approve]')
    await a.locator('.el-message-box__btns .el-button--primary').click()
    await a.waitForSelector('[data-test=batch-status][data-status=approved]')

    const [download] = await Promise.all([a.waitForEvent('download'), a.click('[data-test=batch-file-csv]')])
    const file = await download.path()
    const csv = new TextDecoder('gbk').decode(fs.readFileSync(file))  // banks' upload screens read GBK
    assert.match(csv, /业务参考号/)
    const refs = [...csv.matchAll(/JZTRA\d{4}-\d+-\d+/g)].map((m) => m[0])
    assert.ok(refs.length >= 1, csv)

    // The bank's result: every payment paid.
    const result = `业务参考号,结果\n${refs.map((r) => `${r},成功`).join('\n')}\n`
    await a.setInputFiles('[data-test=batch-import-file]', { name: 'bank.csv', mimeType: 'text/csv', buffer: Buffer.from(result) })
    await a.waitForFunction(() => {
      const tags = [...document.querySelectorAll('[data-test=item-status]')]
      return tags.length > 0 && tags.every((t) => t.textContent.includes('已发放'))
    })
    assert.deepEqual(await axe(a), [], 'paid batch: axe critical/serious')
    assert.deepEqual(officerSeen.errors, [], 'officer: console errors')
    assert.deepEqual(adminSeen.errors, [], 'admin: console errors')
  } finally {
    await officer.context.close()
    await admin.context.close()
  }
})
