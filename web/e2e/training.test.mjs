// Training on a phone (360×740): a worker finds the online taster course in the public catalogue, enrols,
// studies its one-minute part on the study page (the server counts the time from its own clock, so this takes
// a real minute). Midway the page is hidden (the screen locks: visibilitychange) and no time accrues — the
// server's figure stays put — then it is shown again and the part completes where she left off. Then the
// quiz, her certificate and its public check; no console errors, axe clean on the study page.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useBrowser, withPage, assertFits, newPage, loginTo, watch, axe, openMenu } from './helpers.mjs'

const PHONE = { width: 360, height: 740 }

const browser = useBrowser()

// The unit's seconds as the server has them.
async function serverSeconds(page) {
  return page.evaluate(async () => {
    const r = await fetch('/api/v1/training/me/enrolments', { credentials: 'same-origin' })
    const data = await r.json()
    const e = data.items.find((x) => x.course.title.includes('家政服务入门'))
    return e.progress.reduce((a, p) => a + p.seconds, 0)
  })
}

// Signs the demo worker in and finds an online course in the public catalogue; `click` opens its page.
async function findCourse(page, title, { click = false } = {}) {
  await loginTo(page, 'worker')
  await page.goto('/training')
  await page.waitForSelector('[data-test=page-training-catalogue]')
  await page.selectOption('[data-test=tc-mode]', 'online')
  const link = page.locator('[data-test=course-link]', { hasText: title }).first()
  await link.waitFor()
  if (click) {
    await link.click()
    await page.waitForSelector('[data-test=course-title]')
  }
  return link
}

async function setVisibility(page, state) {
  await page.evaluate((s) => {
    Object.defineProperty(document, 'visibilityState', { value: s, configurable: true })
    Object.defineProperty(document, 'hidden', { value: s === 'hidden', configurable: true })
    document.dispatchEvent(new Event('visibilitychange'))
  }, state)
}

test('a worker on a phone studies a part, the screen locks and no time counts, she resumes and completes it', { timeout: 180_000 }, async () => {
  const { context, page } = await newPage(browser, PHONE)
  const seen = watch(page)
  try {
    await findCourse(page, '家政服务入门', { click: true })
    await page.click('[data-test=course-enrol]')
    await page.waitForSelector('[data-test=course-enrolled]')
    await page.click('[data-test=course-go]')
    await page.waitForSelector('[data-test=page-training-my]')

    const card = page.locator('[data-test^=enrolment-]', { hasText: '家政服务入门' }).first()
    await card.locator('[data-test=unit-study]').click()
    await page.waitForSelector('[data-test=page-training-study]')
    assert.match(await page.locator('[data-test=study-body]').innerText(), /居家上门服务证/)
    assert.deepEqual(await axe(page), [], 'study page: axe critical/serious')

    // Study for a while: the server credits the time between heartbeats (every 5 s).
    for (let i = 0; i < 30 && (await serverSeconds(page)) < 10; i++) await page.waitForTimeout(1000)

    // The screen locks: the page is hidden. It reports what was studied up to now, then nothing counts.
    await setVisibility(page, 'hidden')
    await page.locator('[data-test=study-paused]').waitFor()
    await page.waitForTimeout(1500)  // the last beat lands
    const atLock = await serverSeconds(page)
    assert.ok(atLock >= 10 && atLock < 60, `studied ${atLock}s before the lock`)
    await page.waitForTimeout(12_000)
    assert.equal(await serverSeconds(page), atLock, 'time counted while the page was hidden')

    // She unlocks the phone: the study goes on from where it stopped and the part completes.
    await setVisibility(page, 'visible')
    await page.locator('.live').waitFor()
    await page.locator('[data-test=study-unit-done]').waitFor({ timeout: 90_000 })
    assert.ok((await serverSeconds(page)) === 60)

    // Nothing wider than the phone.
    await assertFits(page)

    await page.click('[data-test=study-unit-done] a')
    await page.waitForSelector('[data-test=page-training-my]')
    await card.locator('[data-test=unit-done]').waitFor()
    await card.locator('[data-test=quiz-start]').click()
    await card.locator('[data-test=quiz]').waitFor()
    // The answers are not in the page: the server scores them.
    for (const [q, o] of [[0, 0], [1, 1], [2, 2]]) await card.locator(`[data-test=quiz-q-${q}-o-${o}]`).check()
    await card.locator('[data-test=quiz-submit]').click()
    await card.locator('[data-test=training-certificate]').waitFor()
    assert.equal((await card.locator('[data-test=enrolment-status]').innerText()).trim(), '考核合格')
    const serial = (await card.locator('[data-test=certificate-serial]').innerText()).match(/GT\d{16}/)[0]

    await card.locator('[data-test=certificate-verify]').click()
    await page.waitForSelector('[data-test=tcert-valid]')
    assert.equal((await page.locator('[data-test=tcert-serial]').innerText()).trim(), serial)
    assert.deepEqual(seen.errors, [], 'console errors')
  } finally {
    await context.close()
  }
})

