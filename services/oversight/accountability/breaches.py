"""The breach catalogue (000 责任追究制 §9-13, 001 責任追究制度 §7, 004 首问 §6, 002 追责办法):
what a complaint is about and what a finding names. Codes are stable; names are the seeds'."""

import enum


class Breach(enum.StrEnum):
    # 受理和审查 (000 §10, 001 §7)
    REFUSED_VALID_APPLICATION = "refused_valid_application"  # 对符合法定条件的申请不予受理
    NOT_DECIDED_ON_THE_SPOT = "not_decided_on_the_spot"  # 应当场办理而不当场办理
    NO_WRITTEN_PROOF = "no_written_proof"  # 不出具书面凭证
    NO_REASONS_GIVEN = "no_reasons_given"  # 未说明不予受理或不予批准的理由
    WRONG_APPROVAL = "wrong_approval"  # 对不符合条件的申请作出批准决定
    REJECTION_WITHOUT_CONSENT = "rejection_without_consent"  # 不予受理未经首席审批员同意
    # 时限、告知、收费、公开 (000 §11, 001 §7, 001 限時辦結 §11)
    OVERDUE = "overdue"  # 未在规定期限内办结
    NO_DECISION_WITHIN_LIMIT = "no_decision_within_limit"  # 收件后未在期限内作出受理决定
    LATE_EXTENSION_REQUEST = "late_extension_request"  # 超过承诺时限才提出延期
    NOT_ONE_TIME_NOTIFIED = "not_one_time_notified"  # 未一次性告知
    NO_REPLY = "no_reply"  # 应当答复而不予答复
    UNAUTHORISED_FEE = "unauthorised_fee"  # 擅自收费
    NOT_PUBLISHED = "not_published"  # 未按规定公开
    # 作风纪律 (000 §12-13, 001 §7, 004 首问 §6)
    PUSHING_OFF = "pushing_off"  # 推诿扯皮、刁难
    RUDE_CONDUCT = "rude_conduct"  # 服务态度粗暴
    LEFT_POST = "left_post"  # 擅自离岗
    NO_LUNCH_DUTY = "no_lunch_duty"  # 午休时间窗口无人值班 (003 延时服务制)
    APPOINTMENT_NOT_CONTACTED = "appointment_not_contacted"  # 收到预约后未及时联系 (003)
    FIRST_INQUIRY_BREACH = "first_inquiry_breach"  # 违反首问负责制
    NOT_REPORTED = "not_reported"  # 应当请示报告而未报告
    # 投诉办理 (002 追责 3)
    REPEATED_COMPLAINT = "repeated_complaint"  # 投诉处理不当造成重复投诉、越级上访
    POOR_RATING = "poor_rating"  # 差评经核实
    RETALIATION = "retaliation"  # 打击报复投诉人 (000 §15(三), 001 §8(一))
    OTHER = "other"


BREACH_NAMES = {
    Breach.REFUSED_VALID_APPLICATION: "对符合法定条件的申请不予受理",
    Breach.NOT_DECIDED_ON_THE_SPOT: "应当场办理而未当场办理",
    Breach.NO_WRITTEN_PROOF: "未出具书面凭证",
    Breach.NO_REASONS_GIVEN: "未说明不予受理或不予批准的理由",
    Breach.WRONG_APPROVAL: "对不符合法定条件的申请作出批准决定",
    Breach.REJECTION_WITHOUT_CONSENT: "不予受理未经首席审批员同意",
    Breach.OVERDUE: "未在承诺时限内办结",
    Breach.NO_DECISION_WITHIN_LIMIT: "收件后未在期限内作出受理决定",
    Breach.LATE_EXTENSION_REQUEST: "超过承诺办结时限才提出延期申请",
    Breach.NOT_ONE_TIME_NOTIFIED: "未一次性告知需补正的全部材料",
    Breach.NO_REPLY: "应当答复而未答复",
    Breach.UNAUTHORISED_FEE: "擅自收费或未按规定收费",
    Breach.NOT_PUBLISHED: "未按规定公开政务服务事项信息",
    Breach.PUSHING_OFF: "推诿扯皮、刁难申请人",
    Breach.RUDE_CONDUCT: "服务态度粗暴",
    Breach.LEFT_POST: "值班时擅自离岗",
    Breach.NO_LUNCH_DUTY: "工作日午休时间窗口无人值班",
    Breach.APPOINTMENT_NOT_CONTACTED: "收到预约后未及时与办事人联系",
    Breach.FIRST_INQUIRY_BREACH: "违反首问（首办）负责制",
    Breach.NOT_REPORTED: "应当请示报告而未及时报告",
    Breach.REPEATED_COMPLAINT: "投诉处理不及时、不恰当，造成重复投诉或越级上访",
    Breach.POOR_RATING: "差评经核实属实",
    Breach.RETALIATION: "打击、报复投诉人",
    Breach.OTHER: "其他违反效能管理制度的行为",
}
