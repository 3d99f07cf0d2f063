// The logged-in user, as a tiny reactive store (no Pinia). `ready` resolves once GET /api/v1/me has
// answered at start-up, so route guards can wait for the session to be restored.
import { reactive, readonly } from 'vue'
import * as auth from '../api/auth.js'
import { setCsrfToken } from '../api/http.js'
import { forgetOfflineCard } from '../utils/offlineCard.js'

const state = reactive({ user: null, loaded: false })

function apply(data) {
  state.user = (data && data.user) || null
  setCsrfToken(data && data.csrf_token)
}

let readyPromise = null

// A logged-in browser holds the readable jz_csrf cookie next to the HttpOnly session cookie. Without it
// there is no session to restore, so a visitor's page never calls /api/v1/me (and never logs its 401).
function mayHaveSession() {
  return typeof document !== 'undefined' && /(?:^|;\s*)jz_csrf=[^;]/.test(document.cookie)
}

// Restores the session from the cookie. A 401 simply means "not logged in".
export function restore() {
  if (!readyPromise) {
    readyPromise = (mayHaveSession() ? auth.me() : Promise.resolve(null))
      .then(apply)
      .catch(() => apply(null))
      .finally(() => {
        state.loaded = true
      })
  }
  return readyPromise
}

export async function login(username, password) {
  const data = await auth.login(username, password)
  apply(data)
  state.loaded = true
  return state.user
}

export async function logout() {
  try {
    await auth.logout()
  } finally {
    apply(null)
    forgetOfflineCard()
  }
}

// The user has replaced a one-time password: the console opens again.
export function passwordChanged() {
  if (state.user) state.user.must_change_password = false
}

// Drops the session locally, e.g. when the server says it has expired.
export function forget() {
  apply(null)
}

export const session = readonly(state)
