// A dialog that records one decision about a row of a list (FormDialog shows it): `open(row, values)` opens it
// with its fields set, `confirm(problem, fn)` stops at a problem found before sending (shown in the dialog) or
// runs `fn`, then closes the dialog, says it is saved and calls `after()` (reload the list).
import { reactive } from 'vue'
import { ElMessage } from 'element-plus'
import { useAction } from './useAction.js'

export function useDecisionDialog(fields, { savedText, after }) {
  const dialog = reactive({ open: false, row: null, ...fields })
  const action = useAction()

  function open(row, values) {
    Object.assign(dialog, fields, values, { open: true, row })
    action.fail('')
  }

  async function confirm(problem, fn) {
    if (problem) return action.fail(problem)
    if (!(await action.run(fn))) return
    dialog.open = false
    ElMessage.success(savedText())
    after()
  }

  return { dialog, action, open, confirm }
}
