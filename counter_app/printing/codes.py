"""What the slip's barcodes carry, and how a scan is read back.

- Code128 carries the slip number as printed (`SH01-2026-000123`); Code128 has its own
  check symbol, checked by the scanner.
- The QR code carries the number plus one check character: `SH01-2026-000123-K`.
  The check character is ISO/IEC 7064 MOD 37,36 (the hybrid system for alphanumerics,
  one character from 0-9A-Z) computed over the number's letters and digits (dashes are
  skipped). It catches every single wrong character and almost every swap of neighbours,
  so a mis-read or a slip number typed by hand with a typo is refused instead of opening
  another customer's slip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import qrcode
import qrcode.constants
from reportlab.graphics.barcode import code128
from reportlab.lib import colors
from reportlab.platypus import Flowable

from counter_app.domain.text import clean

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_M = 36

_SCAN = re.compile(r"^(?P<number>[A-Z0-9]+-\d{4}-\d{6})(?:-(?P<check>[0-9A-Z]))?$")


def _values(text: str) -> list[int]:
    out = []
    for ch in text.upper():
        if ch == "-":
            continue
        idx = ALPHABET.find(ch)
        if idx < 0:
            raise ValueError(f"not alphanumeric: {ch!r}")
        out.append(idx)
    return out


def _run(values: list[int]) -> int:
    p = _M
    for v in values:
        s = (p + v) % _M or _M
        p = (s * 2) % (_M + 1)
    return p


def check_char(number: str) -> str:
    """ISO 7064 MOD 37,36 check character of `number` (dashes ignored)."""
    p = _run(_values(number))
    return ALPHABET[(_M + 1 - p) % _M]


def is_valid(number_with_check: str) -> bool:
    """True when the last character is the right check character for what precedes it."""
    vals = _values(number_with_check)
    if len(vals) < 2:
        return False
    p = _run(vals[:-1])
    return (p + vals[-1]) % _M == 1


def qr_payload(number: str) -> str:
    return f"{number}-{check_char(number)}"


@dataclass(frozen=True)
class Scan:
    number: str
    had_check: bool
    check_ok: bool


def read_scan(text: str) -> Scan | None:
    """Read what a scanner (or a person) typed: the bare number or the QR payload.

    Full-width characters and stray spaces are cleaned; None when it is not a slip number at all.
    """
    s = clean(text).upper().replace(" ", "")
    m = _SCAN.match(s)
    if not m:
        return None
    number, check = m.group("number"), m.group("check")
    if check is None:
        return Scan(number, False, True)
    return Scan(number, True, check_char(number) == check)


def code128_flowable(number: str, bar_height: float, bar_width: float) -> code128.Code128:
    return code128.Code128(number, barHeight=bar_height, barWidth=bar_width, humanReadable=False,
                           quiet=False)


class QrFlowable(Flowable):
    """A QR code drawn as filled squares (no font involved, so only the CJK font is in the PDF)."""

    def __init__(self, payload: str, size: float) -> None:
        super().__init__()
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
        code.add_data(payload)
        code.make(fit=True)
        self.matrix: list[list[bool]] = code.get_matrix()
        self.size = size

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        n = len(self.matrix)
        cell = self.size / n
        c = self.canv
        c.setFillColor(colors.black)
        for row, line in enumerate(self.matrix):
            y = self.size - (row + 1) * cell
            col = 0
            while col < n:  # one rectangle per run of dark modules
                if line[col]:
                    start = col
                    while col < n and line[col]:
                        col += 1
                    c.rect(start * cell, y, (col - start) * cell, cell, stroke=0, fill=1)
                else:
                    col += 1


def qr_drawing(payload: str, size: float) -> QrFlowable:
    return QrFlowable(payload, size)
