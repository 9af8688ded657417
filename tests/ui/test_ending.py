"""The program ends cleanly however it is asked to: the open forms are kept as drafts, the
database is closed (its `.running` marker removed), the log says so, and nothing crashes on
the way out. The real window runs in a process of its own, offscreen, and is stopped from
outside as a service manager, a console or a log-off would."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter_app import logs
from counter_app.bootstrap import AppContext
from counter_app.data.models import Draft, Staff
from counter_app.services import passwords
from counter_app.services.integrity import running_marker
from tests.factories import World
from ui.main_window import MainWindow
from ui.session import UiSession
from ui.shutdown import SESSION_END, EndCleanly
from ui.windows.drafts_prompt import keep_open_drafts
from ui.windows.intake_page import IntakePage

ROOT = Path(__file__).resolve().parents[2]
PIN = "483920"
RECEIPT = "R20261118001"
WAIT_S = 90.0

pytestmark = pytest.mark.skipif(bool(os.environ.get("COUNTER_APP_TEST_PG_URL")),
                                reason="the .running marker is a SQLite file's")


@pytest.fixture
def db_file(ctx: AppContext, world: World) -> Path:
    with ctx.uow.write() as s:
        for login in ("wangfang", "liqiang"):  # a manager with a password: no first-start dialog
            s.scalars(select(Staff).where(Staff.login == login)).one().password_hash = passwords.hash_password(PIN)
        s.commit()
    ctx.close()
    return Path(ctx.url.replace("sqlite:///", ""))


class Program:
    """The program started in its own process, its output in files under `folder`."""

    def __init__(self, folder: Path, args: list[str]) -> None:
        self.home = folder / "home"
        self.out = folder / "stdout.txt"
        self.err = folder / "stderr.txt"
        env = {**os.environ, "COUNTER_APP_HOME": str(self.home), "QT_QPA_PLATFORM": "offscreen",
               "PYTHONFAULTHANDLER": ""}
        with open(self.out, "wb") as out, open(self.err, "wb") as err:
            self.proc = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, stdout=out, stderr=err)

    @property
    def log(self) -> Path:
        return self.home / "logs" / logs.FILE_NAME

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8") if self.log.exists() else ""

    def wait_for(self, what: str, where: str = "log") -> None:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            text = self.log_text() if where == "log" else self.out.read_text(encoding="utf-8", errors="replace")
            if what in text:
                return
            if self.proc.poll() is not None:
                pytest.fail(f"the program ended ({self.proc.returncode}) before {what!r}:\n{self.stderr()}")
            time.sleep(0.1)
        pytest.fail(f"no {what!r} within {WAIT_S} s:\n{self.log_text()}\n{self.stderr()}")

    def stop(self, signum: int) -> int:
        self.proc.send_signal(signum)
        try:
            return self.proc.wait(timeout=WAIT_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            pytest.fail(f"still running {WAIT_S} s after signal {signum}:\n{self.log_text()}\n{self.stderr()}")

    def stderr(self) -> str:
        return self.err.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def programs() -> Iterator[list[Program]]:
    started: list[Program] = []
    yield started
    for program in started:
        program.kill()


def pending_drafts(db_file: Path) -> list[Draft]:
    from counter_app.bootstrap import open_app

    ctx = open_app(str(db_file), migrate=False)
    try:
        with ctx.uow.read() as s:
            rows = list(s.scalars(select(Draft).where(Draft.done.is_(False))))
            s.expunge_all()
            return rows
    finally:
        ctx.close()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_keeps_the_typed_form_and_closes_the_database(db_file: Path, tmp_path: Path,
                                                                    programs: list[Program], signum: int) -> None:
    program = Program(tmp_path, ["-m", "tests.ui.window_driver", "--db", str(db_file), "wangfang", PIN, RECEIPT])
    programs.append(program)
    program.wait_for("main window shown")
    program.wait_for("typed", where="stdout")
    assert running_marker(db_file).exists()  # the program is running on the file

    code = program.stop(signum)

    stderr = program.stderr()
    assert code == 0, stderr
    assert "Fatal Python error" not in stderr and "Traceback" not in stderr, stderr
    assert not running_marker(db_file).exists()
    log = program.log_text()
    assert f"asked to stop ({signal.Signals(signum).name})" in log
    assert "kept 1 open form(s) as drafts" in log and "database closed" in log
    assert "closed cleanly (exit code 0" in log and "Fatal Python error" not in log
    drafts = pending_drafts(db_file)
    assert [(d.form, d.data["receipt_no"]) for d in drafts] == [("intake", RECEIPT)]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_at_the_sign_in_window_ends_the_real_program_cleanly(db_file: Path, tmp_path: Path,
                                                                     programs: list[Program]) -> None:
    """`counter-app` itself (no command: the windows), stopped while it waits for a sign-in."""
    program = Program(tmp_path, ["-m", "counter_app", "--db", str(db_file)])
    programs.append(program)
    program.wait_for("signing in")
    time.sleep(0.5)  # the sign-in dialog's own event loop is running
    code = program.stop(signal.SIGTERM)
    stderr = program.stderr()
    assert code == 0, stderr
    assert "Fatal Python error" not in stderr, stderr
    assert not running_marker(db_file).exists()
    assert "closed cleanly (exit code 0, SIGTERM)" in program.log_text()


def test_faulthandler_writes_a_crash_into_the_log(tmp_path: Path) -> None:
    home = tmp_path / "home"
    code = "from counter_app import logs; logs.set_up(); import faulthandler; faulthandler._sigsegv()"
    env = {**os.environ, "COUNTER_APP_HOME": str(home), "PYTHONFAULTHANDLER": ""}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode != 0
    log = (home / "logs" / logs.FILE_NAME).read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in log
    assert "<string>" in log  # the Python traceback of the crash


# --- in the test process -------------------------------------------------------------------

def open_intake(qtbot: QtBot, ctx: AppContext, world: World) -> tuple[UiSession, IntakePage]:
    session = UiSession(ctx, world.clerk)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("intake")
    assert isinstance(page, IntakePage)
    return session, page


def test_ending_keeps_open_forms_and_a_closing_form_no_longer_finishes_its_draft(
        qtbot: QtBot, ctx: AppContext, world: World) -> None:
    session, page = open_intake(qtbot, ctx, world)
    page.lookup.receipt_edit.setText(RECEIPT)
    assert keep_open_drafts(session) == 1
    assert keep_open_drafts(session) == 0  # once
    page.keeper.done()  # e.g. the form closing as the window goes
    with ctx.uow.read() as s:
        rows = list(s.scalars(select(Draft)))
        assert [(d.form, d.done, d.data["receipt_no"]) for d in rows] == [("intake", False, RECEIPT)]


def test_a_log_off_saves_the_drafts_and_closes_the_database(qtbot: QtBot, qapp: QApplication, ctx: AppContext,
                                                            world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    session, page = open_intake(qtbot, ctx, world)
    page.lookup.receipt_edit.setText(RECEIPT)
    db = Path(ctx.url.replace("sqlite:///", ""))
    running_marker(db).write_text("now", encoding="utf-8")
    closed: list[bool] = []
    ending = EndCleanly(qapp)
    try:
        monkeypatch.setattr(ending, "stop_now", lambda: None)  # the test's own event loop goes on
        ending.attach(session, lambda: closed.append(True) or running_marker(db).unlink())
        ending.session_ending()
        assert ending.reason == SESSION_END and closed == [True]
        assert not running_marker(db).exists()
    finally:
        ending.restore()
        ending.deleteLater()
    with ctx.uow.read() as s:
        assert [d.data["receipt_no"] for d in s.scalars(select(Draft).where(Draft.done.is_(False)))] == [RECEIPT]
