"""Typed records for the JSON columns: one spelling per fact, unknown keys refused.

Every JSON value the program stores (an intake's condition, the defects the customer did not
mention with their decision, the maintenance done on the spot) is read and written through one
frozen record here, so a writer and a reader can no longer disagree on a key or a value: the
demo once wrote "顾客暂不处理" where the slip printer expected "refuse", and printed a declined
repair as agreed.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, fields
from typing import Any

from counter_app.domain.text import clean


class RecordError(ValueError):
    """A stored or passed JSON value that does not have the shape of its record."""


def check_keys(name: str, data: Any, allowed: Collection[str], required: Collection[str] = ()) -> dict[str, Any]:
    """`data` as a dict with only `allowed` keys and every `required` one, or RecordError."""
    if not isinstance(data, dict):
        raise RecordError(f"{name}: expected an object, got {type(data).__name__}")
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise RecordError(f"{name}: unknown keys {unknown}")
    missing = sorted(set(required) - set(data))
    if missing:
        raise RecordError(f"{name}: missing keys {missing}")
    return data


def _keys(cls: type) -> set[str]:
    return {f.name for f in fields(cls)}


# What the clerk ticks at intake, code -> the word on the slip.
DAMAGE_WORDS: tuple[tuple[str, str], ...] = (
    ("broken_solder", "开焊"),
    ("scratches", "刮伤"),
    ("bent", "变形"),
    ("stone_missing", "掉石"),
    ("loose_stone", "松石"),
    ("broken_chain", "断链"),
    ("other", "其他"),
)
# Free maintenance done on the spot, in front of the customer.
MAINTENANCE_WORKS: tuple[tuple[str, str], ...] = (
    ("cleaning", "清洗"),
    ("reshaping", "整形"),
    ("prong_check", "牢固度检查"),
)

REFUSE = "refuse"
REPAIR = "repair"
DEFECT_DECISIONS = (REPAIR, REFUSE)


@dataclass(frozen=True)
class Defect:
    """Something wrong the customer did not mention, and their decision.

    The handbook: point it out and offer the repair; a refusal is written on the slip.
    """

    defect: str
    decision: str  # REFUSE | REPAIR

    def __post_init__(self) -> None:
        if self.decision not in DEFECT_DECISIONS:
            raise RecordError(f"defect decision must be one of {DEFECT_DECISIONS}, got {self.decision!r}")
        if not clean(self.defect):
            raise RecordError("defect: empty text")

    @property
    def refused(self) -> bool:
        return self.decision == REFUSE

    def to_json(self) -> dict[str, str]:
        return {"defect": self.defect, "decision": self.decision}

    # the first wave's name, kept for callers that build slips
    as_dict = to_json

    @classmethod
    def from_json(cls, data: Any) -> Defect:
        d = check_keys("defect", data, _keys(cls), _keys(cls))
        return cls(str(d["defect"]), str(d["decision"]))


def defects_from_json(data: Any) -> list[Defect]:
    if data in (None, ""):
        return []
    if not isinstance(data, list):
        raise RecordError("defects: expected a list")
    return [Defect.from_json(d) for d in data]


def defects_to_json(defects: list[Defect] | tuple[Defect, ...]) -> list[dict[str, str]]:
    return [d.to_json() for d in defects]


@dataclass(frozen=True)
class Maintenance:
    """Free in-store maintenance done on the spot (清洗、整形、牢固度检查)."""

    works: tuple[str, ...]
    note: str = ""
    at: str = ""  # ISO date-time
    by: int | None = None  # staff id

    def to_json(self) -> dict[str, Any]:
        return {"works": list(self.works), "note": self.note, "at": self.at, "by": self.by}

    @classmethod
    def from_json(cls, data: Any) -> Maintenance:
        d = check_keys("maintenance", data, _keys(cls), {"works"})
        by = d.get("by")
        return cls(tuple(str(w) for w in d["works"]), str(d.get("note") or ""), str(d.get("at") or ""),
                   None if by is None else int(by))


@dataclass(frozen=True)
class Condition:
    """The state of the piece at intake: damage codes (see `services.intake.DAMAGE_WORDS`),
    the clerk's words, and the maintenance done on the spot if any."""

    damage: tuple[str, ...] = ()
    notes: str = ""
    maintenance: Maintenance | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"damage": list(self.damage), "notes": self.notes}
        if self.maintenance is not None:
            out["maintenance"] = self.maintenance.to_json()
        return out

    @classmethod
    def from_json(cls, data: Any) -> Condition:
        if data in (None, ""):
            return cls()
        d = check_keys("condition", data, _keys(cls))
        damage = d.get("damage") or []
        if not isinstance(damage, list):
            raise RecordError("condition.damage: expected a list")
        m = d.get("maintenance")
        return cls(tuple(str(x) for x in damage), str(d.get("notes") or ""),
                   Maintenance.from_json(m) if m else None)
