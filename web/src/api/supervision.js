// Supervision (监管): the province's dashboard figures. See docs/supervision.md.
import { http } from './http.js'

// { period: 'YYYY' | 'YYYY-Qn' | 'YYYY-MM' } or { from, to }; prefecture: a 市州 code for its counties.
export const getDashboard = (params) => http.get('/api/v1/supervision/dashboard', params)

// Account management (province admin: all; city officer: her 市州's enterprise, institution, worker accounts).
export const listAccounts = (params) => http.get('/api/v1/accounts', params)
export const createAccount = (body) => http.post('/api/v1/accounts', body)
export const updateAccount = (id, body) => http.put(`/api/v1/accounts/${encodeURIComponent(id)}`, body)
export const disableAccount = (id) => http.post(`/api/v1/accounts/${encodeURIComponent(id)}/disable`, {})
export const enableAccount = (id) => http.post(`/api/v1/accounts/${encodeURIComponent(id)}/enable`, {})
export const resetPassword = (id) => http.post(`/api/v1/accounts/${encodeURIComponent(id)}/password-reset`, {})
export const loginLog = (params) => http.get('/api/v1/accounts/logins', params)
