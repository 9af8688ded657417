"""Settings and staff: the policy, store-wide slip settings, staff accounts, the console account,
the customers' privacy (how long their details are kept)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.data.models import PolicyVersion, Staff
from counter_app.domain.vocabulary import Role
from counter_app.errors import InputError
from counter_app.i18n import _
from counter_app.services import auth, org, policy, privacy, slip_settings
from counter_app.services.actions import Actions
from counter_app.services.auth import StaffInfo
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

    def history(self, limit: int = 50) -> list[PolicyView]:
        """The versions, newest first."""

        def job(s: Session) -> list[PolicyView]:
            rows = s.scalars(select(PolicyVersion).order_by(PolicyVersion.version.desc()).limit(limit))
            return [policy.view_of(s, row) for row in rows]

        return self._read(job)


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

    def ensure_defaults(self) -> None:
        """At start-up: the policy in force (the defaults are version 1) and the console account exist."""

        def job(s: Session) -> None:
            policy.current(s)
            org.console_staff(s)

        self._write(job)

    def accounts(self, actor: Actor) -> list[StaffInfo]:
        """Every account but the console's (anyone signed in may look; only managers change them)."""
        return self._read(lambda s: auth.list_accounts(s))

    def add(self, actor: Actor, login: str, name: str, role: Role | str, secret: str, store_code: str = "",
            phone: str = "") -> StaffInfo:
        return self._write(lambda s: _info(auth.add_staff(s, actor, login, name, role, secret, store_code, phone)))

    def is_own_account(self, actor: Actor, login: str) -> bool:
        """Is `login` the actor's own account (then a new password needs the old one)?"""
        if actor.staff_id is None:
            return False
        return self._read(lambda s: org.staff_by_login(s, login).id == actor.staff_id)

    def set_password(self, actor: Actor, login: str, new_secret: str, old_secret: str | None = None) -> None:
        """One's own password (with the old one) or, as a manager, someone else's."""
        self._write(lambda s: auth.set_password(s, actor, login, new_secret, old_secret))

    def deactivate(self, actor: Actor, login: str, reason: str) -> None:
        self._write(lambda s: auth.deactivate(s, actor, login, reason))

    def name_stand_in(self, actor: Actor, login: str, starts_on: dt.date, ends_on: dt.date, note: str = "") -> None:
        """The director's stand-in for the actor's store between two days."""

        def job(s: Session) -> None:
            auth.set_stand_in(s, actor, login, starts_on, ends_on, note)

        self._write(job)

    def set_console_access(self, actor: Actor, allowed: bool) -> None:
        """May the command line act without `--user` on a shared database?"""
        self._write(lambda s: auth.set_console_on_shared(s, actor, allowed))


def _info(staff: Staff) -> StaffInfo:
    return StaffInfo(id=staff.id, login=staff.login, name=staff.name, role=staff.role,
                     store_code=staff.store.code if staff.store else "", active=staff.active,
                     has_password=bool(staff.password_hash), acting_director=False)


class PrivacyActions(Actions):
    def retention_years(self) -> int:
        """How many years without contact before a customer's details are anonymised (0: never)."""
        return self._read(privacy.retention_years)

    def set_retention_years(self, actor: Actor, years: int | str) -> None:
        self._write(lambda s: privacy.set_retention_years(s, actor, years))

    def anonymise_inactive(self, actor: Actor, years: int | str | None = None) -> list[int]:
        """Anonymise the customers with no contact for `years` (the setting by default); their ids."""
        n: int | None = None
        if years is not None:
            try:
                n = int(years)
            except ValueError:
                raise InputError(_("保存年限应是整数：'{v}'", v=years), field="years") from None
        return self._write(lambda s: privacy.anonymise_inactive(s, actor, n))
