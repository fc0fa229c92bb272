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
export const COMPLAINT_STATUS: Record<string, string> = {
  RECEIVED: '已登记', DECLINED: '不予受理', ACCEPTED: '已受理', INVESTIGATING: '调查中', REPORTED: '已报告',
  ANSWERED: '已答复', REINVESTIGATING: '重新调查', SATISFIED: '投诉人满意', CONCLUDED: '已办结',
}
export const CONCLUSION: Record<string, string> = { SUBSTANTIATED: '属实', PARTLY: '部分属实', NOT_SUBSTANTIATED: '不属实' }
export const SANCTION_LEVEL: Record<string, string> = {
  TALK: '诫勉谈话', ORAL_ADMONITION: '口头告诫', WRITTEN_ADMONITION: '书面告诫', PUBLIC_CRITICISM: '通报批评',
  LOSS_OF_AWARD_ELIGIBILITY: '取消评先评优资格', OFF_POST_TRAINING: '离岗培训', TRANSFER: '调离岗位', REMOVAL: '辞退',
}
export const FAULT: Record<string, string> = {
  APPLICANT_FALSE_MATERIAL: '申请人提供虚假材料', SITE_INSPECTION: '现场核查失实', HANDLER_ACTED_ALONE: '承办人擅自办理',
  NOT_AS_APPROVED: '未按批准意见办理', HANDLER_FALSIFIED: '承办人弄虚作假', WRONG_OPINIONS: '审查意见错误',
  REVIEWER_DECIDED_ALONE: '审核人擅自决定', REVIEWER_FALSIFIED: '审核人弄虚作假', REVIEWER_WRONG_INSTRUCTION: '审核人错误指示',
  COLLECTIVE_DECISION: '集体决定', CONDUCT: '工作作风、服务态度',
}
export const PROCEDURE_KIND: Record<string, string> = {
  INSPECTION: '现场勘验', TESTING: '检验检测', QUARANTINE: '检疫', APPRAISAL: '鉴定', EXPERT_REVIEW: '专家评审',
  HEARING: '听证', TENDER: '招标', AUCTION: '拍卖',
}
export const DELAY_KIND: Record<string, string> = { DID_NOT_ATTEND: '未按约定到场', DID_NOT_COLLECT: '未按通知领取结果' }
export const NOTIFIED_VIA: Record<string, string> = { PHONE: '电话', SMS: '短信', ON_SITE: '现场', ONLINE: '网上' }
export const SUPERVISION_TRIGGER: Record<string, string> = {
  RED_CARD: '红牌超时', DEEMED_ACCEPTANCE: '逾期视为受理', REPEATED_CORRECTION: '多次要求补正', LATE_EXTENSION_REQUEST: '逾期申请延期',
  POOR_RATING: '差评', REJECTION_WITHOUT_CONSENT: '未经同意不予受理', REPEATED_COMPLAINT: '重复投诉', ESCALATED_COMPLAINT: '投诉升级',
  RETALIATION: '疑似打击报复', LUNCH_DUTY_GAP: '午休时间无人值班',
}
export const DAY_PART: Record<string, string> = { MORNING: '上午', LUNCH_FIRST: '午休第一组', LUNCH_SECOND: '午休第二组', AFTERNOON: '下午' }
export const APPOINTMENT_STATUS: Record<string, string> = {
  BOOKED: '已预约', CONTACTED: '已联系', ARRIVED: '已到场受理', CANCELLED: '已取消', NO_SHOW: '未到场',
}
export const APPOINTMENT_CHANNEL: Record<string, string> = { WEB: '网络预约', PHONE: '电话预约', ON_SITE: '现场预约' }
export const SUPERVISION_STATUS: Record<string, string> = { OPEN: '待核实', VERIFIED: '已核实', DISMISSED: '不予认定' }
export const RATING_LEVEL: Record<string, string> = {
  VERY_SATISFIED: '非常满意', SATISFIED: '满意', BASICALLY_SATISFIED: '基本满意', DISSATISFIED: '不满意', VERY_DISSATISFIED: '非常不满意',
}
export const FOLLOW_UP_STATUS: Record<string, string> = { OPEN: '待回访', CONTACTED: '已回访', RECTIFIED: '已整改', CLOSED: '已办结' }
export const VERIFICATION: Record<string, string> = { TRUE: '属实', PARTLY: '部分属实', UNFOUNDED: '不属实' }
export const GRADE: Record<string, string> = { QUALIFIED: '合格', BASICALLY_QUALIFIED: '基本合格', UNQUALIFIED: '不合格' }
export const APPEAL_OUTCOME: Record<string, string> = { UPHELD: '维持', CHANGED: '变更', WITHDRAWN: '撤销' }
export const ITEM_TYPE: Record<string, string> = { ADMINISTRATIVE_LICENCE: '行政许可', OTHER_POWER: '其他行政权力', PUBLIC_SERVICE: '公共服务' }
export const ITEM_STATUS: Record<string, string> = { DRAFT: '草稿', PUBLISHED: '已发布', WITHDRAWN: '已撤销' }
export const CASE_KIND: Record<string, string> = { IMMEDIATE: '即办件', COMMITTED: '承诺件', JOINT: '联办件' }
export const RESULT_KIND: Record<string, string> = { LICENCE: '许可证', CERTIFICATE: '证明', DECISION: '决定书' }
export const MATERIAL_FORM: Record<string, string> = { ORIGINAL: '原件', COPY: '复印件', ORIGINAL_AND_COPY: '原件和复印件' }
export const SERVICE_OBJECT: Record<string, string> = { NATURAL_PERSON: '自然人', LEGAL_PERSON: '法人', OTHER_ORGANISATION: '其他组织' }
export const ABSENCE_REASON: Record<string, string> = { LEAVE: '请假', TRAINING: '培训', MEETING: '会议', OFFICIAL_OUTING: '因公外出' }
