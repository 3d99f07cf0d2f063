// The name the console greets and shows in its header: a worker's own name, an enterprise clerk's or an
// institution's organisation (GET /api/v1/me: worker_name, organization_name), else the account's display name.
export function whoIs(user) {
  if (!user) return ''
  return user.worker_name || user.organization_name || user.display_name || user.username || ''
}
