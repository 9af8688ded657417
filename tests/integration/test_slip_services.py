"""Repair slips through the services: numbers, status path, quotes, batches, pickup, lost slips."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from counter_app.bootstrap import AppContext, open_app
from counter_app.data.models import AuditEntry, ContactLog, RepairSlip, SlipEvent
from counter_app.domain import clock
from counter_app.domain import slip_rules as rules
from counter_app.errors import Conflict, InputError, NotFound, PermissionDenied
from counter_app.printing.codes import qr_payload
from counter_app.services import slip_batches, slip_notify, slip_pickup, slip_settings, slip_status, slips
from counter_app.services.context import Actor
from tests.factories import World


def make_slip(ctx: AppContext, actor: Actor, works: list[str], product: str = "DR0001",
              receipt: str = "R20261118001", **kw: object) -> str:
    with ctx.uow.write() as s:
        intake = slips.intake_from_receipt(s, actor, receipt, product, kw.pop("weight", "3.250"))  # type: ignore[arg-type]
        slip = slips.create(s, actor, intake.id, slips.SlipDraft(works=works, **kw))  # type: ignore[arg-type]
        number = slip.number
        s.commit()
    return number


def status_of(ctx: AppContext, number: str) -> str:
    with ctx.uow.read() as s:
        return slips.get(s, number).status.value


def run(ctx: AppContext, fn, *args, **kw):  # type: ignore[no-untyped-def]
    with ctx.uow.write() as s:
        out = fn(s, *args, **kw)
        s.commit()
    return out


def to_notified(ctx: AppContext, actor: Actor, number: str, weight: str | None = "3.250") -> None:
    run(ctx, slip_batches.send, actor, [number])
    run(ctx, slip_batches.receive, actor, [(number, weight)])
    run(ctx, slip_notify.notify, actor, number, "phone")


# --- numbers -----------------------------------------------------------------------------------


def test_numbers_per_store_and_year_and_a_failed_save_uses_none(ctx: AppContext, world: World) -> None:
    first = make_slip(ctx, world.clerk, ["resize"], shipping_fee="20")
    assert first == "SH01-2026-000001"
    with pytest.raises(InputError), ctx.uow.write() as s:
        intake = slips.intake_from_receipt(s, world.clerk, "R20261118001", "DR0001", "3.25")
        slips.create(s, world.clerk, intake.id, slips.SlipDraft(works=["resize"], shipping_fee="-5"))
    with pytest.raises(InputError), ctx.uow.write() as s:
        intake = slips.intake_from_receipt(s, world.clerk, "R20261118001", "DR0001", "3.25")
        slips.create(s, world.clerk, intake.id, slips.SlipDraft(works=["nonsense"]))
    with pytest.raises(RuntimeError), ctx.uow.write() as s:  # the number is drawn, then the save fails
        intake = slips.intake_from_receipt(s, world.clerk, "R20261118001", "DR0001", "3.25")
        drawn = slips.create(s, world.clerk, intake.id, slips.SlipDraft(works=["resize"])).number
        assert drawn == "SH01-2026-000002"
        raise RuntimeError("power cut before commit")
    assert make_slip(ctx, world.clerk, ["resize"]) == "SH01-2026-000002"
    assert make_slip(ctx, world.clerk_other_store, ["refurbish"], product="DR0003",
                     receipt="R20250101004") == "BJ01-2026-000001"


@pytest.mark.slow
def test_two_counters_saving_at_once_get_gapless_numbers(ctx: AppContext, world: World) -> None:
    url = ctx.url
    got: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def counter() -> None:
        app = open_app(url)
        try:
            for _ in range(6):
                number = make_slip(app, world.clerk, ["resize"])
                with lock:
                    got.append(number)
        except BaseException as exc:
            errors.append(exc)
        finally:
            app.close()

    threads = [threading.Thread(target=counter) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(got) == [f"SH01-2026-{i:06d}" for i in range(1, 19)]
    with ctx.uow.read() as s:
        assert s.scalar(select(func.count()).select_from(RepairSlip)) == 18


# --- status path ---------------------------------------------------------------------------------

LEGAL = [(a, b) for a in rules.STATUSES for b in rules.allowed_next(a)]
ILLEGAL = [(a, b) for a in rules.STATUSES for b in rules.STATUSES if b not in rules.allowed_next(a)]


@pytest.mark.parametrize(("current", "target"), LEGAL)
def test_every_legal_move_is_accepted(current: str, target: str) -> None:
    rules.check_move(current, target)


@pytest.mark.parametrize(("current", "target"), ILLEGAL)
def test_every_illegal_move_is_refused_naming_current_and_next(current: str, target: str) -> None:
    with pytest.raises(ValueError) as err:
        rules.check_move(current, target)
    text = str(err.value)
    assert rules.STATUS_LABELS[current] in text
    for nxt in rules.allowed_next(current):
        assert rules.STATUS_LABELS[nxt] in text


def test_status_path_through_the_service_keeps_who_when_and_note(ctx: AppContext, world: World) -> None:
    no = make_slip(ctx, world.clerk, ["resize"], shipping_fee="20")
    with pytest.raises(Conflict, match="已收件.*已送厂、已取消"):
        run(ctx, slip_status.change_status, world.clerk, no, "back")
    run(ctx, slip_status.change_status, world.clerk, no, "送厂", "第一批")
    run(ctx, slip_status.change_status, world.clerk, no, "back")
    with pytest.raises(Conflict):
        run(ctx, slip_status.change_status, world.clerk, no, "collected")
    run(ctx, slip_status.change_status, world.clerk, no, "已通知", "电话通知本人")
    assert status_of(ctx, no) == "notified"
    with pytest.raises(InputError, match="原因"):
        run(ctx, slip_status.change_status, world.clerk, no, "cancelled")
    run(ctx, slip_status.change_status, world.clerk, no, "cancelled", "顾客不修了")
    with pytest.raises(Conflict, match="已取消"):
        run(ctx, slip_status.change_status, world.clerk, no, "received")
    with ctx.uow.read() as s:
        slip = slips.get(s, no)
        steps = [(e["from"], e["to"], e["staff"]) for e in slips.timeline(s, slip) if e["kind"] == "status"]
        assert steps == [(None, "received", "王芳"), ("received", "sent", "王芳"), ("sent", "back", "王芳"),
                         ("back", "notified", "王芳"), ("notified", "cancelled", "王芳")]
        notes = [e["note"] for e in slips.timeline(s, slip)]
        assert "顾客不修了" in notes
        assert s.scalar(select(func.count()).select_from(ContactLog).where(ContactLog.slip_id == slip.id)) == 1


def test_in_store_maintenance_closes_at_once(ctx: AppContext, world: World) -> None:
    no = make_slip(ctx, world.clerk, ["clean", "prong-check"], weight=None)
    assert status_of(ctx, no) == "collected"
    with pytest.raises(InputError, match="不收费"):
        make_slip(ctx, world.clerk, ["clean"], shipping_fee="10")


def test_unknown_number_is_not_found(ctx: AppContext, world: World) -> None:
    with pytest.raises(NotFound, match="SH01-2026-999999"), ctx.uow.read() as s:
        slips.get(s, "SH01-2026-999999")


# --- paid work -----------------------------------------------------------------------------------


def test_paid_work_needs_an_accepted_quote_before_it_is_sent(ctx: AppContext, world: World) -> None:
    no = make_slip(ctx, world.clerk, ["size-up"], shipping_fee="20")
    with pytest.raises(Conflict, match="报价"):
        run(ctx, slip_batches.send, world.clerk, [no])
    run(ctx, slips.record_quote, world.clerk, no, "880")
    with pytest.raises(Conflict, match="报价"):
        run(ctx, slip_batches.send, world.clerk, [no])
    run(ctx, slips.decide_quote, world.clerk, no, True)
    run(ctx, slip_batches.send, world.clerk, [no])
    with ctx.uow.read() as s:
        assert slips.describe(slips.get(s, no))["balance"] == "900.00"


def test_redesign_is_quoted_at_cost(ctx: AppContext, world: World) -> None:
    no = make_slip(ctx, world.clerk, ["redesign"], shipping_fee="20")
    with pytest.raises(InputError, match="成本价"):
        run(ctx, slips.record_quote, world.clerk, no, "1200", "1000")
    run(ctx, slips.record_quote, world.clerk, no, "1000", "1000")


def test_refused_quote_returns_the_item_unrepaired(ctx: AppContext, world: World) -> None:
    no = make_slip(ctx, world.clerk, ["damage"], shipping_fee="20")
    run(ctx, slips.record_quote, world.clerk, no, "300")
    run(ctx, slips.decide_quote, world.clerk, no, False, "太贵")
    with pytest.raises(Conflict, match="未维修退回"):
        run(ctx, slip_batches.send, world.clerk, [no])
    run(ctx, slip_status.change_status, world.clerk, no, "back")
    run(ctx, slip_notify.notify, world.clerk, no, "sms")
    result = run(ctx, slip_pickup.pickup, world.clerk, no, signature_note="test")
    assert result.slip.unrepaired and result.paid_now == Decimal("0.00")
    assert status_of(ctx, no) == "collected"


# --- batches, weights, notification ---------------------------------------------------------------


def test_batch_send_and_receive_with_weight_warning(ctx: AppContext, world: World) -> None:
    a = make_slip(ctx, world.clerk, ["resize"], weight="3.250")
    b = make_slip(ctx, world.clerk, ["solder"], product="GN0001", weight="10.000")
    sent = run(ctx, slip_batches.send, world.clerk, [a, b], factory="深圳工厂")
    assert sent.batch.number == "SH01-B2026-0001"
    got = run(ctx, slip_batches.receive, world.clerk, [(a, "3.260"), (b, "9.500")])
    assert len(got.warnings) == 1 and b in got.warnings[0] and "-0.500" in got.warnings[0]
    with ctx.uow.write() as s:
        pdf = slip_batches.batch_pdf(s, world.clerk, slip_batches.get_batch(s, "SH01-B2026-0002"))
    import io

    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert a in text and b in text and "回店清单" in text and "9.500" in text


def test_notification_uses_the_edited_template_and_is_logged(ctx: AppContext, world: World) -> None:
    run(ctx, slip_settings.set_templates, world.manager, {"back": "{name}：{number} 到了，{store} {phone}"})
    with pytest.raises(InputError, match="占位符"):
        run(ctx, slip_settings.set_templates, world.manager, {"back": "{nmae} 到了"})
    no = make_slip(ctx, world.clerk, ["resize"])
    run(ctx, slip_batches.send, world.clerk, [no])
    run(ctx, slip_batches.receive, world.clerk, [(no, "3.250")])
    log = run(ctx, slip_notify.notify, world.clerk, no, "phone", outcome="no_answer")
    assert status_of(ctx, no) == "back"
    run(ctx, slip_notify.notify, world.clerk, no, "短信")
    assert status_of(ctx, no) == "notified"
    with ctx.uow.read() as s:
        texts = s.scalars(select(ContactLog.text).where(ContactLog.purpose == "notify")).all()
    assert texts[-1] == f"张晓明：{no} 到了，上海南京路体验中心 021-63210001"
    assert log.outcome == "no_answer"


# --- pickup ----------------------------------------------------------------------------------------


def test_pickup_refused_while_a_balance_is_owed(ctx: AppContext, world: World) -> None:
    no = make_slip(ctx, world.clerk, ["resize"], shipping_fee="25", deposit="10")
    to_notified(ctx, world.clerk, no)
    with pytest.raises(Conflict, match="15.00"):
        run(ctx, slip_pickup.pickup, world.clerk, no, signature_png=b"png")
    with pytest.raises(PermissionDenied):
        run(ctx, slip_pickup.pickup, world.clerk, no, signature_png=b"png", override_reason="熟客")
    with pytest.raises(InputError, match="签名"):
        run(ctx, slip_pickup.pickup, world.clerk, no, pay="15")
    result = run(ctx, slip_pickup.pickup, world.clerk, qr_payload(no), pay="15", signature_png=b"png",
                 weight_g="3.251")
    assert result.warnings == [] and status_of(ctx, no) == "collected"
    with ctx.uow.read() as s:
        slip = slips.get(s, no)
        assert slip.signature_png == b"png" and slip.paid == Decimal("15.00")


def test_manager_override_is_audited(ctx: AppContext, world: World) -> None:
    no = make_slip(ctx, world.clerk, ["resize"], shipping_fee="25")
    to_notified(ctx, world.clerk, no)
    result = run(ctx, slip_pickup.pickup, world.manager, no, signature_png=b"png", override_reason="月底统一结算",
                 weight_g="3.400")
    assert result.overridden and result.warnings and "+0.150" in result.warnings[0]
    with ctx.uow.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "override")).one()
        assert "月底统一结算" in entry.summary and entry.entity_id == no


def test_a_mistyped_scan_is_refused(ctx: AppContext, world: World) -> None:
    no = make_slip(ctx, world.clerk, ["resize"])
    payload = qr_payload(no)
    wrong = payload[:-1] + ("0" if payload[-1] != "0" else "1")
    with pytest.raises(InputError, match="校验码"), ctx.uow.read() as s:
        slips.get(s, wrong)


def test_lost_slip_flow_and_the_found_slip_is_refused(ctx: AppContext, world: World) -> None:
    no = make_slip(ctx, world.clerk, ["resize"])
    to_notified(ctx, world.clerk, no)
    with pytest.raises(Conflict, match="手机号码"):
        run(ctx, slip_pickup.report_lost, world.clerk, no, id_type="身份证", id_last4="123X", phone="13900000000",
            approved_by="赵敏", approval_ref="HQ-2026-88")
    with pytest.raises(InputError, match="总部"):
        run(ctx, slip_pickup.report_lost, world.clerk, no, id_type="身份证", id_last4="123X", phone="5678",
            approved_by="", approval_ref="")
    run(ctx, slip_pickup.report_lost, world.clerk, no, id_type="身份证", id_last4="123x", phone="13812345678",
        approved_by="赵敏", approval_ref="HQ-2026-88")
    with pytest.raises(Conflict, match="已.*挂失"):
        run(ctx, slip_pickup.pickup, world.clerk, qr_payload(no), signature_png=b"png")
    with pytest.raises(Conflict, match="挂失"), ctx.uow.read() as s:
        slip_pickup.preview(s, world.clerk, no)
    run(ctx, slip_pickup.pickup, world.clerk, no, signature_png=b"png", via_lost=True)
    assert status_of(ctx, no) == "collected"
    with ctx.uow.read() as s:
        lost = slips.get(s, no).lost
        kinds = s.scalars(select(SlipEvent.kind).join(RepairSlip).where(RepairSlip.number == no)).all()
    assert lost["approved_by"] == "赵敏" and lost["id_last4"] == "123X" and "lost" in kinds


def test_void_is_for_managers_with_a_reason(ctx: AppContext, world: World) -> None:
    no = make_slip(ctx, world.clerk, ["resize"])
    with pytest.raises(PermissionDenied):
        run(ctx, slips.void, world.clerk, no, "写错了")
    with pytest.raises(InputError):
        run(ctx, slips.void, world.manager, no, " ")
    run(ctx, slips.void, world.manager, no, "写错了")
    with ctx.uow.read() as s:
        slip = slips.get(s, no)
        assert slip.voided_at is not None and slip.status.value == "cancelled"
        assert slips.search(s, world.clerk) == []


def test_search_by_phone_tail_code_note_and_overdue(ctx: AppContext, world: World) -> None:
    import datetime as dt

    a = make_slip(ctx, world.clerk, ["resize"], note="加急改小")
    b = make_slip(ctx, world.clerk, ["resize"], product="DR0002", receipt="R20261117002")
    with ctx.uow.read() as s:
        assert [x.number for x in slips.search(s, world.clerk, text="5678")] == [a]
        assert [x.number for x in slips.search(s, world.clerk, text=qr_payload(b))] == [b]
        assert [x.number for x in slips.search(s, world.clerk, text="dr0002")] == [b]
        assert [x.number for x in slips.search(s, world.clerk, text="加急")] == [a]
        assert [x.number for x in slips.search(s, world.clerk, text="曾丽华")] == [b]
        later = clock.today() + dt.timedelta(days=30)
        assert len(slips.search(s, world.clerk, overdue_only=True, on=later)) == 2
        assert slips.search(s, world.clerk, overdue_only=True) == []
        assert slips.search(s, world_clerk_bj := world.clerk_other_store) == [] and world_clerk_bj


# --- done when ---------------------------------------------------------------------------------------


def test_a_ring_resized_end_to_end_through_the_services(ctx: AppContext, world: World) -> None:
    """Take in a ring for resizing, print, batch to the factory, back, notify, hand over."""
    from counter_app.services import slip_print

    no = make_slip(ctx, world.clerk, ["resize"], shipping_fee="20", deposit="20", note="改到 12 号")
    pdf, reprint = run(ctx, slip_print.print_slip, world.clerk, no, "a5")
    assert pdf.startswith(b"%PDF") and reprint == 0
    run(ctx, slip_batches.send, world.clerk, [no], factory="深圳工厂")
    run(ctx, slip_batches.receive, world.clerk, [(no, "3.262")])
    run(ctx, slip_notify.notify, world.clerk, no, "sms")
    with ctx.uow.read() as s:
        shown = slip_pickup.preview(s, world.clerk, qr_payload(no))
    assert shown["customer"] == "张晓明" and shown["balance"] == "0.00"
    result = run(ctx, slip_pickup.pickup, world.clerk, qr_payload(no), weight_g="3.262", signature_png=b"\x89PNG")
    assert result.slip.number == no and status_of(ctx, no) == "collected"
    with ctx.uow.read() as s:
        steps = [e["to"] for e in slips.timeline(s, slips.get(s, no)) if e["kind"] == "status"]
    assert steps == ["received", "sent", "back", "notified", "collected"]


# --- the slip actions: one counter step, one transaction --------------------------------------


def test_lost_slip_pickup_is_one_action_and_all_or_nothing(ctx: AppContext, world: World) -> None:
    from counter_app.services.actions.slips import LostReport

    number = make_slip(ctx, world.clerk, ["resize"])
    to_notified(ctx, world.clerk, number)
    report = LostReport(id_type="身份证", id_last4="1234", approved_by="赵敏", approval_ref="HQ-7")
    with pytest.raises(InputError) as refused:
        ctx.counter.slips.pickup(world.clerk, number, signature_note="已签", lost=LostReport(id_type="身份证"))
    assert refused.value.field == "lost"
    with pytest.raises(InputError):  # the pickup is refused: the report is not kept either
        ctx.counter.slips.pickup(world.clerk, number, pay="-1", signature_note="已签", lost=report)
    assert not ctx.counter.slips.get(number).lost_reported
    done = ctx.counter.slips.pickup(world.clerk, number, signature_note="已签", lost=report)
    assert done.slip.status == rules.COLLECTED and done.slip.lost_reported
    assert done.slip.lost["phone_tail"] == "5678"  # the phone on the slip when none was told
    kinds = [ev.kind for ev in ctx.counter.slips.show(number).timeline]
    assert kinds[-2:] == ["lost", "status"]


def test_a_print_that_cannot_be_kept_is_not_logged(ctx: AppContext, world: World) -> None:
    number = make_slip(ctx, world.clerk, ["resize"])

    def fail(_pdf: bytes) -> None:
        raise InputError("disk full", field="out")

    with pytest.raises(InputError):
        ctx.counter.slips.print(world.clerk, number, "a5", keep=fail)
    assert ctx.counter.slips.get(number).print_count == 0
    kept: list[bytes] = []
    printed = ctx.counter.slips.print(world.clerk, number, "a5", keep=kept.append)
    assert kept == [printed.pdf] and printed.reprint == 0 and printed.file_name == f"{number}.pdf"
    again = ctx.counter.slips.print(world.clerk, number)
    assert again.reprint == 1 and again.file_name == f"{number}-copy1.pdf"


def test_receive_batch_refuses_a_weight_for_a_slip_not_in_it(ctx: AppContext, world: World) -> None:
    number = make_slip(ctx, world.clerk, ["resize"])
    sent = ctx.counter.slips.send_batch(world.clerk, [qr_payload(number)], print_list=False)
    assert sent.slips == (number,) and sent.pdf is None
    with pytest.raises(InputError) as refused:
        ctx.counter.slips.receive_batch(world.clerk, [number], {"SH01-2026-000009": "3.2"})
    assert refused.value.field == "weight" and status_of(ctx, number) == rules.SENT
    back = ctx.counter.slips.receive_batch(world.clerk, [number], {number.lower(): "3.251"})
    assert back.pdf is not None and back.pdf.startswith(b"%PDF") and back.warnings == ()
    assert ctx.counter.slips.get(number).return_weight_g == "3.251"
