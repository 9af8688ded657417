"""Drive the real start of the program like a clerk: sign in, open every page, quit.

Run by an installed program's Python (`python gui_smoke.py LOGIN PIN`) or built into the
test bundle as its own executable (`counter-app-smoke LOGIN PIN`). It starts the program
exactly as `counter-app` with no command does (`counter_app.cli.main([])`); a timer plays
the clerk: it types the login and PIN into the sign-in window, switches the main window to
each page in turn, checks that Qt's own buttons are in Chinese, and closes the program.
It prints one JSON line (what it saw, seconds since the process started) and exits 0 only
when every page was shown.

The pages are not imported here: the main window imports them by name, which is what a
bundle has to get right.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QTabWidget, QWidget

from counter_app.cli import main
from counter_app.i18n import _

TIMEOUT_S = 120.0


def process_age() -> float:
    """Seconds since this process started (Linux: from /proc; elsewhere from import time)."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.monotonic() - STARTED


STARTED = time.monotonic()


class Clerk:
    def __init__(self, app: QApplication, login: str, pin: str) -> None:
        self.app = app
        self.login = login
        self.pin = pin
        self.report: dict[str, Any] = {"pages": [], "messages": []}
        self.step = "sign-in"
        self.deadline = time.monotonic() + TIMEOUT_S
        self.timer = QTimer()
        self.timer.timeout.connect(self.tick)
        self.timer.start(50)

    def fail(self, why: str) -> None:
        self.report["error"] = why
        self.finish(3)

    def finish(self, code: int) -> None:
        self.report["code"] = code
        print(json.dumps(self.report, ensure_ascii=False), flush=True)
        sys.stdout.flush()
        os._exit(code)

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            self.fail(f"timed out at step {self.step}")
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QMessageBox):
            self.report["messages"].append(modal.text())
            modal.accept()
            return
        if self.step == "sign-in" and modal is not None and type(modal).__name__ == "SignInDialog":
            self.sign_in(modal)
        elif self.step == "main":
            window = self.main_window()
            if window is not None and window.isVisible():
                self.visit_pages(window)

    def sign_in(self, dialog: QWidget) -> None:
        self.report["sign_in_shown_s"] = round(process_age(), 3)
        self.report["sign_in_title"] = dialog.windowTitle()
        form: Any = getattr(dialog, "form")  # noqa: B009
        form.login.setText(self.login)
        form.secret.setText(self.pin)
        self.step = "main"
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    def main_window(self) -> Any:
        for widget in QApplication.topLevelWidgets():
            if type(widget).__name__ == "MainWindow":
                return widget
        return None

    def visit_pages(self, window: Any) -> None:
        from ui.pages import PAGES

        self.timer.stop()
        self.report["main_window_shown_s"] = round(process_age(), 3)
        self.report["window_title"] = window.windowTitle()
        self.report["staff"] = window.staff_label.text()
        for row, spec in enumerate(PAGES):
            window.nav.setCurrentRow(row)
            self.app.processEvents()
            shown = window.stack.currentWidget()
            if window.current_key() != spec.key or shown is not window.pages[spec.key] or not shown.isVisible():
                self.fail(f"page {spec.key} is not shown")
            self.report["pages"].append(spec.key)
            if spec.key == "settings":
                self.visit_settings(shown)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.report["qt_cancel"] = box.button(QDialogButtonBox.StandardButton.Cancel).text()
        self.step = "closing"
        window.close()
        self.app.quit()


    def visit_settings(self, page: QWidget) -> None:
        """Every settings tab is there (they are imported by name and skipped when missing)."""
        from ui.windows.settings_page import TABS

        tabs = page.findChild(QTabWidget, "settings_tabs")
        titles = []
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            self.app.processEvents()
            titles.append(tabs.tabText(index))
        self.report["settings_tabs"] = titles
        self.report["settings_tabs_expected"] = [_(title) for _module, title in TABS]


def run(argv: list[str]) -> int:
    if len(argv) != 2:
        sys.stderr.write("usage: gui_smoke LOGIN PIN\n")
        return 2
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    clerk = Clerk(app, argv[0], argv[1])
    code = main([])
    if code != 0 or clerk.step != "closing":
        clerk.fail(f"program ended with {code} at step {clerk.step}")
    clerk.finish(0)
    return 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
