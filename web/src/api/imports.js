// Bulk import of workers or enterprises from a spreadsheet. The browser turns XLSX into rows of cells and
// sends them as JSON (CSV goes as it is); a dry run reports every bad row without writing anything.
import { http, query } from './http.js'

// kind: workers | enterprises
const importPath = (kind, mode, dryRun) => `/api/v1/imports/${kind}${query({ mode, dry_run: dryRun ? 1 : undefined })}`

// rows: [[cell, …], …] with the header row first. opts: { mode: all_or_nothing | good_rows_only, dryRun }
export const importRows = (kind, rows, { mode, dryRun }) => http.post(importPath(kind, mode, dryRun), { rows })

export const importCsv = (kind, csvText, { mode, dryRun }) =>
  http.send('POST', importPath(kind, mode, dryRun), csvText, 'text/csv; charset=utf-8')

export const templateUrl = (kind, ext) => `/api/v1/imports/${kind}/template.${ext}`
