"""Who is acting, for which store: every service call carries an `Actor`."""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.data.models import Role
from counter_app.errors import PermissionDenied
from counter_app.i18n import _


@dataclass(frozen=True)
class Actor:
    staff_id: int | None
    name: str
    role: Role
    store_id: int | None = None
    store_code: str = ""
    acting_director: bool = False  # a named stand-in while the director is away

    @property
    def is_manager(self) -> bool:
        return self.role in (Role.MANAGER, Role.HEAD_OFFICE) or self.acting_director

    def require_manager(self, what: str) -> None:
        """Refuse, in words, an action only a center director (or stand-in) may take."""
        if not self.is_manager:
            raise PermissionDenied(_("只有店长（体验中心主任）或其代理人可以{what}。", what=what))

    def require_store(self) -> int:
        if self.store_id is None:
            raise PermissionDenied(_("请先选择门店。"))
        return self.store_id


ROLE_LABELS = {
    Role.CLERK: "店员",
    Role.MANAGER: "店长",
    Role.HEAD_OFFICE: "总部客服",
}


def role_label(role: Role) -> str:
    return _(ROLE_LABELS[role])
