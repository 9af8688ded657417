"""Customer files, the call log and follow-ups, complaints, the start page's to-do list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from counter_app.domain import clock
from counter_app.domain.complaint_clock import WorkingHours
from counter_app.errors import InputError
from counter_app.i18n import _
from counter_app.services import (
    attention,
    calls,
    complaints,
    customer_search,
    customers,
    followups,
    org,
)
from counter_app.services.actions import Actions
from counter_app.services.attention import AttentionItem
from counter_app.services.calls import CallRow
from counter_app.services.complaints import ComplaintRow
from counter_app.services.context import Actor
from counter_app.services.customer_search import CustomerHit
from counter_app.services.customers import CustomerDetails, CustomerFile, DuplicatePair, MergeResult

# --- view records of the actions ----------------------------------------------------------


@dataclass(frozen=True)
class CustomerSaved:
    """A file just created or changed; a new file comes with the files it may duplicate."""

    id: int
    name: str
    duplicates: list[DuplicatePair] = field(default_factory=list)


@dataclass(frozen=True)
class FollowUpsMade:
    """What a generation of follow-up tasks (or an event's invitations) added."""

    created: int
    skipped: int
    days: int
    policy_version: int
    by_kind: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, r: followups.GenerationResult) -> FollowUpsMade:
        return cls(r.created, r.skipped, r.days, r.policy_version, dict(r.by_kind))


@dataclass(frozen=True)
class CallsToday:
    """The day's call list; `may_log` says whether this person may record the outcomes."""

    on: dt.date
    calls: list[CallRow]
    may_log: bool
    generated: FollowUpsMade | None = None


@dataclass(frozen=True)
class StandInNamed:
    id: int
    login: str
    name: str
    starts_on: dt.date
    ends_on: dt.date


@dataclass(frozen=True)
class ComplaintRecorded:
    id: int
    number: str


# --- customer files ----------------------------------------------------------------------


class CustomerActions(Actions):
    def search(self, text: str, limit: int = 20) -> list[CustomerHit]:
        """The search box: one indexed look-up per keystroke."""
        return self._read(lambda s: customer_search.search(s, text, limit))

    def open_file(self, customer_id: int) -> CustomerFile:
        """The file with its timeline and edit history (a merged file leads to the kept one)."""
        return self._read(lambda s: customers.open_file(s, customer_id))

    def details(self, customer_id: int) -> CustomerDetails:
        """The details to edit, phones masked."""
        return self._read(lambda s: customers.details(s, customer_id))

    def create(self, actor: Actor, fields: dict[str, Any]) -> CustomerSaved:
        """File a new customer; the files it may duplicate come back with it."""

        def job(s: Session) -> CustomerSaved:
            c = customers.create(s, actor, **fields)
            return CustomerSaved(c.id, c.name, customers.duplicates_of(s, c.id))

        return self._write(job)

    def edit(self, actor: Actor, customer_id: int, changes: dict[str, Any]) -> CustomerSaved:
        if not changes:
            raise InputError(_("没有要修改的内容。"))

        def job(s: Session) -> CustomerSaved:
            c = customers.edit(s, actor, customer_id, **changes)
            return CustomerSaved(c.id, c.name)

        return self._write(job)

    def reveal_phone(self, actor: Actor, customer_id: int) -> str:
        """The full number; who looked is logged."""
        return self._write(lambda s: customers.reveal_phone(s, actor, customer_id))

    def duplicates(self, actor: Actor, customer_id: int | None = None) -> list[DuplicatePair]:
        """Files that may be the same person as `customer_id`, or likely pairs of the actor's store."""
        if customer_id is not None:
            return self._read(lambda s: customers.duplicates_of(s, customer_id))
        return self._read(lambda s: customers.duplicate_candidates(s, actor.store_id))

    def merge(self, actor: Actor, keep_id: int, merge_id: int, reason: str) -> MergeResult:
        return self._write(lambda s: customers.merge(s, actor, keep_id, merge_id, reason))


# --- calls and follow-ups ------------------------------------------------------------------


