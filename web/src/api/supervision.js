// Supervision (监管): the province's dashboard figures. See docs/supervision.md.
import { http } from './http.js'

// { period: 'YYYY' | 'YYYY-Qn' | 'YYYY-MM' } or { from, to }; prefecture: a 市州 code for its counties.
export const getDashboard = (params) => http.get('/api/v1/supervision/dashboard', params)
