// The one fetch wrapper every API module goes through. It sends and reads JSON, carries the session
// cookie, sends Accept-Language matching the UI so server error messages come back in the same
// language, adds X-CSRF-Token on every non-GET request, and turns the server's
// {"error":{"code","message","field"}} into a thrown ApiError whose message is the server's message.
import { currentLocale, i18n } from '../i18n/index.js'

let csrfToken = ''

// The session store sets this from the login / me responses. The readable jz_csrf cookie is the
// fallback (e.g. right after a page reload, before /me answers).
export function setCsrfToken(token) {
  csrfToken = token || ''
}

function csrfFromCookie() {
  const m = document.cookie.match(/(?:^|;\s*)jz_csrf=([^;]*)/)
  return m ? decodeURIComponent(m[1]) : ''
}

let onUnauthorized = null

// Called with the ApiError when a request other than login / me answers 401 (session expired or
// revoked), so the app can clear the session and go to the login page.
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn
}

export class ApiError extends Error {
  constructor(message, { status = 0, code = '', field = '' } = {}) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
  }
}

// Builds "?a=1&b=2" from an object, leaving out empty values.
export function query(params = {}) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.append(k, String(v))
  }
  const s = q.toString()
  return s ? `?${s}` : ''
}

// `body` is sent as JSON, unless `contentType` is given: then it goes as it is (CSV text, an image Blob).
export async function request(method, path, body, contentType) {
  const headers = { Accept: 'application/json', 'Accept-Language': currentLocale() }
  const init = { method, headers, credentials: 'same-origin' }
  if (method !== 'GET' && method !== 'HEAD') {
    const token = csrfToken || csrfFromCookie()
    if (token) headers['X-CSRF-Token'] = token
  }
  if (body !== undefined && contentType) {
    headers['Content-Type'] = contentType
    init.body = body
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(body)
  }
  let res
  try {
    res = await fetch(path, init)
  } catch {
    throw new ApiError(i18n.global.t('common.networkError'), { code: 'network' })
  }
  if (res.status === 204) return null
  const text = await res.text()
  let data = null
  let parsed = true
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      parsed = false
    }
  }
  // A 2xx that is not JSON is not an API answer (e.g. a proxy's HTML page); do not pass it off as data.
  if (res.ok && !parsed) {
    throw new ApiError(i18n.global.t('common.requestFailed', { status: res.status }), { status: res.status, code: 'bad_response' })
  }
  if (!res.ok) {
    const err = (data && data.error) || {}
    const message = err.message || i18n.global.t('common.requestFailed', { status: res.status })
    const error = new ApiError(message, { status: res.status, code: err.code || '', field: err.field || '' })
    // Some answers list every problem (a form's fields, an import's rows): keep the whole body.
    error.body = data
    error.problems = err.problems || err.errors || (data && (data.problems || data.errors)) || []
    if (res.status === 401 && onUnauthorized && !path.startsWith('/api/v1/auth/') && !path.startsWith('/api/v1/me?') && path !== '/api/v1/me') {
      onUnauthorized(error)
    }
    throw error
  }
  return data
}

export const http = {
  get: (path, params) => request('GET', path + query(params)),
  post: (path, body) => request('POST', path, body),
  patch: (path, body) => request('PATCH', path, body),
  put: (path, body) => request('PUT', path, body),
  // A non-JSON body: CSV text, a photo.
  send: (method, path, body, contentType) => request(method, path, body, contentType),
  del: (path) => request('DELETE', path),
}
