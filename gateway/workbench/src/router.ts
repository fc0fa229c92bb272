import { createRouter, createWebHistory } from 'vue-router'

import { finishSignIn, signIn, signedIn } from './auth'
import AdminCalendar from './views/AdminCalendar.vue'
import AdminItems from './views/AdminItems.vue'
import AdminStaff from './views/AdminStaff.vue'
import Attendance from './views/Attendance.vue'
import Assistance from './views/Assistance.vue'
import CasePage from './views/CasePage.vue'
import CaseSearch from './views/CaseSearch.vue'
import Department from './views/Department.vue'
import ComplaintPage from './views/ComplaintPage.vue'
import Complaints from './views/Complaints.vue'
import FindingPage from './views/FindingPage.vue'
import Hall from './views/Hall.vue'
import Home from './views/Home.vue'
import Inquiries from './views/Inquiries.vue'
import Inspections from './views/Inspections.vue'
import Integrations from './views/Integrations.vue'
import Intake from './views/Intake.vue'
import MyWork from './views/MyWork.vue'
import RatingFollowUps from './views/RatingFollowUps.vue'
import Scorecards from './views/Scorecards.vue'
import Supervision from './views/Supervision.vue'

export const router = createRouter({
  history: createWebHistory('/workbench/'),
  routes: [
    { path: '/', component: Home, meta: { title: '工作台' } },
    { path: '/intake', component: Intake, meta: { title: '窗口受理' } },
    { path: '/work', component: MyWork, meta: { title: '我的待办' } },
    { path: '/inquiries', component: Inquiries, meta: { title: '首问登记' } },
    { path: '/assistance', component: Assistance, meta: { title: '帮办代办' } },
    { path: '/hall', component: Hall, meta: { title: '大厅值班与预约' } },
    { path: '/attendance', component: Attendance, meta: { title: '考勤与请假' } },
    { path: '/cases', component: CaseSearch, meta: { title: '办件查询' } },
    { path: '/cases/:id', component: CasePage, meta: { title: '办件' } },
    { path: '/complaints', component: Complaints, meta: { title: '效能投诉' } },
    { path: '/complaints/:id', component: ComplaintPage, meta: { title: '投诉' } },
    { path: '/findings/:id', component: FindingPage, meta: { title: '责任追究' } },
    { path: '/supervision', component: Supervision, meta: { title: '电子监察' } },
    { path: '/follow-ups', component: RatingFollowUps, meta: { title: '差评回访' } },
    { path: '/inspections', component: Inspections, meta: { title: '值周检查' } },
    { path: '/scorecards', component: Scorecards, meta: { title: '效能考核' } },
    { path: '/department', component: Department, meta: { title: '部门监察' } },
    { path: '/admin/items', component: AdminItems, meta: { title: '事项管理' } },
    { path: '/admin/staff', component: AdminStaff, meta: { title: '人员与岗位' } },
    { path: '/admin/calendar', component: AdminCalendar, meta: { title: '工作日历' } },
    { path: '/integrations', component: Integrations, meta: { title: '对接系统' } },
    { path: '/signed-in', component: Home, meta: { public: true } },
  ],
})

router.beforeEach(async to => {
  if (to.path === '/signed-in') return await finishSignIn()
  if (!(await signedIn())) {
    await signIn(to.fullPath)
    return false
  }
  return true
})

router.afterEach(to => {
  document.title = `${to.meta.title || '工作台'} · 政务服务中心`
})
