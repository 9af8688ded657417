"""Words for the codes stored in archive records, in the reader's language.

Shared by the PDF, the spreadsheet and the review window so all three say the same.
"""

from __future__ import annotations

from typing import Any

from counter_app.i18n import _

KIND = {
    "bought": "购买",
    "call_in": "来电",
    "intake": "到店收件",
    "slip": "开维修单",
    "pickup": "取件",
    "quote": "报价",
    "complaint": "投诉",
}
CALL_PURPOSE = {"enquiry": "咨询", "complaint": "投诉", "follow_up": "回访", "notify": "通知", "invitation": "邀请"}
INTAKE_OUTCOME = {"slip": "开维修单", "quote": "报价", "maintenance": "店内保养", "none": "仅检查"}
QUOTE_KIND = {"return": "退货", "exchange": "换货", "trade_in": "以旧换新", "metal": "按克重换新"}
QUOTE_STATUS = {"draft": "未确认", "accepted": "已接受", "void": "已作废"}
COMPLAINT_KIND = {"complaint": "投诉", "praise": "表扬"}
SLIP_STATUS = {
    "received": "已收件",
    "sent": "已送厂",
    "back": "已回店",
    "notified": "已通知",
    "collected": "已取件",
    "cancelled": "已取消",
    "maintenance": "店内保养",
}
MISSING = {"no_phone": "无电话", "no_address": "无地址", "open_slip": "维修单未结", "open_complaint": "投诉未结"}
NEXT = {
    "anniversary": "周年服务",
    "wedding_anniversary": "结婚纪念日服务",
    "first_service": "第一次服务",
    "cleaning": "清洗保养",
    "birthday": "生日问候",
    "event": "活动邀请",
    "new_arrival": "新品介绍",
    "after_repair": "维修后回访",
    "other": "其他回访",
}
COPY = {"hq": "总部联", "store": "门店联"}


def label(table: dict[str, str], code: str) -> str:
    return _(table[code]) if code in table else code


def activity_text(a: dict[str, Any]) -> str:
    kind = a.get("kind", "")
    sub = a.get("sub", "")
    ref = a.get("ref", "")
    detail = a.get("detail", "")
    if kind == "call_in":
        head = _("来电{purpose}", purpose=label(CALL_PURPOSE, sub)) if sub else label(KIND, kind)
    elif kind == "intake":
        head = _("到店收件（{outcome}）", outcome=label(INTAKE_OUTCOME, sub)) if sub else label(KIND, kind)
    elif kind == "quote":
        head = _("{kind}报价", kind=label(QUOTE_KIND, sub))
        detail = _("{status}，应付 ¥{amount}", status=label(QUOTE_STATUS, detail), amount=a.get("amount", ""))
    elif kind == "complaint":
        head = label(COMPLAINT_KIND, sub) if sub else label(KIND, kind)
    else:
        head = label(KIND, kind)
    text = f"{head} {ref}".strip()
    return f"{text}：{detail}" if detail else text


def history_text(h: dict[str, Any]) -> str:
    ref = f" {h['ref']}" if h.get("ref") else ""
    detail = f" {h['detail']}" if h.get("detail") else ""
    return f"{h.get('date', '')}{ref}{detail}（{label(SLIP_STATUS, h.get('status', ''))}）"


def missing_text(m: dict[str, Any]) -> str:
    text = label(MISSING, m.get("code", ""))
    return f"{text} {m['ref']}" if m.get("ref") else text


def next_text(n: dict[str, Any]) -> str:
    if not n:
        return ""
    return f"{label(NEXT, n.get('kind', ''))} {n.get('due', '')}"


# --- head office summaries -----------------------------------------------------------------

WORK_KIND = {
    "in_store": "店内免费保养",
    "factory_free": "返厂免工费",
    "factory_paid": "返厂收费",
    "damage": "人为损坏收费",
    "other": "其他",
}
TRADE = {"return": "退货", "exchange": "换货", "trade_in": "以旧换新", "metal": "按克重换新"}


def work_kind_text(code: str) -> str:
    return " + ".join(label(WORK_KIND, part) for part in code.split("+"))


def summary_rows(s: Any) -> list[tuple[str, str]]:
    """The summary's headline figures as (label, value) lines, shared by PDF, XLSX and window."""
    c = s.complaints
    lim = c.get("limits", {})
    dash = "—"
    rows = [
        (_("服务顾客"), str(s.customers_served)),
        (_("新开维修单"), str(s.slips_opened)),
        (_("已取件"), str(s.collected)),
        (_("平均周转（收件→取件）"), _("{d} 天", d=s.turnaround_avg_days) if s.turnaround_avg_days is not None else dash),
        (_("最长周转"), _("{d} 天（{slip}）", d=s.turnaround_worst_days, slip=s.turnaround_worst_slip)
         if s.turnaround_worst_days is not None else dash),
        (_("超期未回店维修单"), str(s.slips_overdue)),
        (_("回访电话：应打 / 已完成"), f"{s.calls_due} / {s.calls_done}"),
        (_("去电 / 来电"), f"{s.calls_out} / {s.calls_in}"),
        (_("投诉：收到 / 解决 / 上报"), f"{c.get('received', 0)} / {c.get('resolved', 0)} / {c.get('escalated', 0)}"),
        (_("{h} 工作小时内解决", h=lim.get("handle_hours", 6)), str(c.get("within_handle", 0))),
        (_("{h} 工作小时内解决", h=lim.get("max_hours", 24)), str(c.get("within_max", 0))),
        (_("{d} 天内解决", d=lim.get("reply_days", 7)), str(c.get("within_reply_days", 0))),
        (_("{d} 天内解决", d=lim.get("escalate_days", 15)), str(c.get("within_escalate_days", 0))),
        (_("超过 {d} 天（含未解决）", d=lim.get("escalate_days", 15)), str(c.get("past_escalate_days", 0))),
        (_("平均 / 最长处理（工作小时）"),
         f"{c.get('avg_hours') if c.get('avg_hours') is not None else dash} / "
         f"{c.get('worst_hours') if c.get('worst_hours') is not None else dash}"),
    ]
    return rows
