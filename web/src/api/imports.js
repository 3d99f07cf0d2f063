// Bulk import of workers or enterprises from a spreadsheet. The file goes to the server as it is (CSV in UTF-8 or
// GBK, or XLSX): the server reads it; a dry run reports every bad row, and the first rows as read, writing nothing.
import { http, query } from './http.js'

// kind: workers | enterprises
const importPath = (kind, mode, dryRun) => `/api/v1/imports/${kind}${query({ mode, dry_run: dryRun ? 1 : undefined })}`

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

// file: a File (.csv or .xlsx). opts: { mode: all_or_nothing | good_rows_only, dryRun }
export const importFile = (kind, file, { mode, dryRun }) =>
  http.send('POST', importPath(kind, mode, dryRun), file, /\.xlsx$/i.test(file.name) ? XLSX_TYPE : 'text/csv')

export const templateUrl = (kind, ext) => `/api/v1/imports/${kind}/template.${ext}`
