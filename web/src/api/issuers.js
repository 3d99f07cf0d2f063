// Issuers (src/issuers): health-check providers (体检机构) and insurers (保险机构) registered by officials; the
// health checks and insurance policies they record; who asserted a worker's 脱贫/监测 flags.
import { http } from './http.js'

const enc = encodeURIComponent

export const listIssuers = () => http.get('/api/v1/issuers')
// { type: health_provider|insurer, name, uscc, division_code, username, password }
export const registerIssuer = (body) => http.post('/api/v1/issuers', body)

export const listHealthChecks = (page = 1) => http.get('/api/v1/health-checks', { page })
// { person: { id_number, name }, level, result, checked_on, valid_until?, report_no }
export const recordHealthCheck = (body) => http.post('/api/v1/health-checks', body)

export const listPolicies = (page = 1) => http.get('/api/v1/insurance-policies', { page })
export const recordPolicy = (body) => http.post('/api/v1/insurance-policies', body)
// { endorsement_no, effective_on, remove?: { id_number, name }, add?: { id_number, name } }
export const endorse = (id, body) => http.post(`/api/v1/insurance-policies/${enc(id)}/endorsements`, body)

export const flagAssertions = (workerId) => http.get(`/api/v1/workers/${enc(workerId)}/flag-assertions`)
export const assertFlag = (workerId, body) => http.post(`/api/v1/workers/${enc(workerId)}/flags`, body)
