// Registry (登记): workers, enterprises, labour brands, transfer bases, institutions, service points.
// Lists take { page, page_size, … } and answer { items, total }; ID numbers and phones come back masked.
import { http, query } from './http.js'

const enc = encodeURIComponent

// filters: { prefecture, county, occupation, flag, q, page, page_size }
export const listWorkers = (filters) => http.get('/api/v1/workers', filters)
export const getWorker = (id) => http.get(`/api/v1/workers/${enc(id)}`)
export const createWorker = (body) => http.post('/api/v1/workers', body)
export const updateWorker = (id, body) => http.patch(`/api/v1/workers/${enc(id)}`, body)
// The logged-in worker's own record.
export const myWorker = () => http.get('/api/v1/workers/me')
export const uploadWorkerPhoto = (id, file) =>
  http.send('PUT', `/api/v1/workers/${enc(id)}/photo`, file, file.type || 'image/jpeg')

// Spreadsheet export of the workers the caller may see, with the list's filters.
export const workersExportUrl = (ext, filters = {}) => `/api/v1/workers/export.${ext}${query(filters)}`

export const listEnterprises = (filters) => http.get('/api/v1/enterprises', filters)
export const getEnterprise = (id) => http.get(`/api/v1/enterprises/${enc(id)}`)
export const createEnterprise = (body) => http.post('/api/v1/enterprises', body)
export const updateEnterprise = (id, body) => http.patch(`/api/v1/enterprises/${enc(id)}`, body)
// Listing on the provincial integrity platform: { status: applied | approved | suspended }.
export const setListing = (id, body) => http.post(`/api/v1/enterprises/${enc(id)}/listing`, body)

export const listBrands = () => http.get('/api/v1/labour-brands')
export const getBrand = (id) => http.get(`/api/v1/labour-brands/${enc(id)}`)

export const listTransferBases = (filters) => http.get('/api/v1/transfer-bases', filters)
export const listInstitutions = (filters) => http.get('/api/v1/institutions', filters)
export const listServicePoints = (filters) => http.get('/api/v1/service-points', filters)
// The public directories (names, divisions, addresses), open to every role.
export const listPublicInstitutions = (filters) => http.get('/api/v1/public/institutions', filters)
export const listPublicServicePoints = (filters) => http.get('/api/v1/public/service-points', filters)
export const listPublicEnterprises = (filters) => http.get('/api/v1/public/enterprises', filters)

export const listOccupations = () => http.get('/api/v1/occupations')
