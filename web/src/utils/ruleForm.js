// The conditions of a subsidy rule (TOML) as form rows and back. A row is clauses joined by one connector
// ("and" or "or"); a clause is `[not] field`, `field OP value` or `field in [values]`. A condition the form
// cannot show (parentheses, "and" mixed with "or") stays a row of raw text, edited as written.
// The TOML stays the source of truth: only its `conditions = [ … ]` block is rewritten.

const OPS = ['>=', '<=', '==', '!=', '>', '<']

function splitTop(text, word) {
  return text.split(new RegExp(`\\s+${word}\\s+`))
}

function parseValue(raw) {
  const s = raw.trim()
  if (/^-?\d+$/.test(s)) return { kind: 'number', value: Number(s) }
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return { kind: 'date', value: s }
  if (s === 'true' || s === 'false') return { kind: 'bool', value: s === 'true' }
  const q = s.match(/^(['"])(.*)\1$/)
  if (q) return { kind: 'text', value: q[2] }
  if (/^[a-z_]+\.[a-z_]+$/.test(s)) return { kind: 'field', value: s }
  return null
}

export function parseClause(text) {
  const s = text.trim()
  let m = s.match(/^not\s+([a-z_]+\.[a-z_]+)$/)
  if (m) return { field: m[1], op: 'no' }
  m = s.match(/^([a-z_]+\.[a-z_]+)$/)
  if (m) return { field: m[1], op: 'yes' }
  m = s.match(/^([a-z_]+\.[a-z_]+)\s+in\s+\[(.*)\]$/)
  if (m) {
    const items = m[2].split(',').map((x) => parseValue(x)).filter(Boolean)
    if (!items.length || items.some((x) => x.kind !== 'text')) return null
    return { field: m[1], op: 'in', value: items.map((x) => x.value) }
  }
  for (const op of OPS) {
    const at = s.indexOf(` ${op} `)
    if (at > 0) {
      const field = s.slice(0, at).trim()
      const v = parseValue(s.slice(at + op.length + 2))
      if (!/^[a-z_]+\.[a-z_]+$/.test(field) || !v) return null
      return { field, op, value: v.value, valueKind: v.kind }
    }
  }
  return null
}

export function parseCondition(text) {
  const s = text.trim()
  if (/[()]/.test(s)) return { raw: s }
  const ors = splitTop(s, 'or')
  const ands = splitTop(s, 'and')
  if (ors.length > 1 && ands.length > 1) return { raw: s }
  const connector = ors.length > 1 ? 'or' : 'and'
  const parts = ors.length > 1 ? ors : ands
  const clauses = parts.map(parseClause)
  if (clauses.some((c) => !c)) return { raw: s }
  return { connector, clauses }
}

function quote(v) {
  return `'${String(v).replace(/'/g, '')}'`
}

export function clauseText(c) {
  if (c.op === 'yes') return c.field
  if (c.op === 'no') return `not ${c.field}`
  if (c.op === 'in') return `${c.field} in [${(c.value || []).map(quote).join(', ')}]`
  let v = c.value
  if (c.valueKind === 'text') v = quote(v)
  else if (c.valueKind === 'bool') v = v ? 'true' : 'false'
  return `${c.field} ${c.op} ${v}`
}

export function conditionText(row) {
  if (row.raw !== undefined) return row.raw
  return row.clauses.map(clauseText).join(` ${row.connector} `)
}

// The `conditions = [ … ]` block: where it is and its strings.
const BLOCK = /^conditions\s*=\s*\[([\s\S]*?)^\]/m

export function readConditions(toml) {
  const m = toml.match(BLOCK)
  if (!m) return null
  const out = []
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'/g
  let x
  while ((x = re.exec(m[1])) !== null) out.push(x[1] !== undefined ? x[1].replace(/\\"/g, '"') : x[2])
  return out
}

export function writeConditions(toml, conditions) {
  const block = `conditions = [\n${conditions.map((c) => `  "${c.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}",`).join('\n')}\n]`
  return BLOCK.test(toml) ? toml.replace(BLOCK, block) : `${toml.trimEnd()}\n\n${block}\n`
}
