// One action a page runs on the user's click (submit a form, save, decide): `busy` while it runs, `error` if it
// failed, `done` with the message of the last success. `run(fn, doneText)` clears both, runs `fn` and resolves to
// its value (`true` when it has none), or to undefined when it threw; `doneText` may be a function of the value.
// `fail(message)` shows a check that stopped the action before it ran ('' clears the last error).
import { reactive } from 'vue'

export function useAction() {
  const state = reactive({
    busy: false,
    error: '',
    done: '',
    fail(message) {
      state.error = message
      state.done = ''
    },
    async run(fn, doneText) {
      state.busy = true
      state.error = ''
      state.done = ''
      try {
        const value = await fn()
        if (doneText) state.done = typeof doneText === 'function' ? doneText(value) : doneText
        return value ?? true
      } catch (e) {
        state.error = e.message
        return undefined
      } finally {
        state.busy = false
      }
    },
  })
  return state
}
