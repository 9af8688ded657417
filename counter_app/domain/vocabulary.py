"""The words every layer shares: who someone is at the counter, where a slip stands.

Defined here, in the domain, so the windows can name them without the data layer; the
models store them by name.
"""

from __future__ import annotations

import enum


class Role(str, enum.Enum):
    CLERK = "clerk"  # 店员 / 售后客服
    MANAGER = "manager"  # 体验中心主任 / 店长
    HEAD_OFFICE = "head_office"  # 总部客服部


class SlipStatus(str, enum.Enum):
    RECEIVED = "received"  # 已收件
    SENT = "sent"  # 已送厂
    BACK = "back"  # 已回店
    NOTIFIED = "notified"  # 已通知
    COLLECTED = "collected"  # 已取件
    CANCELLED = "cancelled"  # 已取消
