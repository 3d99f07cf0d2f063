// What both console frames (ConsoleLayout for the admin console, WorkerLayout for a worker's phone) need: the
// signed-in user, her menu, the menu item of the page shown, and logging out.
import { computed } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { session, logout } from '../stores/session.js'
import { menuFor } from '../roles.js'

export function useConsoleFrame() {
  const route = useRoute()
  const router = useRouter()
  const user = computed(() => session.user || {})
  const menu = computed(() => menuFor(user.value.role))
  // A sub-page (a form, a detail) lights its menu item (meta.menu), else the page's own.
  const active = computed(() => {
    const key = route.meta.menu || route.meta.page
    const hit = menu.value.find((m) => m.key === key)
    return hit ? hit.path : route.path
  })
  async function doLogout() {
    try {
      await logout()
    } catch {
      // the local session is cleared either way
    }
    router.replace('/login')
  }
  return { route, router, user, menu, active, doLogout }
}
