// GET /api/v1/meta: the platform's name and the operator's site footer, fetched once per page load.
import { http } from './http.js'

let cached = null
export function meta() {
  if (!cached) cached = http.get('/api/v1/meta').catch(() => ({}))
  return cached
}