test('the demo course shows its parts with pictures, and a later part is locked until the earlier is done', { timeout: 60_000 }, async () => {
  const { context, page } = await newPage(browser, PHONE)
  const seen = watch(page)
  try {
    const course = await findCourse(page, '养老护理员（初级）线上理论')
    // Its length is what its units add up to, not a number typed apart.
    assert.match(await page.locator('[data-test^=course-]', { has: course }).innerText(), /1\.7 学时/)
    await course.click()
    await page.waitForSelector('[data-test=course-title]')
    assert.match(await page.locator('.units').innerText(), /手卫生/)
    for (const src of ['hand-washing', 'bed-to-wheelchair', 'home-safety']) {
      const r = await page.request.get(`/media/training/${src}.svg`)
      assert.equal(r.status(), 200, src)
      assert.match(r.headers()['content-type'], /svg/)
    }
    await page.click('[data-test=course-enrol]')
    await page.waitForSelector('[data-test=course-enrolled]')
    await page.click('[data-test=course-go]')
    const card = page.locator('[data-test^=enrolment-]', { hasText: '养老护理员（初级）线上理论' }).first()
    await card.locator('[data-test=unit-study]').first().click()
    await page.waitForSelector('[data-test=page-training-study]')
    assert.equal(await page.locator('[data-test=study-unit-title]').innerText(), '手卫生：护理前后的第一件事')
    // Three parts of at most 15 minutes; the second opens once the first is done.
    assert.equal(await page.locator('[data-test^=study-part-] button').count(), 3)
    assert.ok(await page.locator('[data-test=study-part-2] button').isDisabled())
    assert.ok(await page.locator('[data-test=study-part-1] button').isEnabled())
    await page.locator('.live').waitFor()
    // Its picture is in the second part; the first is text.
    assert.match(await page.locator('[data-test=study-body]').innerText(), /20 秒/)
    const box = await page.locator('[data-test=study-part]').boundingBox()
    assert.ok(box.width <= 360, `part is ${box.width}px wide`)
    assert.deepEqual(await axe(page), [], 'study page: axe critical/serious')
    assert.deepEqual(seen.errors, [], 'console errors')
  } finally {
    await context.close()
  }
})

test('an institution sees its trainees; officials see the target per 市州 and the survey offers', { timeout: 60_000 }, async () => {
  await withPage(browser, async (page) => {
    await loginTo(page, 'institution')
    await openMenu(page, 'training-institution')
    await page.waitForSelector('[data-test=ti-table] tbody tr')
    const rows = await page.locator('[data-test=ti-table] tbody tr').count()
    assert.ok(rows > 0 && rows <= 20, `${rows} rows on one page`)
    // Split into pages under the 培训 group: trainees here, courses on their own page; neither a long scroll.
    const height = await page.evaluate(() => document.documentElement.scrollHeight)
    assert.ok(height < 3000, `trainees page is ${height}px tall`)
    await openMenu(page, 'training-courses')
    await page.locator('[data-test=tc-list] li').first().waitFor()
    assert.match(await page.locator('[data-test=tc-list]').innerText(), /学时|分钟/)
    await page.click('[data-test=ti-new]')
    await page.waitForSelector('[data-test=ti-form]')
    await page.click('[data-test=logout]')

    await loginTo(page, 'admin')
    await openMenu(page, 'training-target')
    await page.waitForSelector('[data-test=tt-bars] li')
    assert.equal(await page.locator('[data-test=tt-bars] li').count(), 14)
    assert.match(await page.locator('[data-test=tt-summary]').innerText(), /140,000/)
    await page.click('[data-test=logout]')
  })
  const phone = await newPage(browser, PHONE)
  try {
    await loginTo(phone.page, 'lanzhou')
    await phone.page.goto('/console/training-survey')
    await phone.page.waitForSelector('[data-test=survey-form]')
    await phone.page.waitForSelector('[data-test=offer]')
  } finally {
    await phone.context.close()
  }
})

test('an enterprise enrols its staff in a course from the course page', { timeout: 60_000 }, async () => {
  await withPage(browser, async (page) => {
    await loginTo(page, 'enterprise')
    // One of its own staff, as its worker list shows them.
    const staff = await page.evaluate(async () => {
      const r = await fetch('/api/v1/workers?page_size=1', { headers: { Accept: 'application/json' } })
      const data = await r.json()
      return data.items[0].id
    })
    await page.goto('/training')
    await page.locator('[data-test=course-link]', { hasText: '养老护理员 实操培训' }).click()
    await page.waitForSelector('[data-test=course-cohort]')
    await page.fill('[data-test=cohort-ids]', String(staff))
    await page.fill('[data-test=cohort-name]', '企业春季班')
    await page.click('[data-test=cohort-enrol]')
    await page.waitForSelector('[data-test=course-enrolled]')
    assert.match(await page.locator('[data-test=course-enrolled]').innerText(), /[01]/)
  })
})
