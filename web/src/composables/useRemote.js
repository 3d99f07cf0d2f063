// One value loaded from the API: `data`, `loading` and `error` of the latest `load()`. A slower earlier answer never
// overwrites a newer one (a period switched twice quickly shows the second period's figures). `immediate`: the first
// load() runs when the component mounts.
import { onMounted, ref } from 'vue'

export function useRemote(fetcher, { immediate = false } = {}) {
  const data = ref(null)
  const loading = ref(false)
  const error = ref('')
  let latest = 0
  async function load() {
    const mine = ++latest
    loading.value = true
    error.value = ''
    try {
      const value = await fetcher()
      if (mine === latest) data.value = value
    } catch (e) {
      if (mine === latest) error.value = e.message
    } finally {
      if (mine === latest) loading.value = false
    }
  }
  if (immediate) onMounted(load)
  return { data, loading, error, load }
}
