// Subsidies paid without application (免申预付): policies and their rule versions, simulation, one worker's
// subsidies, payment batches (maker–checker), the bank payment file and the bank's result.
import { http, query, ApiError } from './http.js'
import { currentLocale } from '../i18n/index.js'

const enc = encodeURIComponent

export const listPolicies = () => http.get('/api/v1/policies')
// { policy_id, version, name, source (TOML), versions: [{ version, created_by, created_at }] }
export const getPolicy = (id) => http.get(`/api/v1/policies/${enc(id)}`)
// A new version; a rule that does not check throws ApiError with code subsidy_rule_invalid (see savePolicyRaw).
export const savePolicy = (id, source) => http.put(`/api/v1/policies/${enc(id)}`, { source })
// params: { period, prefecture, sample }
export const simulate = (id, params) => http.post(`/api/v1/policies/${enc(id)}/simulate${query(params)}`, {})
export const workerSubsidies = (workerId, period) => http.get(`/api/v1/workers/${enc(workerId)}/subsidies`, { period })

export const listBatches = () => http.get('/api/v1/subsidy/batches')
export const getBatch = (id) => http.get(`/api/v1/subsidy/batches/${enc(id)}`)
// The Idempotency-Key makes a retried click return the same batch instead of a second one. http.js has no
// per-request headers, so this one call is made here (same CSRF cookie, language and error shape).
export async function createBatch(body, idempotencyKey) {
  const m = document.cookie.match(/(?:^|;\s*)jz_csrf=([^;]*)/)
  const res = await fetch('/api/v1/subsidy/batches', {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      'Accept-Language': currentLocale(),
      'Idempotency-Key': idempotencyKey,
      ...(m ? { 'X-CSRF-Token': decodeURIComponent(m[1]) } : {}),
    },
    body: JSON.stringify(body),
  })
  const data = await res.json().catch(() => null)
  if (!res.ok) {
    const e = (data && data.error) || {}
    throw new ApiError(e.message || res.statusText, { status: res.status, code: e.code || '', field: e.field || '' })
  }
  return data
}
export const approveBatch = (id, totalYuan) => http.post(`/api/v1/subsidy/batches/${enc(id)}/approve`, { total_yuan: totalYuan })
export const rejectBatch = (id, reason) => http.post(`/api/v1/subsidy/batches/${enc(id)}/reject`, { reason })
// The bank file layouts (data/banks/*.toml): [{ id, name, bank, encoding, columns, total_record, confirmed }]
export const bankProfiles = async () => (await http.get('/api/v1/subsidy/bank-profiles')).profiles
export const paymentFileUrl = (id, format, bank) =>
  `/api/v1/subsidy/batches/${enc(id)}/payment-file${query({ format, bank })}`
// The bank's result file as the bank sent it (CSV in GBK or UTF-8, or XLSX): sent as is, read with the profile.
export const importBankResult = (id, file, bank) =>
  http.send('POST', `/api/v1/subsidy/batches/${enc(id)}/bank-result${query({ bank })}`, file, file.type || 'text/csv')
// The maker closes her own pending batch; its people become free for another batch.
export const withdrawBatch = (id, reason) => http.post(`/api/v1/subsidy/batches/${enc(id)}/withdraw`, { reason })
