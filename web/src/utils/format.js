// Small display helpers shared by the pages: dates, flags, and defensive reads of API records whose
// optional fields may be missing.

export const FLAGS = ['poverty_alleviated', 'monitored', 'relocated', 'rural_migrant', 'new_entrant', 'graduate']
export const CREDIT_KINDS = [
  'identity_verification', 'background_check', 'health_check', 'training', 'employment', 'review', 'complaint',
  'insurance', 'competition',
]

// "2026-11-29T09:00:00.000Z" → "2026-11-29 17:00" (local time); a plain date stays as it is.
export function formatAt(at) {
  if (!at) return ''
  if (/^\d{4}-\d{2}-\d{2}$/.test(at)) return at
  const d = new Date(at)
  if (Number.isNaN(d.getTime())) return String(at)
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}

export function formatDate(at) {
  return at ? String(at).slice(0, 10) : ''
}

export function today() {
  const d = new Date()
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

// The household flags a worker carries, whether the API sends them as an array, an object of booleans
// or as top-level booleans.
export function flagsOf(w) {
  if (!w) return []
  if (Array.isArray(w.flags)) return w.flags
  const src = w.flags && typeof w.flags === 'object' ? w.flags : w
  return FLAGS.filter((f) => src[f] === true || src[f] === 1)
}

// Occupations as [{ code, level, name }], from [{code, level}], ["code:level"] or "code:level;…".
export function occupationsOf(w) {
  const raw = w && w.occupations
  if (!raw) return []
  const list = Array.isArray(raw) ? raw : String(raw).split(';').filter(Boolean)
  return list.map((o) => {
    if (typeof o === 'string') {
      const [code, level] = o.split(':')
      return { code, level: Number(level) || 1 }
    }
    return { code: o.code || o.occupation_code, level: o.level || 1, name: o.name }
  })
}

// The first defined value among several possible field names.
export function pick(obj, ...keys) {
  if (!obj) return undefined
  for (const k of keys) {
    if (obj[k] !== undefined && obj[k] !== null && obj[k] !== '') return obj[k]
  }
  return undefined
}

// Items of a list answer: {items, total} or a bare array.
export function itemsOf(data) {
  if (Array.isArray(data)) return data
  return (data && (data.items || data.entries || data.records)) || []
}

// GB 11643 check character of the first 17 digits of a resident ID number.
export function idCheckChar(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]
  return '10X98765432'[sum % 11]
}

// A quick local check before the server's: 18 characters with the right check character.
export function idNumberLooksValid(value) {
  const v = String(value || '').trim().toUpperCase()
  if (!/^\d{17}[\dX]$/.test(v)) return false
  return idCheckChar(v.slice(0, 17)) === v[17]
}
