"""One spelling for the JSON values of intakes and slips

The first demo data wrote `certificate_issuer` / `certificate_no` where the verification reads
`cert_issuer` / `cert_no`, `damaged_parts` (words) where the intake keeps `damage` (codes) and
`notes`, maintenance as an object the archive read as a list, and a defect decision
"顾客暂不处理" where the slip printer knows only `refuse` / `repair`. The typed records now
refuse anything but their own spelling, so stored values are rewritten once, here.
Self-contained on purpose: a migration must not change when the program's code does.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 01:30:00
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

OBSERVED = ("cert_issuer", "cert_no", "engraving", "weight_g", "carat", "color", "clarity", "cut")
OBSERVED_ALIASES = {"certificate_issuer": "cert_issuer", "certificate_no": "cert_no",
                    "certificate_number": "cert_no"}
DAMAGE = (("broken_solder", "开焊"), ("scratches", "刮伤"), ("bent", "变形"), ("stone_missing", "掉石"),
          ("loose_stone", "松"), ("broken_chain", "断"))
REFUSE_WORDS = ("refuse", "refused", "decline", "拒绝", "不修", "暂不", "不处理", "不同意")


def observed(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, v in value.items():
        key = OBSERVED_ALIASES.get(key, key)
        if key in OBSERVED and (v not in (None, "") or key not in out):
            out[key] = None if v == "" else v
    return out


def damage_codes(words: list[str]) -> list[str]:
    codes = []
    for w in words:
        code = next((c for c, part in DAMAGE if part in w), "other")
        if code not in codes:
            codes.append(code)
    return codes


def condition(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    out = {k: v for k, v in value.items() if k in ("damage", "notes", "maintenance")}
    words = value.get("damaged_parts")
    if words:
        words = [words] if isinstance(words, str) else [str(w) for w in words]
        out["damage"] = list(dict.fromkeys([*(out.get("damage") or []), *damage_codes(words)]))
        out["notes"] = "；".join(x for x in (str(out.get("notes") or ""), "、".join(words)) if x)
    out.setdefault("damage", [])
    out.setdefault("notes", "")
    m = out.get("maintenance")
    if isinstance(m, list):
        out["maintenance"] = {"works": [str(w) for w in m], "note": "", "at": "", "by": None}
    elif isinstance(m, dict):
        out["maintenance"] = {k: m.get(k, d) for k, d in (("works", []), ("note", ""), ("at", ""), ("by", None))}
    elif not m:
        out.pop("maintenance", None)
    return out


def decision(word: Any) -> str:
    w = str(word or "").strip().lower()
    return "refuse" if any(r in w for r in REFUSE_WORDS) else "repair" if w else "refuse"


def defects(value: Any) -> Any:
    if not isinstance(value, list):
        return value
    return [{"defect": str(d.get("defect", "")), "decision": decision(d.get("decision"))}
            for d in value if isinstance(d, dict) and str(d.get("defect", "")).strip()]


def slip_item(value: Any) -> Any:
    if isinstance(value, dict) and isinstance(value.get("observed"), dict):
        return {**value, "observed": observed(value["observed"])}
    return value


def _rewrite(table: str, columns: dict[str, Any]) -> None:
    t = sa.table(table, sa.column("id", sa.Integer), *(sa.column(c, sa.JSON) for c in columns))
    bind = op.get_bind()
    rows = bind.execute(sa.select(t.c.id, *(t.c[c] for c in columns))).all()
    for row in rows:
        changes = {}
        for c, fix in columns.items():
            old = getattr(row, c)
            new = fix(old)
            if new != old:
                changes[c] = new
        if changes:
            bind.execute(t.update().where(t.c.id == row.id).values(**changes))


def upgrade() -> None:
    _rewrite("intakes", {"observed": observed, "condition": condition, "unmentioned_defects": defects})
    _rewrite("repair_slips", {"unmentioned_defects": defects, "item": slip_item})


def downgrade() -> None:
    pass  # the rewritten values are what the older program reads as well
