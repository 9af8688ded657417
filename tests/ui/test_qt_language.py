"""Qt's own buttons speak the clerk's language: Qt's catalogue is loaded with the program's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from ui import qt_language


def remove_qt_translations(app: QApplication) -> None:
    for translator in qt_language._installed:
        app.removeTranslator(translator)
    qt_language._installed.clear()


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    remove_qt_translations(qapp)  # whatever an earlier test started
    yield qapp
    remove_qt_translations(qapp)


def cancel_text() -> str:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    return box.button(QDialogButtonBox.StandardButton.Cancel).text()


def test_standard_buttons_are_chinese_in_chinese(app: QApplication) -> None:
    assert qt_language.install_qt_translations(app, "zh")
    assert cancel_text() == "取消"
    assert qt_language.install_qt_translations(app, "zh")  # a second call loads nothing more
    assert len(qt_language._installed) == 1


def test_english_keeps_qt_in_english(app: QApplication) -> None:
    assert not qt_language.install_qt_translations(app, "en")
    assert cancel_text() == "Cancel"
