// Roles and the console menu they get. The server enforces permissions; this only decides what the
// UI offers, and the route guard sends a role to /403 for a console page it has no menu item for.
export const ROLES = ['province_admin', 'department', 'city_officer', 'enterprise', 'institution', 'worker', 'consumer']

const OFFICIALS = ['province_admin', 'department', 'city_officer']

// key → path and who may see it; order is the menu order.
export const CONSOLE_PAGES = [
  { key: 'overview', path: '/console', roles: ROLES },
  { key: 'divisions', path: '/console/divisions', roles: OFFICIALS },
  { key: 'validate', path: '/console/validate', roles: [...OFFICIALS, 'enterprise'] },
  { key: 'audit', path: '/console/audit', roles: ['province_admin'] },
  { key: 'account', path: '/console/account', roles: ROLES },
]

export function canAccess(role, key) {
  const page = CONSOLE_PAGES.find((p) => p.key === key)
  return !!page && page.roles.includes(role)
}

export function menuFor(role) {
  return CONSOLE_PAGES.filter((p) => p.roles.includes(role))
}
