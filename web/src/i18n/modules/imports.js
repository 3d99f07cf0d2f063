// The import wizard's words for the choice between workers and enterprises (pages/imports/ImportWizard.vue).
export default {
  'zh-CN': {
    import: {
      titles: { workers: '批量导入服务员', enterprises: '批量导入家政企业' },
      kinds: { workers: '服务员', enterprises: '家政企业' },
      lists: { workers: '服务员列表', enterprises: '企业列表' },
      doneCounts: { workers: '已导入 {n} 名服务员', enterprises: '已导入 {n} 家企业' },
      held: '{n} 家企业的统一社会信用代码校验位不符：将照常登记，但标记为待人工审核',
      heldLine: '第 {row} 行：{value}',
      codes: { duplicate_enterprise: '该企业已登记或在文件中重复', invalid_uscc: '统一社会信用代码不正确' },
    },
  },
  en: {
    import: {
      titles: { workers: 'Import workers', enterprises: 'Import enterprises' },
      kinds: { workers: 'Workers', enterprises: 'Enterprises' },
      lists: { workers: 'Worker list', enterprises: 'Enterprise list' },
      doneCounts: { workers: '{n} workers imported', enterprises: '{n} enterprises imported' },
      held: '{n} enterprises have a unified social credit code whose check character fails: they will be registered but held for review',
      heldLine: 'Row {row}: {value}',
      codes: { duplicate_enterprise: 'Already registered or repeated in the file', invalid_uscc: 'Invalid unified social credit code' },
    },
  },
}
