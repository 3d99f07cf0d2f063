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

// The thirteen measures' task board. params: { department, overdue }.
export const getMeasures = (params) => http.get('/api/v1/supervision/measures', params)
export const createTask = (measure, body) => http.post(`/api/v1/supervision/measures/${encodeURIComponent(measure)}/tasks`, body)
export const getTask = (id) => http.get(`/api/v1/supervision/tasks/${encodeURIComponent(id)}`)
export const updateTask = (id, body) => http.put(`/api/v1/supervision/tasks/${encodeURIComponent(id)}`, body)
export const reportProgress = (id, body) => http.post(`/api/v1/supervision/tasks/${encodeURIComponent(id)}/progress`, body)
// The file itself as the body (PDF, JPEG or PNG, at most 2 MB).
export const uploadEvidence = (id, file) =>
  http.send('POST', `/api/v1/supervision/tasks/${encodeURIComponent(id)}/files?name=${encodeURIComponent(file.name)}`, file, 'application/octet-stream')
export const evidenceUrl = (taskId, fileId) => `/api/v1/supervision/tasks/${encodeURIComponent(taskId)}/files/${encodeURIComponent(fileId)}`

// Pain points (堵点难点): { period, prefecture }.
export const getPainPoints = (params) => http.get('/api/v1/supervision/painpoints', params)
