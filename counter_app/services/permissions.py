"""Who may do what: one table, checked by the services; the windows grey out what it refuses.

A named stand-in (代理人) acts as the director in the days they are named for, so an action
open to managers is open to them too (`Actor.acting_director`).
"""

from __future__ import annotations

from enum import Enum

from counter_app.data.models import Role
from counter_app.errors import PermissionDenied
from counter_app.i18n import _


class Action(str, Enum):
    VOID_QUOTE = "void_quote"  # a quote the customer has not accepted
    VOID_ACCEPTED_QUOTE = "void_accepted_quote"
    VOID_SLIP = "void_slip"
    RELEASE_UNPAID_PICKUP = "release_unpaid_pickup"
    SET_METAL_PRICES = "set_metal_prices"
    CHANGE_POLICY = "change_policy"
    CHANGE_STORE_SETTINGS = "change_store_settings"  # slip paper, message templates, opening hours
    MERGE_CUSTOMERS = "merge_customers"
    PRIVACY = "privacy"  # retention period, anonymising a customer
    RESTORE = "restore"
    MANAGE_STAFF = "manage_staff"
    NAME_STAND_IN = "name_stand_in"
    VIEW_AUDIT = "view_audit"
    ARCHIVE = "archive"  # sign and export the weekly customer archive
    HEAD_OFFICE_SUMMARY = "head_office_summary"
    COMPLAINT_MANAGER = "complaint_manager"  # reply as the manager, hand a complaint over
    PLAN_INVITATIONS = "plan_invitations"


_EVERYONE = frozenset({Role.CLERK, Role.MANAGER, Role.HEAD_OFFICE})
_MANAGERS = frozenset({Role.MANAGER, Role.HEAD_OFFICE})

PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.VOID_QUOTE: _EVERYONE,
    Action.VOID_ACCEPTED_QUOTE: _MANAGERS,
    Action.VOID_SLIP: _MANAGERS,
    Action.RELEASE_UNPAID_PICKUP: _MANAGERS,
    Action.SET_METAL_PRICES: _MANAGERS,
    Action.CHANGE_POLICY: _MANAGERS,
    Action.CHANGE_STORE_SETTINGS: _MANAGERS,
    Action.MERGE_CUSTOMERS: _MANAGERS,
    Action.PRIVACY: _MANAGERS,
    Action.RESTORE: _MANAGERS,
    Action.MANAGE_STAFF: _MANAGERS,
    Action.NAME_STAND_IN: _MANAGERS,
    Action.VIEW_AUDIT: _MANAGERS,
    Action.ARCHIVE: _MANAGERS,
    Action.HEAD_OFFICE_SUMMARY: _MANAGERS,
    Action.COMPLAINT_MANAGER: _MANAGERS,
    Action.PLAN_INVITATIONS: _MANAGERS,
}

# Actions open to managers that a named stand-in may take in their days: all but naming another.
_STAND_IN_MAY = frozenset(a for a, roles in PERMISSIONS.items() if Role.MANAGER in roles) - {Action.NAME_STAND_IN}


def action_label(action: Action) -> str:
    """What the action is, as the refusal names it."""
    return {
        Action.VOID_QUOTE: _("作废报价单"),
        Action.VOID_ACCEPTED_QUOTE: _("作废顾客已接受的报价单"),
        Action.VOID_SLIP: _("作废维修单"),
        Action.RELEASE_UNPAID_PICKUP: _("在未结清时放行取件"),
        Action.SET_METAL_PRICES: _("录入当日金价"),
        Action.CHANGE_POLICY: _("修改政策参数"),
        Action.CHANGE_STORE_SETTINGS: _("修改门店设置（维修单纸张、通知模板、营业时间）"),
        Action.MERGE_CUSTOMERS: _("合并客户档案"),
        Action.PRIVACY: _("修改客户资料保存年限或匿名处理客户资料"),
        Action.RESTORE: _("从备份恢复数据库"),
        Action.MANAGE_STAFF: _("管理员工账号"),
        Action.NAME_STAND_IN: _("指定代理人"),
        Action.VIEW_AUDIT: _("查看操作记录"),
        Action.ARCHIVE: _("签核和导出每周客户档案"),
        Action.HEAD_OFFICE_SUMMARY: _("导出总部汇总"),
        Action.COMPLAINT_MANAGER: _("以店长身份答复或转交投诉"),
        Action.PLAN_INVITATIONS: _("安排活动邀请"),
    }[action]


def allowed(role: Role, action: Action, *, acting_director: bool = False) -> bool:
    if role in PERMISSIONS[action]:
        return True
    return acting_director and action in _STAND_IN_MAY


def refusal(action: Action) -> PermissionDenied:
    roles = PERMISSIONS[action]
    if roles <= _MANAGERS:
        return PermissionDenied(_("只有店长（体验中心主任）或其代理人可以{what}。", what=action_label(action)))
    return PermissionDenied(_("您没有权限{what}。", what=action_label(action)))
