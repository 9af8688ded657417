"""The one search box: every key, full-width input, ranking, merged and anonymised files."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.bootstrap import AppContext
from counter_app.data.models import Customer, RepairSlip, SlipStatus
from counter_app.services import customer_search, customers
from tests.factories import World


def names(ctx: AppContext, text: str) -> list[str]:
    with ctx.uow.read() as s:
        return [h.name for h in customer_search.search(s, text)]


def first(ctx: AppContext, text: str) -> customer_search.CustomerHit:
    with ctx.uow.read() as s:
        hits = customer_search.search(s, text)
    assert hits, text
    return hits[0]


@pytest.mark.parametrize(
    ("typed", "expected", "reason"),
    [
        ("张晓明", "张晓明", "name"),
        ("张", "张晓明", "name_prefix"),
        ("晓明", "张晓明", "name_part"),  # two characters: below the trigram's reach
        ("zxm", "张晓明", "initials"),
        ("ＺＸＭ", "张晓明", "initials"),  # full-width letters
        ("zhangxiaoming", "张晓明", "pinyin"),
        ("zhangx", "张晓明", "pinyin_prefix"),
        ("zenglihua", "曾丽华", "pinyin"),  # 曾 read zeng
        ("cenglihua", "曾丽华", "pinyin"),  # and ceng
        ("clh", "曾丽华", "initials"),
        ("5678", "张晓明", "phone_tail"),
        ("５６７８", "张晓明", "phone_tail"),  # full-width digits
        ("13812345678", "张晓明", "phone"),
        ("138 1234 5678", "张晓明", "phone"),
        ("R20261118001", "张晓明", "receipt"),
        ("r20261026", "曾丽华", "receipt"),  # a prefix, typed in lower case
        ("DR0003", "李娜", "product"),
        ("朝阳区", "李娜", "address"),
    ],
)
def test_each_key_finds_the_customer(world: World, typed: str, expected: str, reason: str) -> None:
    hit = first(world.ctx, typed)
    assert (hit.name, hit.reason) == (expected, reason)


def test_polyphonic_surnames_by_either_reading(world: World) -> None:
    with world.ctx.uow.write() as s:
        customers.create(s, world.clerk, name="单田芳", phone="13700000001")
        customers.create(s, world.clerk, name="解放", phone="13700000002")
        s.commit()
    assert names(world.ctx, "shantianfang") == ["单田芳"]
    assert names(world.ctx, "dantianfang") == ["单田芳"]
    assert names(world.ctx, "xiefang") == ["解放"]
    assert names(world.ctx, "jiefang") == ["解放"]


def test_ranking_exact_then_prefix_then_contains(world: World) -> None:
    with world.ctx.uow.write() as s:
        customers.create(s, world.clerk, name="王明", phone="13700000011")
        customers.create(s, world.clerk, name="明华", phone="13700000012")
        customers.create(s, world.clerk, name="明", phone="13700000013")
        s.commit()
    with world.ctx.uow.read() as s:
        hits = customer_search.search(s, "明")
    assert [h.name for h in hits[:2]] == ["明", "明华"]  # exact name, then a name starting with it
    assert {h.name for h in hits[2:]} == {"王明", "张晓明"}  # then names containing it
    assert [h.rank for h in hits] == sorted(h.rank for h in hits)


def test_phone_exact_ranks_before_tail(world: World) -> None:
    with world.ctx.uow.write() as s:
        customers.create(s, world.clerk, name="周杰", phone="13912345678")  # same last 8 digits
        s.commit()
    hits = names(world.ctx, "13812345678")
    assert hits == ["张晓明"]
    assert set(names(world.ctx, "12345678")) == {"张晓明", "周杰"}


def test_notes_words_and_edits_are_found_at_once(world: World) -> None:
    with world.ctx.uow.write() as s:
        customers.edit(s, world.clerk, world.customer_ids["li"], notes="喜欢祖母绿，不要打扰午休", name="李娜娜")
        s.commit()
    hit = first(world.ctx, "祖母绿")
    assert (hit.name, hit.reason) == ("李娜娜", "notes")
    assert names(world.ctx, "李娜娜") == ["李娜娜"]
    assert first(world.ctx, "lnn").name == "李娜娜"


def test_merged_and_anonymised_do_not_show_and_documents_redirect(world: World, manager) -> None:  # type: ignore[no-untyped-def]
    ids = world.customer_ids
    with world.ctx.uow.write() as s:
        dup = customers.create(s, world.clerk, name="曾丽华", phone="13987654321")
        slip = RepairSlip(number="SH01-2026-000777", store_id=world.store_ids["SH01"], customer_id=dup.id,
                          status=SlipStatus.RECEIVED)
        s.add(slip)
        s.flush()
        dup_id = dup.id
        s.commit()
    assert len(names(world.ctx, "曾丽华")) == 2
    with world.ctx.uow.write() as s:
        customers.merge(s, manager, ids["zeng"], dup_id, "同一位顾客两次建档")
        s.get(Customer, ids["li"]).anonymized_at = dt.datetime(2026, 11, 1)  # type: ignore[union-attr]
        s.commit()
    assert names(world.ctx, "曾丽华") == ["曾丽华"]
    hit = first(world.ctx, "SH01-2026-000777")
    assert (hit.id, hit.reason) == (ids["zeng"], "slip")  # the merged file's slip leads to the kept file
    assert names(world.ctx, "李娜") == []


def test_phone_is_masked_in_hits(world: World) -> None:
    hit = first(world.ctx, "zxm")
    assert hit.phone_masked == "138****5678"
    assert "12345678" not in str(hit.as_json())
    assert "12345678" not in first(world.ctx, "5678").detail


def test_empty_and_odd_input(world: World) -> None:
    assert names(world.ctx, "   ") == []
    assert names(world.ctx, '"; DROP TABLE customers; --') == []
    assert names(world.ctx, "1") == []


def test_rows_written_around_the_program_get_keys_on_next_open(world: World) -> None:
    from sqlalchemy import text

    from counter_app.bootstrap import open_app

    with world.ctx.uow.write() as s:  # e.g. a bulk load straight into the table
        s.execute(text(
            "INSERT INTO customers (name, name_pinyin, name_initials, phone, phone_reversed, phone2, address, "
            "preferences, notes, consent_calls, consent_letters, consent_channel, created_at) VALUES "
            "('解放', '', '', '13511112222', '', '', '', '', '', false, false, '', '2026-01-01 00:00:00')"))
        s.commit()
    assert names(world.ctx, "xiefang") == []
    again = open_app(world.ctx.url)
    try:
        assert names(again, "xiefang") == ["解放"]
        assert names(again, "2222") == ["解放"]
    finally:
        again.close()
