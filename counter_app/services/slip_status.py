"""A single status step on a slip: above the batch, notice and pickup services it hands each step to."""

from __future__ import annotations

from sqlalchemy.orm import Session

from counter_app.data.models import RepairSlip
from counter_app.domain import slip_rules as rules
from counter_app.errors import Conflict, InputError
from counter_app.i18n import _
from counter_app.services import slip_batches, slip_notify, slip_pickup, slips
from counter_app.services.context import Actor


def change_status(session: Session, actor: Actor, number: str, to: str, note: str = "") -> RepairSlip:
    """A single status step from the CLI or the detail window.

    Each target goes through the same service as its own screen: sending and receiving make a
    one-slip batch, notifying logs the contact, collecting runs the pickup checks.
    """
    try:
        target = rules.parse_status(to)
    except ValueError as exc:
        raise InputError(str(exc), field="to") from None
    slip = slips.get(session, number)
    if slip.voided_at is not None:
        raise Conflict(_("维修单 {no} 已作废，不能再办理。", no=slip.number))
    try:
        rules.check_move(slip.status.value, target, in_store_only=rules.only_in_store(slips.work_types(slip)),
                         unrepaired=slip.unrepaired)
    except ValueError as exc:
        raise Conflict(_("维修单 {no}：", no=slip.number) + str(exc)) from None
    if target == rules.CANCELLED:
        return slips.cancel(session, actor, slip.number, note)
    if target == rules.SENT:
        slip_batches.send(session, actor, [slip.number], note=note)
    elif target == rules.BACK and slip.status.value == rules.SENT:
        slip_batches.receive(session, actor, [(slip.number, None)], note=note)
    elif target == rules.NOTIFIED and slip.status.value == rules.BACK:
        slip_notify.notify(session, actor, slip.number, "phone", note=note)
    elif target == rules.COLLECTED and slip.status.value == rules.NOTIFIED:
        slip_pickup.pickup(session, actor, slip.number, signature_note=note or slip_pickup.CLI_NO_SIGNATURE)
    else:
        slips.move(session, actor, slip, target, note or (_(rules.UNREPAIRED_MARK) if slip.unrepaired else ""))
    return slip
