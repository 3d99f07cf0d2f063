// Links from the public home page to the public pages of the modules.
export default {
  'zh-CN': { home: { open: { training: '查看培训课程', jobs: '查看招聘岗位' } } },
  en: { home: { open: { training: 'Browse courses', jobs: 'Browse jobs' } } },
}
