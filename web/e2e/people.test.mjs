// Issue 16 journeys on a 360×740 phone, with axe (0 critical, 0 serious) and no console errors: a household
// checks a worker at the door (scan a photo of the QR code, or type the serial in lower case with spaces) and
// signs up with an SMS code; a worker sees her name and why she does not get a subsidy; a clerk sees her own
// enterprise and its staff count; an official edits a rule in the structured editor.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { launch, newPage, loginTo, BASE, PASSWORD, watch, axe } from './helpers.mjs'

const PHONE = { width: 360, height: 740 }

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

async function api(method, p, body, token) {
  const res = await fetch(BASE + p, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  return res
}
async function tokenOf(user) {
  const r = await api('POST', '/api/v1/auth/login', { username: user, password: PASSWORD })
  assert.equal(r.status, 200)
  return (await r.json()).token
}

// A valid certificate of the demo worker (issued by the admin when she has none) and its QR code as a file.
async function workerCertificate() {
  const wt = await tokenOf('worker')
  const me = await (await api('GET', '/api/v1/workers/me', null, wt)).json()
  const id = (me.worker || me).id
  let certs = await (await api('GET', `/api/v1/workers/${id}/certificates`, null, wt)).json()
  let valid = (certs.items || certs).find((c) => c.status === 'valid')
  if (!valid) {
    const r = await api('POST', `/api/v1/workers/${id}/certificates`, {}, await tokenOf('admin'))
    const text = await r.text()
    assert.equal(r.status, 201, text)
    valid = JSON.parse(text)
  }
  const png = await api('GET', `/api/v1/certificates/${valid.serial}/qr.png`, null, wt)
  assert.equal(png.status, 200)
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jz-qr-')), 'qr.png')
  fs.writeFileSync(file, Buffer.from(await png.arrayBuffer()))
  return { serial: valid.serial, qrFile: file }
}

test('a household checks a worker at the door: scan a photo of the QR code, or type the serial in lower case', async () => {
  const { serial, qrFile } = await workerCertificate()
  const { context, page } = await newPage(browser, PHONE)
  const seen = watch(page)
  try {
    await page.goto('/')
    await page.waitForSelector('[data-test=page-home]')
    assert.deepEqual(await axe(page), [], 'home page: axe critical/serious')
    assert.match(await page.locator('meta[name=description]').getAttribute('content'), /家政/)

    // Scan: the headless browser has no camera, so the household takes a photo of the code instead.
    await page.click('[data-test=scan-open]')
    await page.waitForSelector('[data-test=scanner]')
    await page.setInputFiles('[data-test=scan-photo]', qrFile)
    await page.waitForURL(/\/v\/[^/]+$/)
    await page.waitForLoadState('load')
    // The QR code names the token page (/v/<token>), rendered by the server: valid.
    const body = await page.locator('body').innerText()
    assert.match(body, /有效|valid/i)

    // Typed in lower case with spaces, as a phone keyboard offers.
    await page.goto('/')
    const typed = `${serial.slice(0, 2).toLowerCase()} ${serial.slice(2, 10)} ${serial.slice(10)}`
    await page.fill('[data-test=serial-input]', typed)
    await page.click('[data-test=serial-submit]')
    await page.waitForSelector('[data-test=verify-found]')
    assert.equal(await page.locator('[data-test=verify-result]').innerText(), '有效')
    const text = await page.locator('[data-test=page-verify]').innerText()
    assert.doesNotMatch(text, /贝叶斯|先验|Bayes/)
    assert.deepEqual(await axe(page), [], 'verify page: axe critical/serious')

    // How it works: plain words, and the public key labelled for machines.
    await page.click('[data-test=verify-how]')
    await page.waitForSelector('[data-test=page-how]')
    assert.match(await page.locator('[data-test=how-key-json]').innerText(), /JSON/)
    assert.deepEqual(await axe(page), [], 'how-it-works page: axe critical/serious')

    for (const p of ['/favicon.ico', '/robots.txt']) {
      const r = await fetch(BASE + p)
      assert.equal(r.status, 200, p)
      assert.doesNotMatch(r.headers.get('content-type'), /json/, p)
    }
    assert.equal(seen.me, 0, 'public pages must not call /api/v1/me')
    assert.deepEqual(seen.errors, [])
  } finally {
    await context.close()
  }
})

test('a household signs up with her mobile number and an SMS code', async () => {
  const logFile = process.env.JZ_SERVER_LOG
  assert.ok(logFile, 'JZ_SERVER_LOG (set by e2e/run.mjs)')
  const phone = `137${String(Date.now()).slice(-8)}`
  const { context, page } = await newPage(browser, PHONE)
  const seen = watch(page)
  try {
    await page.goto('/login')
    await page.click('[data-test=to-signup]')
    await page.waitForSelector('[data-test=page-signup]')
    assert.deepEqual(await axe(page), [], 'sign-up page: axe critical/serious')
    await page.fill('[data-test=signup-phone]', phone)
    await page.click('[data-test=signup-send]')
    await page.waitForSelector('[data-test=signup-notice]')
    const mask = `${phone.slice(0, 3)}\\*+${phone.slice(-4)}`
    const lines = fs.readFileSync(logFile, 'utf8').split('\n').filter((l) => new RegExp(`SMS to ${mask}:`).test(l))
    const code = lines.at(-1).match(/(\d{6})/)[1]
    await page.fill('[data-test=signup-code]', code)
    await page.fill('[data-test=signup-password]', 'Haus2024ok')
    await page.fill('[data-test=signup-name]', '李女士')
    await page.click('[data-test=signup-submit]')
    await page.waitForSelector('[data-test=page-overview]')
    assert.match(await page.locator('[data-test=greeting]').innerText(), /李女士/)
    assert.equal(await page.locator('[data-test=overview-role]').innerText(), '消费者')
    assert.deepEqual(seen.errors, [])
  } finally {
    await context.close()
  }
})

test('a worker is greeted by her name and reads why she does not get a subsidy', async () => {
  const wt = await tokenOf('worker')
  const me = await (await api('GET', '/api/v1/me', null, wt)).json()
  const { context, page } = await newPage(browser, PHONE)
  const seen = watch(page)
  try {
    await loginTo(page, 'worker')
    assert.match(await page.locator('[data-test=greeting]').innerText(), new RegExp(me.user.worker_name))
    await page.goto('/console/subsidy/mine')
    await page.waitForSelector('[data-test=my-subsidy-missing]')
    const missing = await page.locator('[data-test=page-subsidy-mine]').innerText()
    assert.match(missing, /还差一个条件/)
    assert.doesNotMatch(missing, /worker\.|employment\.|paid\./)
    assert.deepEqual(await axe(page), [], 'my subsidies: axe critical/serious')
    assert.deepEqual(seen.errors, [])
  } finally {
    await context.close()
  }
})

test('an enterprise clerk sees her own enterprise and its staff count', async () => {
  const et = await tokenOf('enterprise')
  const me = await (await api('GET', '/api/v1/me', null, et)).json()
  const { context, page } = await newPage(browser)
  const seen = watch(page)
  try {
    await loginTo(page, 'enterprise')
    assert.equal(await page.locator('[data-test=user-name]').innerText(), me.user.organization_name)
    await page.goto('/console/enterprises')
    await page.waitForSelector('.el-table__row')
    const cells = await page.locator('.el-table__row').first().locator('td').allInnerTexts()
    assert.ok(cells.some((c) => /^\d+$/.test(c.trim())), `a staff count in ${cells}`)
    assert.deepEqual(seen.errors, [])
  } finally {
    await context.close()
  }
})

test('an official edits a rule with the structured editor on a phone', async () => {
  const { context, page } = await newPage(browser, PHONE)
  const seen = watch(page)
  try {
    await loginTo(page, 'admin')
    await page.goto('/console/subsidy/policies/internship_subsidy')
    await page.waitForSelector('[data-test=rule-form] [data-test=rule-row]')
    assert.deepEqual(await axe(page), [], 'rule editor: axe critical/serious')
    // "employment.months_worked >= 1" is the sixth condition: raise it to 2 months in the form.
    const rows = page.locator('[data-test=rule-row]')
    assert.ok((await rows.count()) >= 7)
    const value = page.locator('[data-test=rule-value-5-0] input')
    await value.fill('2')
    await value.press('Tab')
    await page.click('.el-tabs__item:has-text("TOML")')
    const source = await page.locator('textarea[data-test=rule-source], [data-test=rule-source] textarea').first().inputValue()
    assert.match(source, /"employment\.months_worked >= 2"/)
    await page.click('[data-test=rule-save]')
    await page.waitForSelector('.el-message--success')
    const saved = await (await api('GET', '/api/v1/policies/internship_subsidy', null, await tokenOf('admin'))).json()
    assert.match(saved.source, /employment\.months_worked >= 2/)
    const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }))
    assert.ok(scroll <= client, `rule editor is ${scroll}px wide in a ${client}px viewport`)
    assert.deepEqual(seen.errors, [])
  } finally {
    await context.close()
  }
})
