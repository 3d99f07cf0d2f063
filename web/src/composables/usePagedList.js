// One paged list from the server: filters, the current page, the rows, the total, loading and error
// state. `loader(params)` gets the filters (empty values dropped, a date range split into from/to) plus
// page and page_size, and returns {items, total} as every list of the API does.
import { reactive, ref } from 'vue'
import { itemsOf } from '../utils/format.js'

export function usePagedList(loader, initialFilters = {}, { pageSize = 20, dateRange = 'dates' } = {}) {
  const initial = JSON.parse(JSON.stringify(initialFilters))
  const filters = reactive({ ...initial })
  const page = ref(1)
  const items = ref([])
  const total = ref(0)
  const loading = ref(false)
  const error = ref('')
  let seq = 0 // a slower earlier answer must not overwrite a later one

  function params() {
    const out = {}
    for (const [k, v] of Object.entries(filters)) {
      if (k === dateRange) {
        const [from, to] = v || []
        if (from) out.from = from
        if (to) out.to = to
      } else if (v !== '' && v !== null && v !== undefined) {
        out[k] = typeof v === 'string' ? v.trim() : v
      }
    }
    return { ...out, page: page.value, page_size: pageSize }
  }

  async function load() {
    const mine = ++seq
    loading.value = true
    error.value = ''
    try {
      const data = await loader(params())
      if (mine !== seq) return
      items.value = itemsOf(data)
      total.value = (data && data.total) ?? items.value.length
    } catch (e) {
      if (mine !== seq) return
      items.value = []
      total.value = 0
      error.value = e.message
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  function search() {
    page.value = 1
    return load()
  }

  function reset() {
    for (const k of Object.keys(filters)) delete filters[k]
    Object.assign(filters, JSON.parse(JSON.stringify(initial)))
    return search()
  }

  function goTo(p) {
    page.value = p
    return load()
  }

  return reactive({ filters, page, items, total, loading, error, pageSize, load, search, reset, goTo })
}
