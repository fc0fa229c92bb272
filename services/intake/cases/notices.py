"""Printable notices (三单 plus the rejection notice) as PDF, in Chinese, with an embedded CJK
font. The stored notice on the case is the centre's copy; the PDF is the applicant's.

Rendered from the stored record alone, so printing the same notice twice gives the same text.
"""

import asyncio
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from multiprocessing import get_context
from pathlib import Path

from fpdf import FPDF

from ..catalogue.domain import LimitUnit, ResultKind
from .domain import Case, Notice, NoticeKind
from .materials import MaterialState

TITLES = {
    NoticeKind.MATERIAL_RECEIPT: "申请材料接收单",
    NoticeKind.CORRECTION_NOTICE: "补正告知书",
    NoticeKind.ACCEPTANCE_NOTICE: "受理通知书",
    NoticeKind.REJECTION_NOTICE: "不予受理告知书",
    NoticeKind.RESULT: "审批结果",
    NoticeKind.DENIAL_DECISION: "不予行政许可决定书",
    NoticeKind.SUSPENSION_NOTICE: "特别程序告知书",
    NoticeKind.EXTENSION_NOTICE: "延期办理告知书",
    NoticeKind.COMPLETION_DATE_CHANGE_NOTICE: "办结日期变更告知书",
    NoticeKind.MATERIALS_COMPLETED_NOTICE: "补齐材料告知书",
}
# beside a date counted into a year whose holiday arrangement the State Council has not yet
# published (the deadlines service computed its statutory holidays and estimated 补假)
PROVISIONAL_NOTE = "预计，以国务院公布的放假安排为准"
PROCEDURES = {"inspection": "检验", "testing": "检测", "quarantine": "检疫", "appraisal": "鉴定",
              "expert_review": "专家评审", "hearing": "听证", "tender": "招标", "auction": "拍卖"}
RESULT_KINDS = {ResultKind.LICENCE: "许可证", ResultKind.CERTIFICATE: "证书",
                ResultKind.DECISION: "决定书"}
STATES = {MaterialState.PRESENT: "已收", MaterialState.MISSING: "缺",
          MaterialState.DEFECTIVE: "有误"}
UNITS = {LimitUnit.WORKING_DAYS: "个工作日", LimitUnit.NATURAL_DAYS: "日"}


class FontMissing(Exception):
    pass


