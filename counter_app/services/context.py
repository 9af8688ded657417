"""Who is acting, for which store: every service call carries an `Actor`."""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.data.models import Role
from counter_app.errors import PermissionDenied
from counter_app.i18n import _
from counter_app.services.permissions import Action, allowed, refusal


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

    def may(self, action: Action) -> bool:
        """What the permission table allows this person (the windows grey out the rest)."""
        return allowed(self.role, action, acting_director=self.acting_director)

    def require(self, action: Action) -> None:
        """Refuse, in words, what the permission table does not allow this person."""
        if not self.may(action):
            raise refusal(action)

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
