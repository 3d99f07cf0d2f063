// Roles and the console menu they get. The server enforces permissions; this only decides what the
// UI offers, and the route guard sends a role to /403 for a console page it has no menu item for.
export const ROLES = ['province_admin', 'department', 'city_officer', 'enterprise', 'institution', 'worker', 'consumer', 'health_provider', 'insurer']

const OFFICIALS = ['province_admin', 'department', 'city_officer']

// key → path and who may see it; order is the menu order.
export const CONSOLE_PAGES = [
  { key: 'overview', path: '/console', roles: ROLES },
  { key: 'myrecord', path: '/console/my-record', roles: ['worker'] },
  { key: 'workers', path: '/console/workers', roles: [...OFFICIALS, 'enterprise'] },
  { key: 'import', path: '/console/import', roles: ['province_admin', 'city_officer', 'enterprise', 'health_provider', 'insurer'] },
  { key: 'enterprises', path: '/console/enterprises', roles: [...OFFICIALS, 'enterprise'] },
  { key: 'brands', path: '/console/brands', roles: ROLES },
  { key: 'directory', path: '/console/directory', roles: [...OFFICIALS, 'enterprise', 'institution'] },
  { key: 'complaints', path: '/console/complaints', roles: OFFICIALS },
  { key: 'disputes', path: '/console/disputes', roles: OFFICIALS },
  { key: 'divisions', path: '/console/divisions', roles: OFFICIALS },
  { key: 'validate', path: '/console/validate', roles: [...OFFICIALS, 'enterprise'] },
  { key: 'subsidy-policies', path: '/console/subsidy/policies', roles: OFFICIALS },
  { key: 'subsidy-batches', path: '/console/subsidy/batches', roles: OFFICIALS },
  { key: 'subsidy-mine', path: '/console/subsidy/mine', roles: ['worker'] },
  { key: 'training-my', path: '/console/my-training', roles: ['worker'] },
  { key: 'training-courses', path: '/console/training-courses', roles: ['institution'] },
  { key: 'training-institution', path: '/console/training-admin', roles: ['institution'] },
  { key: 'training-survey', path: '/console/training-survey', roles: ['province_admin', 'city_officer'] },
  { key: 'training-target', path: '/console/training-target', roles: OFFICIALS },
  { key: 'matching-jobs', path: '/console/jobs', roles: [...OFFICIALS, 'enterprise'] },
  { key: 'matching-for-me', path: '/console/jobs-for-me', roles: ['worker'] },
  { key: 'matching-plans', path: '/console/transfer-plans', roles: OFFICIALS },
  { key: 'feedback', path: '/console/feedback', roles: ['consumer'] },
  { key: 'issuers', path: '/console/issuers', roles: OFFICIALS },
  { key: 'health-checks', path: '/console/health-checks', roles: ['health_provider'] },
  { key: 'insurance-policies', path: '/console/insurance-policies', roles: ['insurer'] },
  { key: 'services', path: '/console/services', roles: ['consumer', 'enterprise', 'worker', ...OFFICIALS] },
  { key: 'supervision-dashboard', path: '/console/supervision', roles: OFFICIALS },
  { key: 'supervision-measures', path: '/console/supervision/measures', roles: OFFICIALS },
  { key: 'supervision-painpoints', path: '/console/supervision/painpoints', roles: OFFICIALS },
  { key: 'accounts', path: '/console/accounts', roles: ['province_admin', 'city_officer'] },
  // @module-menu: each module adds its menu items above this line.
  { key: 'audit', path: '/console/audit', roles: ['province_admin'] },
  { key: 'account', path: '/console/account', roles: ROLES },
]

// Pages that are not menu items but belong to one (detail and form pages): what they need is the
// menu item's roles, narrowed where the page writes.
export const SUB_PAGES = {
  'worker-new': ['province_admin', 'city_officer', 'enterprise'],
  'subsidy-policy-edit': ['province_admin'],
  'subsidy-simulate': OFFICIALS,
  'matching-job-new': ['province_admin', 'city_officer', 'enterprise'],
  // @module-sub-pages: each module adds its sub-pages above this line.
}

export function canAccess(role, key) {
  if (SUB_PAGES[key]) return SUB_PAGES[key].includes(role)
  const page = CONSOLE_PAGES.find((p) => p.key === key)
  return !!page && page.roles.includes(role)
}

export function menuFor(role) {
  return CONSOLE_PAGES.filter((p) => p.roles.includes(role))
}
