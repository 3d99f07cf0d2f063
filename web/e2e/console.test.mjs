// Login, role menus, language switch, access denial and the reference pages, through the real server.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useBrowser, withPage, newPage, login, ROLES, MENU, ALL_MENU, openMenu } from './helpers.mjs'

const browser = useBrowser()

for (const [username, role] of Object.entries(ROLES)) {
  test(`${username} (${role}) sees exactly the menu of that role`, async () => {
    const { context, page } = await newPage(browser)
    try {
      await login(page, username)
      await page.waitForURL(/\/console$/)
      await page.waitForSelector('[data-test=page-overview]')
      for (const key of ALL_MENU) {
        const n = await page.locator(`[data-test=side-menu] [data-test=menu-${key}]`).count()
        assert.equal(n, MENU[role].includes(key) ? 1 : 0, `menu-${key} for ${role}`)
      }
      const roleLabel = await page.locator('[data-test=user-role]').innerText()
      assert.ok(roleLabel.trim().length > 0)
      await page.click('[data-test=logout]')
      await page.waitForURL(/\/login/)
    } finally {
      await context.close()
    }
  })
}

test('the console switches to English', async () => {
  await withPage(browser, async (page) => {
    await login(page, 'admin')
    await page.waitForSelector('[data-test=page-overview]')
    assert.equal((await page.locator('[data-test=menu-divisions]').innerText()).trim(), '行政区划')
    await page.click('[data-test=lang-switch]')
    await page.waitForFunction(() => document.querySelector('[data-test=menu-divisions]')?.textContent.trim() === 'Divisions')
    assert.equal((await page.locator('[data-test=user-role]').innerText()).trim(), 'Provincial administrator')
  })
})

test('an enterprise gets the 403 page for the audit log', async () => {
  await withPage(browser, async (page) => {
    await login(page, 'enterprise')
    await page.waitForSelector('[data-test=page-overview]')
    await page.goto('/console/audit')
    await page.waitForSelector('[data-test=page-403]')
    assert.ok(page.url().endsWith('/403'))
  })
})

test('a wrong password shows the server message', async () => {
  await withPage(browser, async (page) => {
    await login(page, 'consumer', 'not-the-password')
    const err = page.locator('[data-test=login-error]')
    await err.waitFor()
    assert.equal((await err.innerText()).trim(), '用户名或密码错误')
    assert.ok(page.url().endsWith('/login'))
    // In English the server answers in English (Accept-Language follows the UI).
    await page.click('[data-test=lang-switch]')
    await page.click('[data-test=login-submit]')
    await page.waitForFunction(() => document.querySelector('[data-test=login-error]')?.textContent.trim() === 'Wrong username or password')
  })
})

test('divisions: 14 prefectures, counties on click', async () => {
  await withPage(browser, async (page) => {
    await login(page, 'admin')
    await page.waitForSelector('[data-test=page-overview]')
    await openMenu(page, 'divisions')
    const rows = page.locator('[data-test=cities-table] .el-table__body tr')
    await page.waitForFunction(() => document.querySelectorAll('[data-test=cities-table] .el-table__body tr').length === 14)
    await rows.filter({ hasText: '6201' }).first().click()
    await page.waitForFunction(() => document.querySelectorAll('[data-test=counties-table] .el-table__body tr').length > 0)
    const chengguan = page.locator('[data-test=counties-table] .el-table__body tr', { hasText: '620102' })
    assert.match(await chengguan.innerText(), /城关区[\s\S]*县区/)
    // The province administrator flips the key-support flag and back; the switch follows the server.
    const sw = page.locator('[data-test=key-support-620102]')
    const before = await sw.evaluate((el) => el.classList.contains('is-checked'))
    await sw.click()
    await page.waitForFunction((b) => document.querySelector('[data-test=key-support-620102]').classList.contains('is-checked') !== b, before)
    await sw.click()
    await page.waitForFunction((b) => document.querySelector('[data-test=key-support-620102]').classList.contains('is-checked') === b, before)
    assert.equal(await page.locator('[data-test=divisions-error]').count(), 0)
  })
})

test('validators: a valid ID number shows its birth date', async () => {
  await withPage(browser, async (page) => {
    await login(page, 'enterprise')
    await page.waitForSelector('[data-test=page-overview]')
    await openMenu(page, 'validate')
    // GB 11643 example number: born 1949-12-31, female.
    await page.fill('[data-test=validate-value]', '11010519491231002X')
    await page.click('[data-test=validate-submit]')
    await page.waitForSelector('[data-test=validate-valid]')
    assert.equal((await page.locator('[data-test=derived-birth_date]').innerText()).trim(), '1949-12-31')
    await page.fill('[data-test=validate-value]', '110105194912310021')
    await page.click('[data-test=validate-submit]')
    await page.waitForSelector('[data-test=validate-invalid]')
  })
})

test('audit log loads for the province administrator', async () => {
  await withPage(browser, async (page) => {
    await login(page, 'admin')
    await page.waitForSelector('[data-test=page-overview]')
    await openMenu(page, 'audit')
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-test=audit-total]')?.textContent || ''))
    assert.equal(await page.locator('[data-test=audit-error]').count(), 0)
  })
})
