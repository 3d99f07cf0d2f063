// Training (培训): course catalogue, enrolment, the unit player's study sessions, quiz, certificates, the
// 14万人次 target, the willingness survey (摸底调查) and targeted offers. See docs/training.md.
import { http } from './http.js'

const enc = encodeURIComponent

// filters: { occupation, prefecture, mode, q, institution_id, page, page_size }
export const listCourses = (filters) => http.get('/api/v1/training/courses', filters)
export const getCourse = (id) => http.get(`/api/v1/training/courses/${enc(id)}`)
export const createCourse = (body) => http.post('/api/v1/training/courses', body)
// {} for the worker herself; { worker_ids, cohort } for an enterprise or an official.
export const enrol = (courseId, body = {}) => http.post(`/api/v1/training/courses/${enc(courseId)}/enrolments`, body)
export const myEnrolments = () => http.get('/api/v1/training/me/enrolments')
export const getEnrolment = (id) => http.get(`/api/v1/training/enrolments/${enc(id)}`)
export const institutionEnrolments = (filters) => http.get('/api/v1/training/institution/enrolments', filters)
// The institution's courses, by id: those in its enrolments and the `known` ones (a course it has just created has
// none yet). The account's institution id is not in the session, and the catalogue lists every institution's.
export async function institutionCourses(known = []) {
  const all = await institutionEnrolments({ page_size: 100 })
  const seen = new Map(known.map((c) => [c.id, c]))
  for (const e of all.items) seen.set(e.course.id, e.course)
  return [...seen.values()].sort((a, b) => a.id - b.id)
}

// The unit player: open starts a server-timed session; heartbeats carry nothing the server counts.
// part (1-based): the part to study; without it the server opens the first not done.
export const openUnit = (enrolmentId, unitId, part) =>
  http.post(`/api/v1/training/enrolments/${enc(enrolmentId)}/units/${enc(unitId)}/open`, part ? { part } : {})
export const heartbeat = (sessionId, event = 'progress') =>
  http.post(`/api/v1/training/sessions/${enc(sessionId)}/heartbeat`, { event })
export const recordAttendance = (enrolmentId, unitId) =>
  http.post(`/api/v1/training/enrolments/${enc(enrolmentId)}/units/${enc(unitId)}/attendance`, {})
export const assess = (enrolmentId, score) => http.post(`/api/v1/training/enrolments/${enc(enrolmentId)}/assessment`, { score })
export const getQuiz = (enrolmentId) => http.get(`/api/v1/training/enrolments/${enc(enrolmentId)}/quiz`)
export const submitQuiz = (enrolmentId, answers) => http.post(`/api/v1/training/enrolments/${enc(enrolmentId)}/quiz`, { answers })

export const getTrainingCertificate = (serial) => http.get(`/api/v1/training/certificates/${enc(serial)}`)

// period: YYYY or YYYY-MM
export const getProgress = (period) => http.get('/api/v1/training/progress', { period })
export const setTargets = (period, targets) => http.put('/api/v1/training/targets', { period, targets })

export const submitSurvey = (body) => http.post('/api/v1/training/surveys', body)
export const listSurveys = (filters) => http.get('/api/v1/training/surveys', filters)
export const listOffers = () => http.get('/api/v1/training/offers')

export const listCompetitions = () => http.get('/api/v1/training/competitions')
