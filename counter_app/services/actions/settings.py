"""Settings and staff: the policy, store-wide slip settings, staff accounts, the console account."""

from __future__ import annotations

from typing import Any

from counter_app.errors import InputError
from counter_app.i18n import _
from counter_app.services import org, policy, slip_settings
from counter_app.services.actions import Actions
from counter_app.services.context import Actor
from counter_app.services.permissions import Action
from counter_app.services.policy import PolicyView


class PolicyActions(Actions):
    def show(self) -> PolicyView:
        """The version in force (the defaults are version 1 until a manager changes them)."""
        return self._read(lambda s: policy.view_of(s, policy.current(s)[0]))

    def change(self, actor: Actor, changes: dict[str, Any], reason: str) -> PolicyView:
        """One manager's change: a new version, with the reason it was made."""
        actor.require(Action.CHANGE_POLICY)
        why = " ".join((reason or "").split())
        if not why:
            raise InputError(_("修改政策参数须写明原因。"), field="reason")
        return self._write(lambda s: policy.view_of(s, policy.set_values(s, actor, changes, why)))


class SlipSettingsActions(Actions):
    def show(self) -> tuple[str, dict[str, str]]:
        """(paper size, message template of each status)."""
        return self._read(lambda s: (slip_settings.paper_size(s), slip_settings.templates(s)))

    def save(self, actor: Actor, paper: str, templates: dict[str, str]) -> tuple[str, dict[str, str]]:
        def job(s: Any) -> tuple[str, dict[str, str]]:
            return slip_settings.set_paper_size(s, actor, paper), slip_settings.set_templates(s, actor, templates)

        return self._write(job)


class StaffActions(Actions):
    def console_actor(self, store_code: str | None = None) -> Actor:
        """The command line's own account, at `store_code` or the first store."""

        def job(s: Any) -> Actor:
            staff = org.console_staff(s)
            store = org.find_store(s, store_code) if store_code else org.default_store(s)
            return org.actor_for(s, staff, store)

        return self._write(job)
