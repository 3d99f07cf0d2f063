// Credit file (信用档案): entries, score, reviews, complaints, disputes, reminders, who viewed me.
import { http, query } from './http.js'

const enc = encodeURIComponent

export const listCreditEntries = (workerId, filters) => http.get(`/api/v1/workers/${enc(workerId)}/credit-entries`, filters)
// body: { kind, occurred_on, valid_until?, details: {…kind-specific}, evidence? }; the server sets the source
export const addCreditEntry = (workerId, body) => http.post(`/api/v1/workers/${enc(workerId)}/credit-entries`, body)
// { score, band, band_label, components: [{ key, label_zh, label_en, points, explanation, records: [entry] }] }
export const getCredit = (workerId) => http.get(`/api/v1/workers/${enc(workerId)}/credit`)

export const listReviews = (workerId, filters) => http.get(`/api/v1/workers/${enc(workerId)}/reviews`, filters)

// filters: { status, page, page_size }
export const listComplaints = (filters) => http.get('/api/v1/complaints', filters)
export const transitionComplaint = (id, body) => http.post(`/api/v1/complaints/${enc(id)}/transition`, body)

// status: open (default) | accepted | rejected | all
export const listDisputes = (filters) => http.get('/api/v1/disputes', filters)
// The worker contests one of her entries.
export const openDispute = (entryId, reason) => http.post(`/api/v1/credit-entries/${enc(entryId)}/disputes`, { reason })
// accept: true → the entry is withdrawn; false → it is active again.
export const resolveDispute = (id, accept, resolution) => http.post(`/api/v1/disputes/${enc(id)}/resolve`, { accept, resolution })
export const entryHistory = (entryId) => http.get(`/api/v1/credit-entries/${enc(entryId)}/history`)

// Health checks, certificates and listings that run out within 30, 60 or 90 days.
export const listReminders = (within) => http.get(`/api/v1/reminders${query({ within })}`)

// Who looked at the logged-in worker's record.
export const myViewers = (filters) => http.get('/api/v1/me/viewers', filters)

// Kept here for existing callers: the public certificate lookup lives in verify.js.
export { getCertificate } from './verify.js'

// A household's feedback on a worker it had at home. `worker` is her public id (from the certificate it
// scanned) or her number. body: { skill, attitude, punctuality, hygiene (1–5), text }
// A complaint names one of the household's orders this worker served (its service started).
export const fileComplaint = (worker, orderId, text) => http.post(`/api/v1/workers/${enc(worker)}/complaints`, { order_id: orderId, text })
// The logged-in household's complaints with their status and findings.
export const myComplaints = (filters) => http.get('/api/v1/me/complaints', filters)
