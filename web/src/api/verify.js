// Service certificates (居家上门服务证) and 家政信用查. Lookups by serial or token need no login.
import { http } from './http.js'

const enc = encodeURIComponent

export const issueCertificate = (workerId, body = {}) => http.post(`/api/v1/workers/${enc(workerId)}/certificates`, body)
export const listWorkerCertificates = (workerId) => http.get(`/api/v1/workers/${enc(workerId)}/certificates`)
export const getCertificate = (serial) => http.get(`/api/v1/certificates/${enc(serial)}`)
export const revokeCertificate = (serial, reason) => http.post(`/api/v1/certificates/${enc(serial)}/revoke`, { reason })
export const certificateQrUrl = (serial) => `/api/v1/certificates/${enc(serial)}/qr.png`
// { result: valid | forged | expired | revoked, profile, status_light: { color, reasons } }
export const verifyToken = (token) => http.get(`/api/v1/verify/${enc(token)}`)
