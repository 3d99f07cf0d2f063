// The logged-in user, as a tiny reactive store (no Pinia). `ready` resolves once GET /api/v1/me has
// answered at start-up, so route guards can wait for the session to be restored.
import { reactive, readonly } from 'vue'
import * as auth from '../api/auth.js'
import { setCsrfToken } from '../api/http.js'

const state = reactive({ user: null, loaded: false })

function apply(data) {
  state.user = (data && data.user) || null
  setCsrfToken(data && data.csrf_token)
}

let readyPromise = null

// Restores the session from the cookie. A 401 simply means "not logged in".
export function restore() {
  if (!readyPromise) {
    readyPromise = auth
      .me()
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
