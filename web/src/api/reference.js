// Reference data and validators: divisions, /validate.
import { http } from './http.js'

export const listDivisions = (parent) => http.get('/api/v1/divisions', { parent })
export const setKeySupportCounty = (code, value) =>
  http.patch(`/api/v1/divisions/${encodeURIComponent(code)}`, { is_key_support_county: value })
export const validate = (kind, value) => http.post('/api/v1/validate', { kind, value })
