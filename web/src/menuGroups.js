// The console menu's groups, like the government admin systems officials already use: a menu item (by its
// key in roles.js) belongs to one group; items of no group stay at the top level. A group with a single item
// for a role is shown as that item (a worker's short menu stays flat). Unknown keys and roles are tolerated.
export const MENU_GROUPS = [
  { key: 'registry', items: ['workers', 'import', 'enterprises', 'brands', 'directory'] },
  { key: 'credit', items: ['myrecord', 'complaints', 'disputes', 'feedback'] },
  { key: 'training', items: ['training-my', 'training-courses', 'training-institution', 'training-survey', 'training-target'] },
  { key: 'matching', items: ['matching-jobs', 'matching-for-me', 'matching-plans'] },
  { key: 'subsidy', items: ['subsidy-policies', 'subsidy-batches', 'subsidy-mine'] },
  { key: 'supervision', items: ['supervision-dashboard', 'supervision-measures', 'supervision-painpoints'] },
  { key: 'system', items: ['accounts', 'divisions', 'validate', 'audit'] },
]

// The menu as entries { item } or { group, items }, in the order of the first item of each.
export function groupMenu(items) {
  const groupOf = new Map()
  for (const g of MENU_GROUPS) for (const k of g.items) groupOf.set(k, g.key)
  const out = []
  const seen = new Map()
  for (const m of items) {
    const g = groupOf.get(m.key)
    if (!g) {
      out.push({ item: m })
      continue
    }
    if (!seen.has(g)) {
      const entry = { group: g, items: [] }
      seen.set(g, entry)
      out.push(entry)
    }
    seen.get(g).items.push(m)
  }
  return out.map((e) => (e.group && e.items.length === 1 ? { item: e.items[0] } : e))
}
