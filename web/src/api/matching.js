// Supply and demand: job postings and the public feed, matches both ways with score components, contact
// requests, recruitment events, labour-transfer plans (docs/matching.md).
import { http, query } from './http.js'

const enc = encodeURIComponent

// Public: open postings; filters { prefecture, occupation, event_id, page, page_size }.
// The board reads the plain list; feed.json is a JSON Feed 1.1 for republishers.
export const jobFeed = (filters) => http.get('/api/v1/jobs', filters)
export const rssUrl = (filters = {}) => `/api/v1/jobs/feed.rss${query(filters)}`
// Console: { status: open|closed|all, mine: 1, prefecture, occupation }
export const listJobs = (filters) => http.get('/api/v1/jobs', filters)
export const getJob = (id) => http.get(`/api/v1/jobs/${enc(id)}`)
export const createJob = (body) => http.post('/api/v1/jobs', body)
export const updateJob = (id, body) => http.patch(`/api/v1/jobs/${enc(id)}`, body)
export const deleteJob = (id) => http.del(`/api/v1/jobs/${enc(id)}`)

// { items: [{ rank, score, components: { skill: { fit, weight, points } … }, region_reason, distance_km,
//   worker: { revealed, candidate, name, … (public_id and worker_id only when revealed) }, contact_status }],
//   eligible, took_ms, weights }
export const jobMatches = (id, k = 20) => http.get(`/api/v1/jobs/${enc(id)}/matches`, { k })
export const adhocMatch = (body, k = 20) => http.post(`/api/v1/match?k=${k}`, body)
export const workerJobs = (workerId, k = 20) => http.get(`/api/v1/workers/${enc(workerId)}/jobs`, { k })

// `candidate`: the handle a job's match list gives each candidate (her public id is not shown before she accepts).
export const requestContact = (jobId, candidate) => http.post(`/api/v1/jobs/${enc(jobId)}/contact-requests`, { candidate })
export const myContactRequests = () => http.get('/api/v1/me/contact-requests')
export const answerContact = (id, accept) => http.post(`/api/v1/contact-requests/${enc(id)}/answer`, { accept })

export const listEvents = (prefecture) => http.get('/api/v1/recruitment-events', { prefecture })
export const createEvent = (body) => http.post('/api/v1/recruitment-events', body)

export const listPlans = () => http.get('/api/v1/transfer-plans')
export const getPlan = (id) => http.get(`/api/v1/transfer-plans/${enc(id)}`)
// { name, base_id | prefecture, county, flag, job_ids, candidates_per_opening }
export const createPlan = (body) => http.post('/api/v1/transfer-plans', body)
export const approvePlan = (id) => http.post(`/api/v1/transfer-plans/${enc(id)}/approve`, {})

export const COMPONENTS = ['skill', 'credit', 'region', 'wage', 'experience', 'rating', 'priority']
