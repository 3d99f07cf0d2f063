// The verify page a household opens from a certificate's QR code shows the photo the certificate was issued
// with (served by the certificate's token), on a phone; after her enterprise renames her and swaps the photo,
// the same page is red and shows no photo.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useBrowser, newPage, BASE, PASSWORD } from './helpers.mjs'

const browser = useBrowser()

// A real 2×2 PNG (so the browser decodes it: naturalWidth > 0), and a different one.
const PNG_A = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4IScHRAwQCgAfJgQRoo8irwAAAABJRU5ErkJggg==',
  'base64',
)
const PNG_B = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGOQkzsBRAwQCgAZ1gQRShBSHAAAAABJRU5ErkJggg==',
  'base64',
)

async function api(token, method, path, body, type = 'application/json') {
  const res = await fetch(new URL(path, BASE), {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': type } : {}) },
    body: body ? (type === 'application/json' ? JSON.stringify(body) : body) : undefined,
  })
  const text = await res.text()
  return { status: res.status, json: text && type === 'application/json' && text.startsWith('{') ? JSON.parse(text) : null, text }
}

async function tokenOf(username) {
  const res = await fetch(new URL('/api/v1/auth/login', BASE), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  })
  assert.equal(res.status, 200, `login ${username}`)
  return (await res.json()).token
}

test('the verify page shows the certificate photo on a phone, and not after the identity changed', async () => {
  const admin = await tokenOf('admin')
  const enterprise = await tokenOf('enterprise')
  const list = await api(enterprise, 'GET', '/api/v1/workers?page_size=100')
  const worker = list.json.items.find((w) => w.identity_status === 'verified')
  assert.ok(worker, 'a verified worker of the demo enterprise')
  // A photo, an official's identity check (a new photo needs one), then the certificate.
  assert.equal((await api(admin, 'PUT', `/api/v1/workers/${worker.id}/photo`, PNG_A, 'image/png')).status, 204)
  const today = new Date().toISOString().slice(0, 10)
  const check = await api(admin, 'POST', `/api/v1/workers/${worker.id}/credit-entries`, {
    kind: 'identity_verification', occurred_on: today, details: { status: 'verified', method: 'document_check' },
  })
  assert.equal(check.status, 201, check.text)
  const cert = await api(enterprise, 'POST', `/api/v1/workers/${worker.id}/certificates`, {})
  assert.equal(cert.status, 201, cert.text)

  const { context, page } = await newPage(browser, { width: 360, height: 740 })
  const problems = []
  // Every failed request but the browser's own favicon probe (the server-rendered page links none), and any
  // script error.
  page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && problems.push(`${r.status()} ${r.url()}`))
  page.on('pageerror', (e) => problems.push(String(e)))
  try {
    await page.goto(`/v/${cert.json.token}`)
    const img = page.locator('[data-test=photo]')
    await img.waitFor()
    assert.equal(await img.getAttribute('src'), `/api/v1/verify/${cert.json.token}/photo`)
    // Decoded and drawn, inside the phone's width, with no horizontal scrolling.
    const drawn = await img.evaluate((el) => el.complete && el.naturalWidth > 0 && el.getBoundingClientRect().right <= 360)
    assert.ok(drawn, 'the photo is shown')
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no horizontal overflow')
    assert.equal(await page.locator('[data-result]').getAttribute('data-result'), 'valid')

    // Her enterprise renames her and swaps the photo: the same page turns red and shows no photo.
    assert.equal((await api(enterprise, 'PATCH', `/api/v1/workers/${worker.id}`, { name: '王小明' })).status, 200)
    assert.equal((await api(enterprise, 'PUT', `/api/v1/workers/${worker.id}/photo`, PNG_B, 'image/png')).status, 204)
    assert.equal((await api(enterprise, 'POST', `/api/v1/workers/${worker.id}/certificates`, {})).status, 409)
    await page.goto(`/v/${cert.json.token}`)
    await page.waitForSelector('[data-light]')
    assert.equal(await page.locator('[data-light]').getAttribute('data-light'), 'red')
    assert.equal(await page.locator('[data-test=photo]').count(), 0)
    assert.equal(await page.locator('[data-test=no-photo]').count(), 1)
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})
