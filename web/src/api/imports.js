// Bulk import of workers from a spreadsheet. The browser turns CSV or XLSX into rows of cells and
// sends them as JSON; a dry run reports every bad row without writing anything.
import { http, query } from './http.js'

// rows: [[cell, …], …] with the header row first. opts: { mode: all_or_nothing | good_rows_only, dry_run }
export const importWorkers = (rows, { mode, dryRun }) =>
  http.post(`/api/v1/imports/workers${query({ mode, dry_run: dryRun ? 1 : undefined })}`, { rows })

export const importWorkersCsv = (csvText, { mode, dryRun }) =>
  http.send('POST', `/api/v1/imports/workers${query({ mode, dry_run: dryRun ? 1 : undefined })}`, csvText, 'text/csv; charset=utf-8')

export const templateUrl = (ext) => `/api/v1/imports/workers/template.${ext}`
