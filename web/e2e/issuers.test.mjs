// Issuers in the browser on a phone (360×740): the health-check provider records a worker's check by her ID
// card, and the household's verify page shows it — the level checked and its validity — with the light green
// once an insurer's policy is on record too. The set-up (a new worker, her identity check, her certificate, the
// policy) goes through the API as the roles that do it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useBrowser, assertFits, newPage, login, pickOption, BASE, PASSWORD, randomIdNumber, maskName, watch, axe } from './helpers.mjs'

const browser = useBrowser()

const tokens = {}
async function api(user, method, path, body) {
  if (!tokens[user]) {
    const r = await fetch(`${BASE}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: user, password: PASSWORD }),
    })
    assert.equal(r.status, 200, `login ${user}`)
    tokens[user] = (await r.json()).token
  }
  const r = await fetch(`${BASE}${path}`, {
    method,
    headers: { Authorization: `Bearer ${tokens[user]}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await r.text()
  return { status: r.status, json: text ? JSON.parse(text) : null, text }
}

const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10)

test('a health-check provider records a check on a phone and the verify page shows it', async () => {
  const name = '马秀兰'
  const idNumber = randomIdNumber('620102')
  const created = await api('enterprise', 'POST', '/api/v1/workers', {
    name, id_number: idNumber, current_division_code: '620102', occupations: [{ code: 'elderly_care', level: 2 }],
  })
  assert.equal(created.status, 201, created.text)
  const worker = created.json.id
  const idv = await api('admin', 'POST', `/api/v1/workers/${worker}/credit-entries`, {
    kind: 'identity_verification', occurred_on: day(-5), details: { status: 'verified', method: 'document_check' },
  })
  assert.equal(idv.status, 201, idv.text)
  const policy = await api('insurer', 'POST', '/api/v1/insurance-policies', {
    policy_no: `E2E-${Date.now()}`, product: '家政服务人员意外险', type: 'accident', limit_per_person: 300000, premium: 100,
    paid_by: 'enterprise', starts_on: day(-10), ends_on: day(300), insured: [{ id_number: idNumber, name }],
  })
  assert.equal(policy.status, 201, policy.text)
  const cert = await api('enterprise', 'POST', `/api/v1/workers/${worker}/certificates`)
  assert.equal(cert.status, 201, cert.text)

  const { context, page } = await newPage(browser, { width: 360, height: 740 })
  const errors = []
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
  try {
    // Before the provider's record the household sees no health check in date, and a yellow light.
    await page.goto(`/v/${cert.json.token}`)
    assert.equal(await page.getAttribute('[data-light]', 'data-light'), 'yellow')

    await login(page, 'clinic')
    await page.waitForSelector('[data-test=page-overview]')
    await page.goto('/console/health-checks')
    await page.waitForSelector('[data-test=page-health-checks]')
    await page.fill('[data-test=hc-id-number]', idNumber)
    await page.fill('[data-test=hc-name]', name)
    await pickOption(page, 'hc-level', '养老照护')
    await page.fill('[data-test=hc-checked-on]', day(-1))
    await page.fill('[data-test=hc-report-no]', `TJ-E2E-${Date.now()}`)
    await page.click('[data-test=hc-submit]')
    const done = await page.waitForSelector('[data-test=hc-done]')
    assert.match(await done.innerText(), new RegExp(maskName(name).replace('*', '\\*')))
    await page.waitForSelector(`[data-test=hc-list] >> text=${maskName(name)}`)
    await assertFits(page)

    // The verify page (server-rendered, what the QR code opens) now shows the check and turns green.
    await page.goto(`/v/${cert.json.token}`)
    assert.equal(await page.getAttribute('[data-light]', 'data-light'), 'green')
    const body = await page.locator('body').innerText()
    assert.match(body, /养老照护/)
    assert.match(body, new RegExp(`有效期至 ${day(364)}`))
    assert.deepEqual(errors, [])
  } finally {
    await context.close()
  }
})

test('an enterprise declares a worker 脱贫 and it stays a claim until the 市州 officer confirms it on her phone', async () => {
  const created = await api('enterprise', 'POST', '/api/v1/workers', {
    name: '李春花', id_number: randomIdNumber('620102'), current_division_code: '620102',
    occupations: [{ code: 'housekeeping', level: 1 }],
  })
  assert.equal(created.status, 201, created.text)
  const worker = created.json.id
  // Each account on its own phone: a fresh browser context, 360×740.
  async function asUser(user, steps) {
    const { context, page } = await newPage(browser, { width: 360, height: 740 })
    const seen = watch(page)
    try {
      await login(page, user)
      await page.waitForSelector('[data-test=page-overview]')
      await page.goto(`/console/workers/${worker}`)
      await page.waitForSelector('[data-test=flag-panel]')
      await steps(page)
      await assertFits(page)
      assert.deepEqual(await axe(page), [], `worker page with the flag panel (${user}): axe critical/serious`)
      assert.deepEqual(seen.errors, [])
    } finally {
      await context.close()
    }
  }
  // The enterprise declares: a claim, marked as awaiting verification, with who can verify it.
  await asUser('enterprise', async (page) => {
    await page.click('[data-test=flag-edit-poverty_alleviated]')
    await page.fill('[data-test=flag-panel] [data-test=flag-evidence]', '本人提供脱贫户登记卡')
    await page.click('[data-test=flag-yes]')
    await page.waitForSelector('[data-test=flag-poverty_alleviated] [data-test=flag-claim]')
    assert.match(await page.locator('[data-test=flag-poverty_alleviated]').innerText(), /待核实/)
  })
  let flags = await api('admin', 'GET', `/api/v1/workers/${worker}/flag-assertions`)
  assert.equal(flags.json.verified.poverty_alleviated, false)
  // The 兰州 officer confirms it against the monitoring list: now it is an independent fact.
  await asUser('lanzhou', async (page) => {
    await page.waitForSelector('[data-test=flag-poverty_alleviated] [data-test=flag-claim]')
    await page.click('[data-test=flag-edit-poverty_alleviated]')
    await page.fill('[data-test=flag-panel] [data-test=flag-evidence]', '2026年防返贫监测名单')
    await page.click('[data-test=flag-yes]')
    await page.waitForSelector('[data-test=flag-poverty_alleviated] [data-test=flag-verified]')
  })
  flags = await api('admin', 'GET', `/api/v1/workers/${worker}/flag-assertions`)
  assert.equal(flags.json.verified.poverty_alleviated, true)
  assert.equal(flags.json.items[0].asserted_by.role, 'city_officer')
})
