// Training on a phone: a worker finds the online taster course in the public catalogue, enrols, studies its
// one-minute unit in the unit player (the server counts the time from its own clock, so this takes a real
// minute), takes the quiz, sees her certificate and checks it on the public page.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, loginTo } from './helpers.mjs'

const PHONE = { width: 390, height: 844 }

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

test('a worker on a phone completes an online unit and the quiz and sees her certificate', { timeout: 150_000 }, async () => {
  const { context, page } = await newPage(browser, PHONE)
  try {
    await loginTo(page, 'worker')
    await page.goto('/training')
    await page.waitForSelector('[data-test=page-training-catalogue]')
    await page.selectOption('[data-test=tc-mode]', 'online')
    const taster = page.locator('[data-test=course-link]', { hasText: '家政服务入门' }).first()
    await taster.waitFor()
    await taster.click()
    await page.waitForSelector('[data-test=course-title]')
    await page.click('[data-test=course-enrol]')
    await page.waitForSelector('[data-test=course-enrolled]')
    await page.click('[data-test=course-go]')
    await page.waitForSelector('[data-test=page-training-my]')

    const card = page.locator('[data-test^=enrolment-]', { hasText: '家政服务入门' }).first()
    await card.locator('[data-test=unit-study]').click()
    await card.locator('[data-test=unit-player]').waitFor()
    // A real minute of study: heartbeats every 5 s, credited by the server's clock.
    await card.locator('[data-test=unit-done]').waitFor({ timeout: 100_000 })

    await card.locator('[data-test=quiz-start]').click()
    await card.locator('[data-test=quiz]').waitFor()
    // The answers are not in the page: the server scores them.
    for (const [q, o] of [[0, 0], [1, 1], [2, 2]]) await card.locator(`[data-test=quiz-q-${q}-o-${o}]`).check()
    await card.locator('[data-test=quiz-submit]').click()
    await card.locator('[data-test=training-certificate]').waitFor()
    assert.equal((await card.locator('[data-test=enrolment-status]').innerText()).trim(), '考核合格')
    const serial = (await card.locator('[data-test=certificate-serial]').innerText()).match(/GT\d{16}/)[0]

    // Nothing wider than the phone.
    const { scroll, client } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }))
    assert.ok(scroll <= client, `page is ${scroll}px wide in a ${client}px viewport`)

    await card.locator('[data-test=certificate-verify]').click()
    await page.waitForSelector('[data-test=tcert-valid]')
    assert.equal((await page.locator('[data-test=tcert-serial]').innerText()).trim(), serial)
  } finally {
    await context.close()
  }
})

test('an institution sees its trainees; officials see the target per 市州 and the survey offers', { timeout: 60_000 }, async () => {
  const { context, page } = await newPage(browser)
  try {
    await loginTo(page, 'institution')
    await page.click('[data-test=side-menu] [data-test=menu-training-institution]')
    await page.waitForSelector('[data-test=page-training-institution]')
    await page.waitForSelector('[data-test=ti-table] tbody tr')
    assert.ok((await page.locator('[data-test=ti-table] tbody tr').count()) > 0)
    await page.click('[data-test=logout]')

    await loginTo(page, 'admin')
    await page.click('[data-test=side-menu] [data-test=menu-training-target]')
    await page.waitForSelector('[data-test=page-training-target]')
    await page.waitForSelector('[data-test=tt-bars] li')
    assert.equal(await page.locator('[data-test=tt-bars] li').count(), 14)
    assert.match(await page.locator('[data-test=tt-summary]').innerText(), /140,000/)
    await page.click('[data-test=logout]')
  } finally {
    await context.close()
  }
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
  const { context, page } = await newPage(browser)
  try {
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
  } finally {
    await context.close()
  }
})
