#!/usr/bin/env node
// Browser end-to-end tests: the entry point ctest calls, with cwd = web/.
//   JZ_SERVER_BINARY  path of the `jiazheng` binary (required)
//   JZ_SOURCE_DIR     repository root (default: the parent of web/)
//   JZ_CHROMIUM       browser to drive (default /usr/bin/chromium; never downloaded)
// Makes demo data in a temp dir, starts the server on a free port serving web/dist, waits for
// /readyz, runs `node --test e2e/*.test.mjs` with JZ_BASE_URL set, stops the server with SIGTERM and
// exits with the test runner's status.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const webDir = path.dirname(here)

function die(msg) {
  console.error(`e2e: ${msg}`)
  process.exit(2)
}

const binary = process.env.JZ_SERVER_BINARY
const sourceDir = path.resolve(process.env.JZ_SOURCE_DIR || path.dirname(webDir))
const chromium = process.env.JZ_CHROMIUM || '/usr/bin/chromium'
const distDir = path.join(sourceDir, 'web', 'dist')

if (!binary) die('JZ_SERVER_BINARY is not set (path of the jiazheng binary)')
if (!fs.existsSync(binary)) die(`server binary not found: ${binary}`)
if (!fs.existsSync(path.join(distDir, 'index.html'))) {
  die(`${distDir}/index.html is missing: build the web UI first (cd web && npm ci && npm run build)`)
}
if (!fs.existsSync(path.join(webDir, 'node_modules', 'playwright-core'))) {
  die('playwright-core is not installed: run `npm ci` in web/ (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1)')
}
if (!fs.existsSync(chromium)) die(`browser not found: ${chromium} (apt-get install chromium, or set JZ_CHROMIUM)`)

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jz-e2e-'))
const db = `sqlite:${path.join(tmp, 'e2e.db')}`
const keyDir = path.join(tmp, 'keys')
const serverLog = path.join(tmp, 'server.log')
let server = null
let serverExited = false

function tailLog() {
  try {
    const lines = fs.readFileSync(serverLog, 'utf8').trimEnd().split('\n')
    console.error(`--- last lines of ${serverLog} ---\n${lines.slice(-40).join('\n')}`)
  } catch {
    // no log
  }
}

async function stopServer() {
  if (!server || serverExited) return
  server.kill('SIGTERM')
  for (let i = 0; i < 100 && !serverExited; i++) await sleep(100)
  if (!serverExited) {
    console.error('e2e: server did not stop within 10 s of SIGTERM; killing it')
    server.kill('SIGKILL')
  }
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    await stopServer()
    process.exit(130)
  })
}

async function main() {
  console.log(`e2e: demo data in ${tmp}`)
  const demo = spawnSync(
    binary,
    ['demo-data', '--database', db, '--key-dir', keyDir, '--workers', '200', '--seed', '7'],
    { stdio: 'inherit', timeout: 300_000 },
  )
  if (demo.status !== 0) die(`demo-data failed (status ${demo.status}${demo.error ? `, ${demo.error.message}` : ''})`)

  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const logFd = fs.openSync(serverLog, 'a')
  server = spawn(
    binary,
    // --public-url: the certificates' QR codes and verify URLs point at this server.
    ['serve', '--listen', `127.0.0.1:${port}`, '--database', db, '--key-dir', keyDir, '--web-root', distDir, '--threads', '2',
      '--public-url', baseUrl],
    { stdio: ['ignore', logFd, logFd] },
  )
  server.on('exit', () => {
    serverExited = true
  })

  const deadline = Date.now() + 60_000
  let ready = false
  while (Date.now() < deadline && !serverExited) {
    try {
      const res = await fetch(`${baseUrl}/readyz`)
      if (res.status === 200) {
        ready = true
        break
      }
    } catch {
      // not listening yet
    }
    await sleep(200)
  }
  if (!ready) {
    tailLog()
    await stopServer()
    die(serverExited ? 'server exited before it was ready' : 'server not ready within 60 s')
  }
  console.log(`e2e: server ready at ${baseUrl}`)

  const files = fs
    .readdirSync(here)
    .filter((f) => f.endsWith('.test.mjs'))
    // JZ_E2E_ONLY=verify,subsidy runs only those files (while working on them); JZ_E2E_FILES=a.test.mjs,b.test.mjs
    // the same by file name; unset: all of them.
    .filter((f) => !process.env.JZ_E2E_ONLY || process.env.JZ_E2E_ONLY.split(',').includes(f.replace('.test.mjs', '')))
    .filter((f) => !process.env.JZ_E2E_FILES || process.env.JZ_E2E_FILES.split(',').includes(f))
    .sort()
    .map((f) => path.join('e2e', f))
  const runner = spawn(process.execPath, ['--test', '--test-concurrency=1', ...files], {
    cwd: webDir,
    stdio: 'inherit',
    env: { ...process.env, JZ_BASE_URL: baseUrl, JZ_SOURCE_DIR: sourceDir, JZ_CHROMIUM: chromium, JZ_SERVER_LOG: serverLog },
  })
  const status = await new Promise((resolve) => runner.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))))

  if (serverExited) console.error('e2e: the server exited while the tests ran')
  await stopServer()
  if (status !== 0) {
    tailLog()
    console.error(`e2e: tests failed; temp dir kept: ${tmp}`)
  } else {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
  process.exit(status)
}

main().catch(async (e) => {
  console.error(e)
  await stopServer()
  process.exit(2)
})
