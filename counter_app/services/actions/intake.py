"""Intake: checking a piece against its receipt and certificate, in-store maintenance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from counter_app.data.models import Intake
from counter_app.domain.policy import PolicyValues
from counter_app.domain.verification import ItemRecord, Observed, Retest, VerificationResult
from counter_app.errors import InputError, NotFound
from counter_app.i18n import _
from counter_app.services import intake
from counter_app.services import policy as policy_service
from counter_app.services.actions import Actions
from counter_app.services.context import Actor
from counter_app.services.intake import CustomerItem


@dataclass(frozen=True)
class ItemLookup:
    """The sale on record for a receipt and product code, with the policy to check it by.

    `record` is None when the shared records do not hold the piece; `missing` then says what
    the receipt does hold, and head office may vouch for the sale instead.
    """

    record: ItemRecord | None
    policy: PolicyValues
    policy_version: int
    missing: str = ""

    @property
    def found(self) -> bool:
        return self.record is not None


@dataclass(frozen=True)
class IntakeDraft:
    """What the clerk entered for one intake, as it is checked and stored."""

    receipt_no: str
    product_code: str
    observed: Observed = field(default_factory=Observed)
    retest: Retest | None = None
    condition: dict[str, Any] = field(default_factory=dict)
    unmentioned_defects: list[dict[str, Any]] = field(default_factory=list)
    brought: dict[str, Any] = field(default_factory=dict)
    weight_g: Decimal | str | None = None
    notes: str = ""
    head_office_confirmation: dict[str, Any] | None = None
    photo_path: str = ""
    quality_report: bool = False
    on: dt.date | None = None

    def values(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class IntakeView:
    """A stored intake as the counter sees it after saving."""

    id: int
    receipt_no: str
    product_code: str
    outcome: str
    verdict: str
    other_store: bool
    created_at: dt.datetime | None

    @classmethod
    def of(cls, row: Intake) -> IntakeView:
        return cls(row.id, row.receipt_no, row.product_code, row.outcome or "",
                   str((row.verification or {}).get("verdict", "")), bool(row.other_store), row.created_at)


class IntakeActions(Actions):
    def look_up(self, actor: Actor, receipt_no: str, product_code: str) -> ItemLookup:
        """The sale on record and the policy in force, for the window's live check (reads only)."""

        def job(s: Session) -> ItemLookup:
            try:
                record, values, version = intake.lookup(s, actor, receipt_no, product_code)
            except NotFound as exc:
                row, values = policy_service.current(s)
                return ItemLookup(None, values, row.version, str(exc))
            return ItemLookup(record, values, version)

        return self._read(job)

    def verify(self, actor: Actor, receipt_no: str, product_code: str, observed: Observed,
               on: dt.date | None = None, retest: Retest | None = None,
               quality_report: bool = False) -> VerificationResult:
        """Compare what is on the counter with the sale on record; nothing is stored."""
        return self._read(lambda s: intake.verify(s, actor, receipt_no, product_code, observed, on=on,
                                                  retest=retest, quality_report=quality_report))

    def customer_items(self, actor: Actor, text: str, limit: int = 50) -> list[CustomerItem]:
        """The pieces bought by the customers a phone number (or its tail), name or initials finds."""
        return self._read(lambda s: intake.customer_items(s, text, limit))

    def save(self, actor: Actor, draft: IntakeDraft, outcome: str = "") -> IntakeView:
        """Check and store one intake, with who and when, and where it goes next."""
        return self._write(lambda s: IntakeView.of(intake.save_intake(s, actor, outcome=outcome, **draft.values())))

    def set_outcome(self, actor: Actor, intake_id: int, outcome: str) -> IntakeView:
        """Say where a stored intake went: a repair slip, a quote, or nowhere."""
        return self._write(lambda s: IntakeView.of(intake.set_outcome(s, actor, intake_id, outcome)))

    def close_with_maintenance(self, actor: Actor, works: list[str], note: str = "", *,
                               intake_id: int | None = None, draft: IntakeDraft | None = None) -> IntakeView:
        """Free in-store maintenance done at the counter: the intake (stored now from `draft`, or
        the stored `intake_id`) is recorded as maintained and closed, in one step."""
        if intake_id is None and draft is None:
            raise InputError(_("请先查找销售单和货号。"), field="receipt")

        def job(s: Session) -> IntakeView:
            target = intake_id
            if target is None:
                assert draft is not None
                target = intake.save_intake(s, actor, **draft.values()).id
            return IntakeView.of(intake.close_with_maintenance(s, actor, target, works, note))

        return self._write(job)
