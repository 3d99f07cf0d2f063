// Credit file and certificates (家政信用查). The public lookup needs no login.
import { http } from './http.js'

export const getCertificate = (serial) => http.get(`/api/v1/certificates/${encodeURIComponent(serial)}`)