class CallActions(Actions):
    def today(self, actor: Actor, on: dt.date | None = None, at: dt.time | None = None, *,
              generate: bool = False) -> CallsToday:
        """The calls due on `on` in their windows (past windows skipped from `at`).

        With `generate`, the day's follow-up tasks are made first, in the same transaction.
        """
        store_id = actor.require_store()
        day = on or clock.today()

        def job(s: Session) -> CallsToday:
            made = FollowUpsMade.of(followups.generate(s, actor, day)) if generate else None
            return CallsToday(day, calls.today(s, store_id, day, at), calls.may_work_list(s, actor, day), made)

        return self._write(job) if generate else self._read(job)

    def generate(self, actor: Actor, start: dt.date | None = None, end: dt.date | None = None) -> FollowUpsMade:
        """Make the follow-up tasks due from `start` to `end` (idempotent)."""
        first = start or clock.today()
        return self._write(lambda s: FollowUpsMade.of(followups.generate(s, actor, first, end or first)))

    def log(self, actor: Actor, customer_id: int | None, *, channel: str = "phone", direction: str = "out",
            purpose: str = "enquiry", outcome: str = "", text: str = "", follow_up_id: int | None = None) -> int:
        """Log one call, visit, message or letter (or a follow-up call's outcome); its id."""
        if customer_id is None and follow_up_id is None:
            raise InputError(_("请给出顾客编号或跟踪任务编号。"))

        def job(s: Session) -> int:
            entry = calls.log(s, actor, customer_id, channel=channel, direction=direction, purpose=purpose,
                              outcome=outcome, text=text, follow_up_id=follow_up_id)
            return entry.id

        return self._write(job)

    def plan_event(self, actor: Actor, name: str, on: dt.date, rule: followups.EventRule) -> FollowUpsMade:
        """Invitations for an event: a call two weeks before it for each customer it suits."""
        return self._write(lambda s: FollowUpsMade.of(followups.plan_event(s, actor, name, on, rule)))

    def name_stand_in(self, actor: Actor, login: str, start: dt.date, end: dt.date, note: str = "") -> StandInNamed:
        """The director names who works the call list while away."""

        def job(s: Session) -> StandInNamed:
            staff = org.staff_by_login(s, login)
            row = calls.name_stand_in(s, actor, staff.id, start, end, note)
            return StandInNamed(row.id, staff.login, staff.name, row.starts_on, row.ends_on)

        return self._write(job)


# --- complaints ----------------------------------------------------------------------------


class ComplaintActions(Actions):
    def listing(self, actor: Actor, at: dt.datetime | None = None, *, overdue_only: bool = False,
                open_only: bool = False) -> list[ComplaintRow]:
        """The store's complaints with their clocks at `at` (default now)."""
        store_id = actor.require_store()
        return self._read(lambda s: complaints.list_complaints(s, store_id, at, overdue_only=overdue_only,
                                                               open_only=open_only))

    def attention(self, actor: Actor, at: dt.datetime | None = None) -> list[ComplaintRow]:
        """Open complaints past a clock, most urgent first."""
        store_id = actor.require_store()
        return self._read(lambda s: complaints.attention_list(s, store_id, at))

    def show(self, complaint_id: int | str, at: dt.datetime | None = None) -> ComplaintRow:
        """One complaint (by id or number) with its steps and clocks."""
        return self._read(lambda s: complaints.show(s, complaint_id, at))

    def record(self, actor: Actor, customer_id: int | None, what: str, *, place: str = "", people: str = "",
               received_at: dt.datetime | None = None, channel: str = "visit", kind: str = "complaint",
               coupon: str | None = None) -> ComplaintRecorded:
        """Write down a complaint or praise; whoever receives it owns it."""

        def job(s: Session) -> ComplaintRecorded:
            c = complaints.record(s, actor, customer_id, what, place=place, people=people, received_at=received_at,
                                  channel=channel, kind=kind, coupon=coupon)
            return ComplaintRecorded(c.id, c.number)

        return self._write(job)

    def add_step(self, actor: Actor, complaint_id: int | str, step: str, text: str = "", *,
                 promised_by: dt.datetime | None = None, compensation: str = "", cause: str = "",
                 responsibility_unclear: bool | None = None) -> ComplaintRow:
        """One handling step (a manager's reply is the step `manager_reply`); the complaint as it now stands."""

        def job(s: Session) -> ComplaintRow:
            c = complaints.add_step(s, actor, complaint_id, step, text, promised_by=promised_by,
                                    compensation=compensation, cause=cause,
                                    responsibility_unclear=responsibility_unclear)
            return complaints.show(s, c.id)

        return self._write(job)

    def resolve(self, actor: Actor, complaint_id: int | str, text: str, *,
                responsibility_unclear: bool | None = None) -> ComplaintRow:
        def job(s: Session) -> ComplaintRow:
            c = complaints.resolve(s, actor, complaint_id, text, responsibility_unclear=responsibility_unclear)
            return complaints.show(s, c.id)

        return self._write(job)

    def reassign(self, actor: Actor, complaint_id: int | str, login: str, reason: str) -> ComplaintRow:
        """A manager hands the complaint to another member of staff (the row's `owner` is their name)."""

        def job(s: Session) -> ComplaintRow:
            staff = org.staff_by_login(s, login)
            c = complaints.reassign(s, actor, complaint_id, staff.id, reason)
            return complaints.show(s, c.id)

        return self._write(job)

    def working_hours(self) -> WorkingHours:
        """The week the complaint clocks count in."""
        return self._read(complaints.working_hours)

    def set_working_hours(self, actor: Actor, days: list[int] | None = None, start: str | None = None,
                          end: str | None = None) -> WorkingHours:
        """Change the week; what is not given stays as it is (days 0 = Monday)."""

        def job(s: Session) -> WorkingHours:
            week = complaints.working_hours(s)
            return complaints.set_working_hours(s, actor, list(week.days) if days is None else days,
                                                start or week.start.strftime("%H:%M"),
                                                end or week.end.strftime("%H:%M"))

        return self._write(job)


# --- the start page ------------------------------------------------------------------------


class HomeActions(Actions):
    def todo(self, actor: Actor, at: dt.datetime | None = None) -> list[AttentionItem]:
        """What needs `actor` today, most urgent first (the store's list for a manager)."""
        return self._read(lambda s: attention.for_actor(s, actor, at or clock.now()))
