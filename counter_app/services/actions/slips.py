"""Repair slips: intake to pickup, factory batches, printing, lost slips, notices.

Every method is one thing the clerk does at the counter (or one `slip …` command), in one
transaction. What comes back is a frozen view record: `SlipView` carries what `slips.describe`
says about a slip, `SlipRow` a line of the list; their `as_json()` is what the commands print.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from counter_app.data.models import Intake
from counter_app.domain.records import Defect
from counter_app.errors import InputError
from counter_app.i18n import _
from counter_app.services import (
    policy,
    slip_batches,
    slip_notify,
    slip_pickup,
    slip_print,
    slip_settings,
    slip_status,
    slips,
)
from counter_app.services.actions import Actions
from counter_app.services.context import Actor
from counter_app.services.slips import SlipDraft

# Keeps a rendered PDF (writes the file) inside the transaction: when it raises, the print
# is not logged.
Keep = Callable[[bytes], object]


# --- view records -------------------------------------------------------------------------


@dataclass(frozen=True)
class SlipView:
    """One slip as the windows and the commands show it (the keys of `slips.describe`)."""

    number: str
    status: str
    status_label: str
    customer: str
    phone: str
    product_code: str
    description: str
    item: dict[str, Any]
    works: list[dict[str, Any]]
    damaged_parts: str
    unmentioned_defects: list[dict[str, Any]]
    shipping_fee: str
    repair_fee: str
    deposit: str
    paid: str
    balance: str
    factory_quote: dict[str, Any]
    promised_on: str | None
    overdue: bool
    created_at: str | None
    collected_at: str | None
    intake_weight_g: str | None
    return_weight_g: str | None
    pickup_weight_g: str | None
    note: str
    internal_note: str
    lost: dict[str, Any]
    unrepaired: bool
    print_count: int
    voided: bool
    void_reason: str
    has_signature: bool

    @classmethod
    def of(cls, info: Mapping[str, Any]) -> SlipView:
        return cls(**info)

    @property
    def lost_reported(self) -> bool:
        return bool(self.lost.get("reported"))

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SlipRow:
    """A line of the slip list (the keys of `slips.list_rows`, in the same order)."""

    number: str
    status: str
    status_label: str
    customer: str
    phone: str
    product_code: str
    description: str
    balance: str
    promised_on: str | None
    overdue: bool
    created_at: str | None
    lost: dict[str, Any]
    unrepaired: bool
    voided: bool

    @property
    def lost_reported(self) -> bool:
        return bool(self.lost.get("reported"))

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the slip's record (维修记录)."""

    at: str
    staff: str
    kind: str
    kind_label: str
    from_status: str | None
    to_status: str | None
    from_label: str
    to_label: str
    note: str
    data: dict[str, Any]

    @classmethod
    def of(cls, ev: Mapping[str, Any]) -> TimelineEntry:
        return cls(at=ev["at"], staff=ev["staff"], kind=ev["kind"], kind_label=ev["kind_label"],
                   from_status=ev["from"], to_status=ev["to"], from_label=ev["from_label"], to_label=ev["to_label"],
                   note=ev["note"], data=ev["data"])

    def as_json(self) -> dict[str, Any]:
        return {"at": self.at, "staff": self.staff, "kind": self.kind, "kind_label": self.kind_label,
                "from": self.from_status, "to": self.to_status, "from_label": self.from_label,
                "to_label": self.to_label, "note": self.note, "data": self.data}


@dataclass(frozen=True)
class SlipDetails:
    """The slip and its record, as the detail window and `slip show` show them."""

    slip: SlipView
    timeline: tuple[TimelineEntry, ...]

    def as_json(self) -> dict[str, Any]:
        return {**self.slip.as_json(), "timeline": [ev.as_json() for ev in self.timeline]}


@dataclass(frozen=True)
class PrintedSlip:
    number: str
    pdf: bytes
    reprint: int  # prints before this one: 0 for the first

    @property
    def file_name(self) -> str:
        return f"{self.number}-copy{self.reprint}.pdf" if self.reprint else f"{self.number}.pdf"


@dataclass(frozen=True)
class BatchView:
    number: str
    direction: str
    slips: tuple[str, ...]
    warnings: tuple[str, ...]
    pdf: bytes | None  # the signed list, when it was printed


@dataclass(frozen=True)
class PickupView:
    slip: SlipView
    paid_now: Decimal
    balance_before: Decimal
    warnings: tuple[str, ...]
    overridden: bool


@dataclass(frozen=True)
class NoticeView:
    number: str
    status: str
    text: str


@dataclass(frozen=True)
class LostReport:
    """The identity check and head office's approval for a lost slip (维修单遗失).

    Empty fields at pickup mean "the report already on file"; an empty phone is the one on the slip.
    """

    id_type: str = ""
    id_last4: str = ""
    phone: str = ""
    approved_by: str = ""
    approval_ref: str = ""
    note: str = ""

    @property
    def complete(self) -> bool:
        return all(v.strip() for v in (self.id_type, self.id_last4, self.approved_by, self.approval_ref))


