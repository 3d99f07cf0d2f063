// The supervision journey of issue 12 on a 360×740 phone, with axe (0 critical, 0 serious) and no console errors:
// a province admin, a department official (省人社厅) and a 兰州 city officer each open the dashboard, the
// thirteen measures' task board and the pain points from the grouped menu. The department official reports
// progress on her own task; another department's task offers her nothing to write. Figures on the pages equal
// the API's.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, loginTo, axe, openMenu } from './helpers.mjs'

const PHONE = { width: 360, height: 740 }

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

function watch(page) {
  const errors = []
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  page.on('pageerror', (e) => errors.push(String(e)))
  return errors
}
async function apiGet(page, path) {
  return page.evaluate(async (p) => (await fetch(p, { credentials: 'same-origin' })).json(), path)
}
async function noWiderThanScreen(page, what) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }))
  assert.ok(scroll <= client, `${what}: page is ${scroll}px wide in a ${client}px viewport`)
}

// The three pages for one official; returns the task board's answer.
async function journey(user) {
  const { context, page } = await newPage(browser, PHONE)
  const errors = watch(page)
  try {
    await loginTo(page, user)
    // Dashboard.
    await page.goto('/console/supervision')
    await page.waitForSelector('[data-test=page-supervision-dashboard] [data-test=fig-workers-registered]')
    assert.deepEqual(await axe(page), [], `${user} dashboard: axe`)
    // The monthly report's download button gives a PDF.
    const href = await page.locator('[data-test=report-pdf]').getAttribute('href')
    const head = await page.evaluate(async (h) => {
      const r = await fetch(h, { credentials: 'same-origin' })
      return { status: r.status, type: r.headers.get('content-type'), magic: new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5)) }
    }, href)
    assert.deepEqual(head, { status: 200, type: 'application/pdf', magic: '%PDF-' })
    // Task board, from the grouped menu.
    await openMenu(page, 'supervision-measures', 'measures')
    await page.waitForURL(/\/console\/supervision\/measures$/)
    await page.waitForSelector('[data-test=measure-1]') // (一) names every view's department: 省人社厅 too
    const board = await apiGet(page, '/api/v1/supervision/measures' + (user === 'dept' ? `?department=${encodeURIComponent('省人社厅')}` : ''))
    await page.waitForFunction((n) => document.querySelector('[data-test=measures-total]')?.textContent.trim() === String(n), board.totals.tasks)
    assert.equal(Number(await page.locator('[data-test=measures-overdue-count]').innerText()), board.totals.overdue)
    assert.ok(board.totals.overdue > 0, 'the demo board has overdue tasks')
    assert.ok((await page.locator('[data-test=overdue-tag]').count()) > 0)
    assert.deepEqual(await axe(page), [], `${user} task board: axe`)
    await noWiderThanScreen(page, `${user} task board`)
    // Pain points.
    await openMenu(page, 'supervision-painpoints', 'painpoints')
    await page.waitForURL(/\/console\/supervision\/painpoints$/)
    await page.waitForSelector('[data-test=pp-categories] li')
    const pp = await apiGet(page, `/api/v1/supervision/painpoints?period=${new Date().getUTCFullYear()}`)
    await page.waitForFunction((n) => document.querySelector('[data-test=pp-texts]')?.textContent.trim() === String(n), pp.texts)
    assert.equal(Number(await page.locator('[data-test=pp-with]').innerText()), pp.with_pain_point)
    assert.deepEqual(await axe(page), [], `${user} pain points: axe`)
    await noWiderThanScreen(page, `${user} pain points`)
    assert.deepEqual(errors, [])
    return { board, pp, context, page }
  } catch (e) {
    await context.close()
    throw e
  }
}

test('a province admin sees the dashboard, the thirteen measures and the pain points', { timeout: 180_000 }, async () => {
  const { board, context, page } = await journey('admin')
  try {
    assert.equal(board.measures.length, 13)
    assert.equal(board.measures[0].lead, '省商务厅')
    // She may add tasks on every measure.
    await page.goto('/console/supervision/measures')
    await page.waitForSelector('[data-test=measure-13]')
    assert.equal(await page.locator('[data-test^=add-task-]').count(), 13)
  } finally {
    await context.close()
  }
})

test('a department official reports progress on her own task, not on another department\'s', { timeout: 180_000 }, async () => {
  const { board, context, page } = await journey('dept')
  try {
    // The department view starts on her own department: 省人社厅 is named by twelve of the thirteen measures.
    assert.equal(board.my_department, '省人社厅')
    await page.goto('/console/supervision/measures')
    await page.waitForSelector('[data-test=measure-4]')
    const own = board.measures.flatMap((m) => m.tasks).find((t) => t.department === '省人社厅' && !t.automatic && t.status !== 'done')
    assert.ok(own, 'a task of 省人社厅 to report on')
    await page.click(`[data-test=task-${own.id}]`)
    await page.waitForSelector('[data-test=report-note]')
    const note = `第${Date.now() % 100000}期进展：已完成阶段任务`
    await page.fill('[data-test=report-note]', note)
    await page.click('[data-test=report-send]')
    await page.waitForSelector(`[data-test=update-entry] >> text=${note}`)
    const detail = await apiGet(page, `/api/v1/supervision/tasks/${own.id}`)
    assert.equal(detail.update_log[0].note, note)
    assert.equal(detail.update_log[0].department, '省人社厅')
    await page.keyboard.press('Escape')
    // Another department's task: she reads it, nothing to write.
    const all = await apiGet(page, '/api/v1/supervision/measures')
    const other = all.measures.flatMap((m) => m.tasks).find((t) => t.department !== '省人社厅')
    await page.click('[data-test=measures-view] >> text=全省')
    await page.waitForSelector(`[data-test=task-${other.id}]`)
    await page.click(`[data-test=task-${other.id}]`)
    await page.waitForSelector('[data-test=task-progress]')
    assert.equal(await page.locator('[data-test=report-note]:visible').count(), 0)
  } finally {
    await context.close()
  }
})

test('a 兰州 city officer sees her 市州\'s pain points and reads the task board', { timeout: 180_000 }, async () => {
  const { pp, context, page } = await journey('lanzhou')
  try {
    assert.equal(pp.prefecture.code, '6201')
    assert.equal(pp.level, 'county')
    await page.goto('/console/supervision/measures')
    await page.waitForSelector('[data-test=measure-1]')
    assert.equal(await page.locator('[data-test^=add-task-]').count(), 0)
  } finally {
    await context.close()
  }
})
