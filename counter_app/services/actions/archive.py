"""The weekly customer archive and head office's summaries.

Exporting and signing off write their files between two transactions (the numbers are
given and kept first, the files rendered, then the export goes on record), so a long render
never holds the database; `services.archive` opens those transactions itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from counter_app.domain.archive_weeks import IsoWeek, Period
from counter_app.domain.dates import today
from counter_app.services import archive, summaries
from counter_app.services.actions.stepwise import StepwiseActions
from counter_app.services.archive import ExportResult, WeekState, WeekView
from counter_app.services.context import Actor
from counter_app.services.summaries import Summary, SummaryExport

Progress = Callable[[int, int, str], None]


def _where(actor: Actor, store: str | int | None) -> str | int:
    """The store asked for, else the actor's own."""
    return actor.require_store() if store is None else store


class ArchiveActions(StepwiseActions):
    def weeks(self, actor: Actor) -> list[WeekState]:
        """The current week and the eight before it, newest first, with their state (the week picker)."""
        store_id = actor.store_id
        if store_id is None:
            return []
        return self._read(lambda s: archive.recent_weeks(s, store_id, today()))

    def review(self, actor: Actor, week: str | IsoWeek, store: str | int | None = None) -> WeekView:
        """What the week's archive holds now (its records and what is missing), giving no numbers."""
        where = _where(actor, store)
        return self._read(lambda s: archive.review(s, actor, where, week))

    def export(self, actor: Actor, week: str | IsoWeek, out_dir: Path | str,
               copies: Sequence[str] = archive.COPIES, store: str | int | None = None,
               progress: Progress | None = None) -> ExportResult:
        """The week's PDF and XLSX of each copy into `out_dir`; numbers are given on the first export."""
        where = _where(actor, store)
        return self._steps(lambda uow: archive.export_week(uow, actor, where, week, Path(out_dir), copies,
                                                           progress=progress))

    def sign(self, actor: Actor, week: str | IsoWeek, store: str | int | None = None,
             progress: Progress | None = None) -> ExportResult:
        """Sign the finished week off: its records frozen, its four files kept with their SHA-256.

        What is entered for it later goes into an addendum of the next open week.
        """
        where = _where(actor, store)
        return self._steps(lambda uow: archive.sign_week(uow, actor, where, week, progress=progress))


class SummaryActions(StepwiseActions):
    def build(self, actor: Actor, period: Period, store: str | int | None = None) -> Summary:
        """Head office's figures for a month, quarter or year (the table and the charts)."""
        where = _where(actor, store)
        return self._read(lambda s: summaries.build(s, actor, where, period))

    def export(self, actor: Actor, period: Period, out_dir: Path | str,
               store: str | int | None = None) -> SummaryExport:
        """The summary's PDF (tables and charts) and XLSX into `out_dir`; the export goes on record."""
        where = _where(actor, store)
        return self._steps(lambda uow: summaries.export(uow, actor, where, period, Path(out_dir)))
