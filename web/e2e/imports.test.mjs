// Officials import enterprises with the same wizard as workers: the report lists bad rows and the codes held
// for review, and the good rows land in the enterprise list.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useBrowser, withPage, loginTo, openMenu } from './helpers.mjs'

const browser = useBrowser()

// GB 32100 check character of the first 17 characters of a unified social credit code.
const USCC = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
function uscc(county) {
  const first17 = `91${county}MA${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`
  let sum = 0
  for (let i = 0; i < 17; i++) sum += USCC.indexOf(first17[i]) * WEIGHTS[i]
  const c = 31 - (sum % 31)
  return first17 + USCC[c === 31 ? 0 : c]
}

test('a 市州 officer imports enterprises: bad rows reported, a failing check character held for review', async () => {
  await withPage(browser, async (page) => {
    await loginTo(page, 'lanzhou')
    await openMenu(page, 'import')
    await page.click('[data-test=kind-enterprises]')
    assert.match(await page.locator('[data-test=template-xlsx]').getAttribute('href'), /enterprises\/template\.xlsx$/)
    const stamp = Date.now()
    const good = uscc('620102')
    const held = uscc('620103')
    const heldCode = held.slice(0, 17) + (held[17] === '1' ? '2' : '1')
    const csv = [
      '统一社会信用代码,企业名称,所在县区,经营模式,龙头企业',
      `${good},兰州春风家政${stamp},620102,员工制,是`,
      `${heldCode},兰州秋实家政${stamp},七里河区,混合,否`,
      `${uscc('620102')},兰州冬雪家政${stamp},620102,连锁,否`, // row 4: unknown model
    ].join('\n')
    await page.setInputFiles('[data-test=import-file]', { name: 'enterprises.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') })
    await page.click('[data-test=import-dry-run]')
    await page.waitForSelector('[data-test=import-report]')
    // The server shows the first rows as it read them (the browser does not parse the file).
    assert.match(await page.locator('[data-test=import-preview]').innerText(), new RegExp(`兰州春风家政${stamp}`))
    const rows = (await page.locator('[data-test=problem-row]').allInnerTexts()).map((s) => Number(s.trim()))
    assert.deepEqual(rows, [4])
    assert.match(await page.locator('[data-test=import-held]').innerText(), /3/)
    await page.click('[data-test=mode-good]')
    await page.click('[data-test=import-confirm]')
    await page.waitForSelector('[data-test=import-done]')
    assert.match(await page.locator('[data-test=import-done]').innerText(), /2/)
    const names = await page.evaluate(async (s) => {
      const data = await (await fetch(`/api/v1/enterprises?q=${encodeURIComponent(s)}&page_size=10`)).json()
      return (data.items || []).map((e) => `${e.name}:${e.held_for_review ? 'held' : 'ok'}`).sort()
    }, String(stamp))
    assert.deepEqual(names, [`兰州春风家政${stamp}:ok`, `兰州秋实家政${stamp}:held`])
  })
})
