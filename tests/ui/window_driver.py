"""Start the program's window exactly as `counter-app` with no command does, with a clerk at it.

    python -m tests.ui.window_driver --db PATH LOGIN PIN RECEIPT

The program makes its own QApplication (`ui.app.make_qapp`); right after, a timer (a child of
that QApplication, so it goes with it) plays the clerk: signs in, opens the intake page, types
`RECEIPT` and prints `typed` on stdout. Then it does nothing more: the test ends the program
from outside (SIGTERM, SIGINT) and reads its exit code, its stderr, the log and the database.
"""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

import ui.app
from counter_app.cli import main
from ui.main_window import MainWindow
from ui.windows.intake_page import IntakePage
from ui.windows.sign_in import SignInDialog


def clerk_at(app: QApplication, login: str, pin: str, receipt: str) -> QTimer:
    timer = QTimer(app)

    def tick() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, SignInDialog):
            modal.form.login.setText(login)
            modal.form.secret.setText(pin)
            modal.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
            return
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                page = widget.show_page("intake")
                assert isinstance(page, IntakePage)
                page.lookup.receipt_edit.setText(receipt)
                timer.stop()
                print("typed", flush=True)
                return

    timer.timeout.connect(tick)
    timer.start(50)
    return timer


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("login")
    parser.add_argument("pin")
    parser.add_argument("receipt")
    args = parser.parse_args(argv)
    real = ui.app.make_qapp

    def make_qapp() -> QApplication:
        app = real()
        clerk_at(app, args.login, args.pin, args.receipt)
        return app

    ui.app.make_qapp = make_qapp
    return main(["--db", args.db])


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
