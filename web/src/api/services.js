// Household services (家庭服务订单): orders, contracts, reviews of orders. See docs/services.md.
import { http, query } from './http.js'

const enc = encodeURIComponent
const order = (id, action = '') => `/api/v1/services/orders/${enc(id)}${action ? `/${action}` : ''}`

export const listedEnterprises = (prefecture) => http.get(`/api/v1/services/enterprises${query({ prefecture })}`)
// body: { enterprise_id, service_type, mode, county_code, starts_on, ends_on?, note? }
export const bookOrder = (body) => http.post('/api/v1/services/orders', body)
export const listOrders = (filters) => http.get(`/api/v1/services/orders${query(filters)}`)
export const getOrder = (id) => http.get(order(id))
export const orderAction = (id, action, body = {}) => http.post(order(id, action), body)
export const orderContracts = (id) => http.get(order(id, 'contracts'))
// body: { template: employee_based | intermediary, fields: {…} } → the contract with `warnings`
export const createContract = (id, body) => http.post(order(id, 'contracts'), body)
export const confirmContract = (id, digest) => http.post(`/api/v1/services/contracts/${enc(id)}/confirm`, { digest })
export const contractPdfUrl = (id) => `/api/v1/services/contracts/${enc(id)}/pdf`
export const reviewOrder = (id, body) => http.post(order(id, 'review'), body)
// Complaints about an order: the enterprise replies first (3 working days), then the order's 市州 officer decides.
export const orderComplaints = (id) => http.get(order(id, 'complaints'))
export const fileComplaint = (id, text) => http.post(order(id, 'complaints'), { text })
export const replyComplaint = (id, reply) => http.post(`/api/v1/services/complaints/${enc(id)}/reply`, { reply })
export const decideComplaint = (id, accept) => http.post(`/api/v1/services/complaints/${enc(id)}/decision`, { accept })
// The 居家上门服务证 card of a worker of the enterprise, as a PDF.
export const serviceCardUrl = (workerId) => `/api/v1/services/workers/${enc(workerId)}/card.pdf`
