// Audit log (province_admin only).
import { http } from './http.js'

// filters: { actor, action, object_type, from, to, page, page_size }
export const listAudit = (filters) => http.get('/api/v1/audit', filters)
