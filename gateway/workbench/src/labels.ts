// Chinese names of the API's codes, one place for every screen
export const CASE_STATUS: Record<string, string> = {
  RECEIVED: '已收件', CORRECTION_REQUESTED: '待补正', REJECTION_PENDING: '不予受理报备中', ACCEPTED: '已受理',
  SUSPENDED: '中止', REJECTED: '不予受理', DECIDED: '已决定', DELIVERING: '送达中', COMPLETED: '已办结', WITHDRAWN: '已撤回',
}
export const NOTICE_KIND: Record<string, string> = {
  MATERIAL_RECEIPT: '材料接收凭证', CORRECTION_NOTICE: '补正告知书', ACCEPTANCE_NOTICE: '受理通知书',
  REJECTION_NOTICE: '不予受理通知书', RESULT: '办理结果', DENIAL_DECISION: '不予许可决定书',
  SUSPENSION_NOTICE: '特别程序告知书', EXTENSION_NOTICE: '延期办理通知书',
  COMPLETION_DATE_CHANGE_NOTICE: '办结日期变更告知书', MATERIALS_COMPLETED_NOTICE: '补齐材料确认书',
}
export const REVIEW_ROLE: Record<string, string> = { HANDLER: '承办', REVIEWER: '审核', APPROVER: '批准' }
export const AWAITING: Record<string, string> = {
  HANDLER: '待承办', REVIEWER: '待审核', APPROVER: '待批准', ESCALATION: '否定意见报上级', NONE: '—',
}
export const POSITION: Record<string, string> = {
  STAFF: '工作人员', SECTION_HEAD: '科室负责人', DEPUTY_LEADER: '分管领导', MAIN_LEADER: '主要领导',
}
export const DAY_REASON: Record<string, string> = {
  START: '起算日（不计）', COUNTED: '计入', COUNTED_ADJUSTED_WORKING_DAY: '计入（调休上班日）', WEEKEND: '周末',
  HOLIDAY: '法定节假日', CLOSURE: '中心闭厅', SUSPENDED: '特别程序（不计）', EXTENDED: '延期', ROLLED_FORWARD: '顺延',
}
export const CARD: Record<string, string> = { NONE: '', YELLOW: '黄牌', RED: '红牌' }