def _day(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "—"


def _completion(notice: Notice) -> str:
    """The committed completion date as printed, with the provisional note where it applies."""
    day = _day(notice.committed_completion_on)
    return f"{day}（{PROVISIONAL_NOTE}）" if notice.committed_completion_provisional else day


class NoticeRenderer:
    def __init__(self, centre_name: str, font_path: str, font_index: int = 2) -> None:
        self.centre_name = centre_name
        self.font_path = font_path
        self.font_index = font_index  # Noto CJK collections: 2 is Simplified Chinese

    def render(self, case: Case, notice: Notice) -> bytes:
        if not Path(self.font_path).is_file():
            raise FontMissing(f"the CJK font {self.font_path} is not installed")
        pdf = FPDF(format="A4")
        title = self._title(case, notice)
        pdf.set_title(f"{title} {notice.number}")
        pdf.set_creator("onewindow")
        pdf.set_creation_date(notice.issued_at)
        pdf.add_font("cjk", fname=self.font_path, collection_font_number=self.font_index)
        pdf.add_page()
        pdf.set_font("cjk", size=18)
        pdf.cell(0, 12, self.centre_name, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.cell(0, 12, title, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=10)
        pdf.cell(0, 8, f"编号：{notice.number}    日期：{_day(notice.issued_on)}", align="R",
                 new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=12)
        for line in self._lines(case, notice):
            pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
        window = case.window_name or case.window or "—"
        pdf.multi_cell(0, 8, f"经办部门：{case.department_name}    窗口：{window}    "
                             f"经办人：{notice.staff_name}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=9)
        pdf.multi_cell(0, 6, "本文书一式两份，申请人与中心各执一份。监督电话："
                             f"{case.item.elements.supervision_phone or '—'}",
                       new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())

    @staticmethod
    def _title(case: Case, notice: Notice) -> str:
        if notice.kind is NoticeKind.RESULT:
            e = case.item.elements
            return e.result_name or f"{e.name}{RESULT_KINDS[e.result_kind]}"
        return TITLES[notice.kind]

    def _lines(self, case: Case, notice: Notice) -> list[str]:
        a, e = case.applicant, case.item.elements
        lines = [f"申请人：{a.name}（证件号码 {a.masked_id_number()}）",
                 f"办件编号：{case.case_number}",
                 f"申请事项：{e.name}（{case.item.code}，第 {case.item.item_version} 版）"]
        match notice.kind:
            case NoticeKind.MATERIAL_RECEIPT:
                lines.append(f"收件时间：{_day(case.received_on)}。收到材料如下：")
                lines += [f"  {i}. {r.name}：{STATES[r.state]}" + (f"（{r.reason}）" if r.reason else "")
                          for i, r in enumerate(notice.materials, 1)]
            case NoticeKind.CORRECTION_NOTICE:
                lines.append(f"您于{_day(case.received_on)}提交的申请材料不齐全或不符合法定形式，"
                             "现一次性告知需补正的全部内容：")
                lines += [f"  {i}. {r.name}：{STATES[r.state]}" + (f"（{r.reason}）" if r.reason else "")
                          for i, r in enumerate(notice.materials, 1)]
                lines.append("请补正后再次提交；补齐之日起计算办理时限。")
            case NoticeKind.ACCEPTANCE_NOTICE:
                limit = f"{e.committed_limit}{UNITS[e.limit_unit]}"
                lines.append(f"您的申请已于{_day(case.accepted_on)}受理，承诺办理时限为{limit}。")
                if notice.owed:
                    lines.append("本件为容缺受理（补办件），尚需补交：" + "、".join(notice.owed)
                                 + f"，约定于{_day(notice.promised_on)}前补齐。")
                    if case.clock_deferred:
                        lines.append("办理时限自材料补齐之日起计算。")
                if notice.committed_completion_on:
                    lines.append(f"承诺办结日期：{_completion(notice)}。")
                if case.query_code:
                    lines.append(f"查询码：{case.query_code}（凭办件编号和查询码可查询办理进度）")
            case NoticeKind.REJECTION_NOTICE:
                lines.append("经审查，您的申请不予受理，理由如下：")
                lines += [f"  {i}. {r}" for i, r in enumerate(notice.reasons, 1)]
                lines.append(f"法律依据：{notice.legal_basis}")
                if r := notice.referral:
                    lines.append(f"请向以下机关或窗口申请：{r.printed}")
                lines.append("如不服本决定，可依法申请行政复议或者提起行政诉讼。")
            case NoticeKind.RESULT:
                lines.append(f"经审查，您于{_day(case.accepted_on)}受理的申请符合法定条件，"
                             f"准予办理。特发此{RESULT_KINDS[e.result_kind]}。")
                lines.append(f"决定日期：{_day(notice.issued_on)}。")
            case NoticeKind.DENIAL_DECISION:
                lines.append(f"您于{_day(case.accepted_on)}受理的申请，经审查，决定不予许可，"
                             "理由如下：")
                lines += [f"  {i}. {r}" for i, r in enumerate(notice.reasons, 1)]
                lines.append(f"依据：{notice.legal_basis}")
                lines.append("如不服本决定，可自收到本决定书之日起六十日内依法申请行政复议，"
                             "或者六个月内依法提起行政诉讼。")
            case NoticeKind.SUSPENSION_NOTICE:
                what = PROCEDURES.get(notice.procedure or "", notice.procedure or "")
                lines.append(f"您的申请依法需要进行{what}，理由：{'；'.join(notice.reasons)}。")
                lines.append(f"预计所需时间为{notice.expected_days}个工作日，"
                             "该期间不计算在承诺办结时限内（行政许可法第四十五条）。")
            case NoticeKind.EXTENSION_NOTICE:
                lines.append(f"因{'；'.join(notice.reasons)}，您的申请不能在承诺时限内办结，"
                             f"经批准延长{notice.extension_days}个工作日。")
                if notice.committed_completion_on:
                    lines.append(f"延期后的办结日期：{_completion(notice)}。")
            case NoticeKind.COMPLETION_DATE_CHANGE_NOTICE:
                lines.append(f"因{'；'.join(notice.reasons)}，您的申请的承诺办结日期重新计算，"
                             f"由{_day(notice.previous_completion_on)}调整为"
                             f"{_completion(notice)}。")
                lines.append("承诺办理时限不变，仅节假日安排变化。")
            case NoticeKind.MATERIALS_COMPLETED_NOTICE:
                limit = f"{e.committed_limit}{UNITS[e.limit_unit]}"
                lines.append(f"您的容缺受理申请（{_day(case.accepted_on)}受理）所欠材料已于"
                             f"{_day(notice.issued_on)}补齐。")
                if case.clock_deferred:
                    lines.append(f"办理时限自补齐之日起计算，承诺办理时限为{limit}。")
                if notice.committed_completion_on:
                    lines.append(f"承诺办结日期：{_completion(notice)}。")
        return lines


class NoticePrinter:
    """Renders notices off the event loop, in a worker process, once per notice: a notice never
    changes after it is issued, so its PDF is kept (least recently used out, bounded in bytes)
    and concurrent requests for one notice share one rendering."""

    def __init__(self, renderer: NoticeRenderer, workers: int = 1,
                 kept_bytes: int = 32 * 1024 * 1024) -> None:
        self.renderer = renderer
        self.workers = workers
        self.kept_bytes = kept_bytes
        self._pool = None
        self._kept: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._rendering: dict[str, asyncio.Future] = {}

    async def pdf(self, case: Case, notice: Notice) -> bytes:
        if (kept := self._kept.get(notice.number)) is not None:
            self._kept.move_to_end(notice.number)
            return kept
        if (running := self._rendering.get(notice.number)) is not None:
            return await asyncio.shield(running)
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"))
        future = asyncio.get_running_loop().run_in_executor(
            self._pool, self.renderer.render, case, notice)
        self._rendering[notice.number] = future
        try:
            pdf = await asyncio.shield(future)
        finally:
            self._rendering.pop(notice.number, None)
        self._keep(notice.number, pdf)
        return pdf

    def _keep(self, number: str, pdf: bytes) -> None:
        self._kept[number] = pdf
        self._size += len(pdf)
        while self._size > self.kept_bytes and self._kept:
            _, dropped = self._kept.popitem(last=False)
            self._size -= len(dropped)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