@dataclass(frozen=True)
class EditorStart:
    """What the slip editor fills in before the clerk types: from the policy and the intake."""

    promise_days: int
    item: dict[str, Any] | None = None
    weight: str | None = None
    damage: str = ""
    defects: tuple[Defect, ...] = ()


@dataclass(frozen=True)
class SlipPrintSettings:
    paper_size: str
    templates: dict[str, str]

    def as_json(self) -> dict[str, Any]:
        return {"paper_size": self.paper_size, "templates": self.templates}


def _view(slip: Any) -> SlipView:
    return SlipView.of(slips.describe(slip))


def _batch_view(s: Session, actor: Actor, result: slip_batches.BatchResult, print_list: bool,
                keep: Keep | None) -> BatchView:
    pdf = slip_batches.batch_pdf(s, actor, result.batch) if print_list else None
    if pdf is not None and keep is not None:
        keep(pdf)
    return BatchView(result.batch.number, result.batch.direction, tuple(slips.numbers_of(result.slips)),
                     tuple(result.warnings), pdf)


# --- the actions --------------------------------------------------------------------------


class SlipActions(Actions):
    # reading

    def get(self, number: str) -> SlipView:
        """The slip with this number (typed or scanned)."""
        return self._read(lambda s: _view(slips.get(s, number)))

    def show(self, number: str) -> SlipDetails:
        def job(s: Session) -> SlipDetails:
            slip = slips.get(s, number)
            return SlipDetails(_view(slip), tuple(TimelineEntry.of(ev) for ev in slips.timeline(s, slip)))

        return self._read(job)

    def search(self, actor: Actor | None, *, status: str | None = None, text: str = "", overdue_only: bool = False,
               include_void: bool = False) -> tuple[SlipRow, ...]:
        """Slips of the actor's store, newest first (see `slips.search`)."""
        return self._read(lambda s: tuple(
            SlipRow(**row) for row in slips.list_rows(s, actor, status=status, text=text, overdue_only=overdue_only,
                                                       include_void=include_void)))

    def editor_start(self, intake_id: int | None) -> EditorStart:
        def job(s: Session) -> EditorStart:
            _row, pv = policy.current(s)
            if intake_id is None:
                return EditorStart(pv.repair_promise_days)
            intake = s.get(Intake, intake_id)
            if intake is None:
                raise InputError(_("没有收件记录 #{id}。", id=intake_id))
            return EditorStart(
                pv.repair_promise_days, item=slips.item_snapshot(s, intake),
                weight=None if intake.weight_g is None else f"{intake.weight_g:.3f}",
                damage=slips._intake_damage(intake), defects=tuple(slips._intake_defects(intake)))

        return self._read(job)

    def pickup_preview(self, actor: Actor, scanned: str, *, via_lost: bool = False) -> SlipView:
        """What the pickup screen shows after the scan; a flagged or unready slip is refused here
        (the lost-slip path looks the slip up by its number only)."""
        if via_lost:
            return self.get(scanned)
        return self._read(lambda s: SlipView.of(slip_pickup.preview(s, actor, scanned)))

    def notice_text(self, number: str, status: str | None = None) -> str:
        """The message template for the slip's status (or `status`), filled in for this slip."""
        return self._read(lambda s: slip_notify.message_text(s, slips.get(s, number), status))

    # writing

    def create(self, actor: Actor, draft: SlipDraft, *, intake_id: int | None = None, receipt: str = "",
               product: str = "") -> SlipView:
        """Write the slip for a saved intake, or for the item on a receipt (its intake written first)."""
        def job(s: Session) -> SlipView:
            iid = intake_id
            if iid is None:
                iid = slips.intake_from_receipt(s, actor, receipt, product, draft.weight_g).id
            return _view(slips.create(s, actor, iid, draft))

        return self._write(job)

    def change_status(self, actor: Actor, number: str, to: str, note: str = "") -> SlipView:
        return self._write(lambda s: _view(slip_status.change_status(s, actor, number, to, note)))

    def cancel(self, actor: Actor, number: str, reason: str) -> SlipView:
        return self._write(lambda s: _view(slips.cancel(s, actor, number, reason)))

    def void(self, actor: Actor, number: str, reason: str) -> SlipView:
        return self._write(lambda s: _view(slips.void(s, actor, number, reason)))

    def quote(self, actor: Actor, number: str, *, amount: Decimal | str | None = None,
              factory_cost: Decimal | str | None = None, accepted: bool | None = None, note: str = "") -> SlipView:
        """The factory's quote and / or the customer's answer to it (`accepted` None: no answer yet)."""
        if amount is None and accepted is None:
            raise InputError(_("请填写工厂报价，或记录顾客的答复。"), field="amount")

        def job(s: Session) -> SlipView:
            if amount is not None:
                slips.record_quote(s, actor, number, amount, factory_cost, note)
            if accepted is not None:
                slips.decide_quote(s, actor, number, accepted=accepted, note=note)
            return _view(slips.get(s, number))

        return self._write(job)

    def print(self, actor: Actor, number: str, size: str | None = None, *, keep: Keep | None = None) -> PrintedSlip:
        """The slip's PDF (both copies), logged; the second and later prints are marked 补打.

        `keep(pdf)` runs before the print is logged for good: a PDF that cannot be kept logs nothing.
        """

        def job(s: Session) -> PrintedSlip:
            pdf, reprint = slip_print.print_slip(s, actor, number, size)
            if keep is not None:
                keep(pdf)
            return PrintedSlip(slips.get(s, number).number, pdf, reprint)

        return self._write(job)

    def send_batch(self, actor: Actor, numbers: Sequence[str], *, factory: str = "", note: str = "",
                   print_list: bool = True, keep: Keep | None = None) -> BatchView:
        """received → sent for every slip, or none; with its signed list (`print_list`)."""
        return self._write(lambda s: _batch_view(
            s, actor, slip_batches.send(s, actor, list(numbers), factory=factory, note=note), print_list, keep))

    def receive_batch(self, actor: Actor, numbers: Sequence[str], weights: Mapping[str, str | None] | None = None, *,
                      factory: str = "", note: str = "", print_list: bool = True,
                      keep: Keep | None = None) -> BatchView:
        """sent → back for every slip, each weighed again (`weights` by slip number)."""
        given = {k.strip().upper(): v for k, v in (weights or {}).items()}

        def job(s: Session) -> BatchView:
            canonical = [slips.get(s, n).number for n in numbers]
            unknown = set(given) - set(canonical)
            if unknown:
                raise InputError(_("重量给了不在本批次的单号：{n}", n="、".join(sorted(unknown))), field="weight")
            items = [(n, (given.get(n) or "").strip() or None) for n in canonical]
            result = slip_batches.receive(s, actor, items, factory=factory, note=note)
            return _batch_view(s, actor, result, print_list, keep)

        return self._write(job)

    def return_unrepaired(self, actor: Actor, number: str, note: str = "") -> SlipView:
        """A refused quote on an item still in store: back, marked 未维修退回."""
        return self._write(lambda s: _view(slip_batches.return_unrepaired(s, actor, number, note)))

    def notify(self, actor: Actor, number: str, channel: str, *, text: str | None = None, outcome: str = "reached",
               note: str = "") -> NoticeView:
        """Log the contact; a customer reached about an item back in store moves the slip to notified."""

        def job(s: Session) -> NoticeView:
            log = slip_notify.notify(s, actor, number, channel, text=text, outcome=outcome, note=note)
            slip = slips.get(s, number)
            return NoticeView(slip.number, slip.status.value, log.text)

        return self._write(job)

    def report_lost(self, actor: Actor, number: str, report: LostReport) -> SlipView:
        """The identity check and head office's approval: the paper slip is refused from now on."""
        return self._write(lambda s: _view(slip_pickup.report_lost(
            s, actor, number, id_type=report.id_type, id_last4=report.id_last4, phone=report.phone,
            approved_by=report.approved_by, approval_ref=report.approval_ref, note=report.note)))

    def pickup(self, actor: Actor, number: str, *, weight: Decimal | str | None = None,
               pay: Decimal | str | None = None, override_reason: str = "", signature_png: bytes | None = None,
               signature_note: str = "", lost: LostReport | None = None) -> PickupView:
        """Hand the item over against the slip, or, with `lost`, on the lost-slip path.

        On the lost-slip path a report not yet on file is recorded first, in the same transaction.
        """

        def job(s: Session) -> PickupView:
            if lost is not None:
                slip = slips.get(s, number)
                if not (slip.lost or {}).get("reported"):
                    if not lost.complete:
                        raise InputError(_("遗失取件须核对身份并经总部批准：请填写证件类型、证件号后四位、批准人和批准编号。"),
                                         field="lost")
                    slip_pickup.report_lost(s, actor, number, id_type=lost.id_type, id_last4=lost.id_last4,
                                            phone=lost.phone or slip.customer_phone, approved_by=lost.approved_by,
                                            approval_ref=lost.approval_ref, note=lost.note)
            result = slip_pickup.pickup(s, actor, number, weight_g=weight, pay=pay, override_reason=override_reason,
                                        signature_png=signature_png, signature_note=signature_note,
                                        via_lost=lost is not None)
            return PickupView(_view(result.slip), result.paid_now, result.balance_before, tuple(result.warnings),
                              result.overridden)

        return self._write(job)

    def change_settings(self, actor: Actor, paper: str | None = None,
                        templates: Mapping[str, str] | None = None) -> SlipPrintSettings:
        """The paper size and / or message templates changed (nothing given: the settings as they are)."""

        def now_set(s: Session) -> SlipPrintSettings:
            return SlipPrintSettings(slip_settings.paper_size(s), slip_settings.templates(s))

        if not paper and not templates:
            return self._read(now_set)

        def job(s: Session) -> SlipPrintSettings:
            if paper:
                slip_settings.set_paper_size(s, actor, paper)
            if templates:
                slip_settings.set_templates(s, actor, dict(templates))
            return now_set(s)

        return self._write(job)

