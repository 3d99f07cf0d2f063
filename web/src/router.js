// Routes. The public home page is in the main bundle; everything else is split into chunks loaded on
// demand, so a phone on a slow link downloads the console (and Element Plus) only after logging in.
import { createRouter, createWebHistory } from 'vue-router'
import Home from './pages/public/Home.vue'
import { session, restore } from './stores/session.js'
import { canAccess } from './roles.js'
import ConsoleShell from './pages/console/ConsoleShell.vue'

const routes = [
  { path: '/', name: 'home', component: Home },
  { path: '/v/serial/:serial', name: 'verify', component: () => import('./pages/public/VerifyLookup.vue') },
  { path: '/login', name: 'login', component: () => import('./pages/auth/Login.vue'), meta: { guestOnly: true } },
  {
    path: '/console',
    component: ConsoleShell,
    meta: { requiresAuth: true },
    children: [
      { path: '', name: 'overview', component: () => import('./pages/console/Overview.vue'), meta: { page: 'overview', light: true } },
      { path: 'my-record', name: 'my-record', component: () => import('./pages/credit/MyRecord.vue'), meta: { page: 'myrecord', light: true } },
      { path: 'workers', name: 'workers', component: () => import('./pages/registry/WorkerList.vue'), meta: { page: 'workers' } },
      { path: 'workers/new', name: 'worker-new', component: () => import('./pages/registry/WorkerForm.vue'), meta: { page: 'worker-new', menu: 'workers' } },
      { path: 'workers/:id', name: 'worker', component: () => import('./pages/registry/WorkerDetail.vue'), meta: { page: 'workers' } },
      { path: 'import', name: 'import', component: () => import('./pages/imports/ImportWizard.vue'), meta: { page: 'import' } },
      { path: 'enterprises', name: 'enterprises', component: () => import('./pages/registry/EnterpriseList.vue'), meta: { page: 'enterprises' } },
      { path: 'enterprises/:id', name: 'enterprise', component: () => import('./pages/registry/EnterpriseDetail.vue'), meta: { page: 'enterprises' } },
      { path: 'brands', name: 'brands', component: () => import('./pages/registry/BrandList.vue'), meta: { page: 'brands' } },
      { path: 'brands/:id', name: 'brand', component: () => import('./pages/registry/BrandDetail.vue'), meta: { page: 'brands' } },
      { path: 'directory', name: 'directory', component: () => import('./pages/registry/Directory.vue'), meta: { page: 'directory' } },
      { path: 'complaints', name: 'complaints', component: () => import('./pages/credit/Complaints.vue'), meta: { page: 'complaints' } },
      { path: 'disputes', name: 'disputes', component: () => import('./pages/credit/Disputes.vue'), meta: { page: 'disputes' } },
      { path: 'divisions', name: 'divisions', component: () => import('./pages/reference/Divisions.vue'), meta: { page: 'divisions' } },
      { path: 'validate', name: 'validate', component: () => import('./pages/reference/Validators.vue'), meta: { page: 'validate' } },
      { path: 'audit', name: 'audit', component: () => import('./pages/audit/AuditLog.vue'), meta: { page: 'audit' } },
      { path: 'subsidy/policies', name: 'subsidy-policies', component: () => import('./pages/subsidy/PolicyList.vue'), meta: { page: 'subsidy-policies' } },
      { path: 'subsidy/policies/:id', name: 'subsidy-policy', component: () => import('./pages/subsidy/PolicyEditor.vue'), meta: { page: 'subsidy-policy-edit', menu: 'subsidy-policies' } },
      { path: 'subsidy/policies/:id/simulate', name: 'subsidy-simulate', component: () => import('./pages/subsidy/Simulation.vue'), meta: { page: 'subsidy-simulate', menu: 'subsidy-policies' } },
      { path: 'subsidy/batches', name: 'subsidy-batches', component: () => import('./pages/subsidy/BatchList.vue'), meta: { page: 'subsidy-batches' } },
      { path: 'subsidy/batches/:id', name: 'subsidy-batch', component: () => import('./pages/subsidy/BatchDetail.vue'), meta: { page: 'subsidy-batches' } },
      { path: 'subsidy/mine', name: 'subsidy-mine', component: () => import('./pages/subsidy/MySubsidies.vue'), meta: { page: 'subsidy-mine', light: true } },
      { path: 'my-training', name: 'training-my', component: () => import('./pages/training/MyCourses.vue'), meta: { page: 'training-my', light: true } },
      { path: 'my-training/:enrolment/units/:unit', name: 'training-study', component: () => import('./pages/training/StudyUnit.vue'), meta: { page: 'training-my', light: true } },
      { path: 'training-courses', name: 'training-courses', component: () => import('./pages/training/InstitutionCourses.vue'), meta: { page: 'training-courses' } },
      { path: 'training-admin', name: 'training-institution', component: () => import('./pages/training/InstitutionConsole.vue'), meta: { page: 'training-institution' } },
      { path: 'training-survey', name: 'training-survey', component: () => import('./pages/training/SurveyPage.vue'), meta: { page: 'training-survey' } },
      { path: 'training-target', name: 'training-target', component: () => import('./pages/training/TargetPage.vue'), meta: { page: 'training-target' } },
      { path: 'jobs', name: 'matching-jobs', component: () => import('./pages/matching/JobList.vue'), meta: { page: 'matching-jobs' } },
      { path: 'jobs/new', name: 'matching-job-new', component: () => import('./pages/matching/JobForm.vue'), meta: { page: 'matching-job-new', menu: 'matching-jobs' } },
      { path: 'jobs/:id/matches', name: 'matching-matches', component: () => import('./pages/matching/JobMatches.vue'), meta: { page: 'matching-jobs' } },
      { path: 'jobs-for-me', name: 'matching-for-me', component: () => import('./pages/matching/JobsForMe.vue'), meta: { page: 'matching-for-me', light: true } },
      { path: 'transfer-plans', name: 'matching-plans', component: () => import('./pages/matching/TransferPlans.vue'), meta: { page: 'matching-plans' } },
      { path: 'transfer-plans/:id', name: 'matching-plan', component: () => import('./pages/matching/TransferPlan.vue'), meta: { page: 'matching-plans' } },
      { path: 'feedback', name: 'feedback', component: () => import('./pages/credit/Feedback.vue'), meta: { page: 'feedback' } },
      { path: 'issuers', name: 'issuers', component: () => import('./pages/issuers/IssuerList.vue'), meta: { page: 'issuers' } },
      { path: 'health-checks', name: 'health-checks', component: () => import('./pages/issuers/HealthChecks.vue'), meta: { page: 'health-checks' } },
      { path: 'insurance-policies', name: 'insurance-policies', component: () => import('./pages/issuers/InsurancePolicies.vue'), meta: { page: 'insurance-policies' } },
      { path: 'services', name: 'services-orders', component: () => import('./pages/services/Orders.vue'), meta: { page: 'services' } },
      { path: 'services/:id', name: 'services-order', component: () => import('./pages/services/OrderDetail.vue'), meta: { page: 'services' } },
      { path: 'supervision', name: 'supervision-dashboard', component: () => import('./pages/supervision/Dashboard.vue'), meta: { page: 'supervision-dashboard' } },
      { path: 'supervision/measures', name: 'supervision-measures', component: () => import('./pages/supervision/Measures.vue'), meta: { page: 'supervision-measures' } },
      { path: 'supervision/painpoints', name: 'supervision-painpoints', component: () => import('./pages/supervision/PainPoints.vue'), meta: { page: 'supervision-painpoints' } },
      { path: 'accounts', name: 'accounts', component: () => import('./pages/supervision/Accounts.vue'), meta: { page: 'accounts' } },
      { path: 'workers/:id/certificates/:serial/print', name: 'certificate-print', component: () => import('./pages/registry/CertificatePrint.vue'), meta: { page: 'workers' } },
      // @module-pages: each module adds its console pages above this line.
      { path: 'account', name: 'account', component: () => import('./pages/account/Account.vue'), meta: { page: 'account' } },
    ],
  },
  { path: '/training', name: 'training-catalogue', component: () => import('./pages/training/Catalogue.vue') },
  { path: '/training/courses/:id', name: 'training-course', component: () => import('./pages/training/CoursePage.vue') },
  { path: '/training/certificates/:serial', name: 'training-certificate', component: () => import('./pages/training/CertificateCheck.vue') },
  { path: '/jobs', name: 'job-board', component: () => import('./pages/matching/JobBoard.vue') },
  { path: '/jobs/:id', name: 'job', component: () => import('./pages/matching/JobPage.vue') },
  { path: '/how-it-works', name: 'how-it-works', component: () => import('./pages/public/HowItWorks.vue') },
  { path: '/signup', name: 'signup', component: () => import('./pages/auth/Signup.vue'), meta: { guestOnly: true } },
  // @public-pages: each module adds its public pages above this line.
  { path: '/403', name: 'forbidden', component: () => import('./pages/errors/Forbidden.vue') },
  { path: '/404', name: 'not-found-page', component: () => import('./pages/errors/NotFound.vue') },
  // Any other path shows the 404 page in place, keeping the URL the user typed.
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./pages/errors/NotFound.vue') },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

router.beforeEach(async (to) => {
  const needsSession = to.matched.some((r) => r.meta.requiresAuth) || to.meta.guestOnly
  if (!needsSession) return true
  await restore()
  if (to.meta.guestOnly) return session.user ? { path: '/console' } : true
  if (!session.user) return { path: '/login', query: to.fullPath !== '/console' ? { redirect: to.fullPath } : {} }
  // A one-time password from an official: nothing but the password change until she sets her own.
  if (session.user.must_change_password && to.name !== 'account') return { path: '/console/account' }
  if (to.meta.page && !canAccess(session.user.role, to.meta.page)) return { path: '/403' }
  return true
})
