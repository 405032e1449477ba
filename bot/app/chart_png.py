"""A line chart drawn straight into a PNG with the standard library (zlib), for /history.

The bot already takes about 220 MB, most of it imports; a charting library would add tens
of megabytes to every process for a picture a person asks for now and then. A few dots and
lines on a grid need none: this costs nothing until it is called, and little then.
"""

from __future__ import annotations

import itertools
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

WHITE = (255, 255, 255)
GRID = (175, 175, 175)
LINE = (70, 110, 190)
DOT = (30, 70, 160)
INK = (60, 60, 60)
# A band's threshold on a questionnaire's chart.
MARK = (215, 120, 30)
# Room around the plot: the values on the left, the dates below. A chart is drawn 640
# pixels wide and shown about 360 wide on a phone, so everything is drawn nearly twice
# as large as it needs to look.
LEFT = 60
RIGHT = 20
TOP = 16
BOTTOM = 44
DOT_RADIUS = 7
# Lines and joins this many pixels thick.
STROKE = 3
# A tiny bitmap font, 3 by 5, for what a chart writes: values and dates. Drawn `SCALE`
# times as large.
GLYPHS = {
    "0": ("111", "101", "101", "101", "111"),
    "1": ("010", "110", "010", "010", "111"),
    "2": ("111", "001", "111", "100", "111"),
    "3": ("111", "001", "111", "001", "111"),
    "4": ("101", "101", "111", "001", "001"),
    "5": ("111", "100", "111", "001", "111"),
    "6": ("111", "100", "111", "101", "111"),
    "7": ("111", "001", "010", "010", "010"),
    "8": ("111", "101", "111", "101", "111"),
    "9": ("111", "101", "111", "001", "111"),
    ".": ("000", "000", "000", "000", "010"),
    "-": ("000", "000", "111", "000", "000"),
    "/": ("001", "001", "010", "100", "100"),
    ":": ("000", "010", "000", "010", "000"),
    " ": ("000", "000", "000", "000", "000"),
}
SCALE = 4
# A glyph's width with the gap after it, and its height, in pixels.
ADVANCE = 4 * SCALE
TEXT_HEIGHT = 5 * SCALE


@dataclass(frozen=True)
class Line:
    """A series: (x, y) values, oldest first, and the colours of its dots and joins."""

    values: Sequence[tuple[float, float]]
    dot: tuple[int, int, int] = DOT
    join: tuple[int, int, int] = LINE


@dataclass(frozen=True)
class Plot:
    png: bytes
    # Where each value was drawn, in pixels from the top left, line after line: what
    # tests check.
    points: tuple[tuple[int, int], ...]


def line_chart(
    values: Sequence[tuple[float, float]],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    *,
    width: int = 640,
    height: int = 320,
) -> Plot:
    """`values` as (x, y), oldest first: a grid line for each whole y, dots joined by lines."""
    return chart([Line(values)], x_range, y_range, width=width, height=height)


def chart(
    lines: Sequence[Line],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    *,
    levels: Sequence[float] | None = None,
    marks: Sequence[float] = (),
    x_labels: Sequence[tuple[float, str]] = (),
    width: int = 640,
    height: int = 320,
) -> Plot:
    """Each line's dots joined, over grid lines at `levels` (each whole y when None) and
    threshold lines at `marks`, each written on the left with its value; `x_labels`
    written under the plot where they fall (dates)."""
    pixels = [bytearray(bytes(WHITE) * width) for _ in range(height)]
    (x0, x1), (y0, y1) = x_range, y_range

    def at(x: float, y: float) -> tuple[int, int]:
        px = LEFT + round((x - x0) / ((x1 - x0) or 1) * (width - LEFT - RIGHT))
        py = height - BOTTOM - round((y - y0) / ((y1 - y0) or 1) * (height - TOP - BOTTOM))
        return px, py

    grid = range(int(y0), int(y1) + 1) if levels is None else levels
    for colour, heights in ((GRID, grid), (MARK, marks)):
        for level in heights:
            _, row = at(x0, level)
            for dy in range(-(STROKE // 2), STROKE // 2 + 1):
                _span(pixels, LEFT, width - RIGHT, row + dy, colour)
            label = _number(level)
            ink = MARK if colour == MARK else INK
            _write(pixels, label, LEFT - 8 - len(label) * ADVANCE, row - TEXT_HEIGHT // 2, ink)
    for x, label in x_labels:
        px, _ = at(x, y0)
        left = min(max(px - len(label) * ADVANCE // 2, 0), width - len(label) * ADVANCE)
        _write(pixels, label, left, height - BOTTOM + 12, INK)
    drawn: list[tuple[int, int]] = []
    for line in lines:
        points = [at(x, y) for x, y in line.values]
        for start, end in itertools.pairwise(points):
            for px, py in _segment(start, end):
                for dy in range(-(STROKE // 2), STROKE // 2 + 1):
                    _span(pixels, px - STROKE // 2, px + STROKE // 2, py + dy, line.join)
        for px, py in points:
            for dy in range(-DOT_RADIUS, DOT_RADIUS + 1):
                _span(pixels, px - DOT_RADIUS, px + DOT_RADIUS, py + dy, line.dot)
        drawn.extend(points)
    return Plot(_png(pixels, width, height), tuple(drawn))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _write(
    pixels: list[bytearray], text: str, left: int, top: int, colour: tuple[int, int, int]
) -> None:
    """`text` in the bitmap font, its top left corner at (left, top)."""
    for index, char in enumerate(text):
        for row, bits in enumerate(GLYPHS.get(char, GLYPHS[" "])):
            for column, bit in enumerate(bits):
                if bit == "1":
                    x = left + index * ADVANCE + column * SCALE
                    for dy in range(SCALE):
                        _span(pixels, x, x + SCALE - 1, top + row * SCALE + dy, colour)


def _span(pixels: list[bytearray], x0: int, x1: int, y: int, colour: tuple[int, int, int]) -> None:
    """A row of pixels from x0 to x1, both included, clipped to the image: one slice
    assignment, where pixel by pixel would be most of the time a chart takes."""
    x0, x1 = max(x0, 0), min(x1, len(pixels[0]) // 3 - 1)
    if 0 <= y < len(pixels) and x0 <= x1:
        pixels[y][3 * x0 : 3 * x1 + 3] = bytes(colour) * (x1 - x0 + 1)


def _segment(start: tuple[int, int], end: tuple[int, int]) -> list[tuple[int, int]]:
    steps = max(abs(end[0] - start[0]), abs(end[1] - start[1]), 1)
    return [
        (
            start[0] + round((end[0] - start[0]) * i / steps),
            start[1] + round((end[1] - start[1]) * i / steps),
        )
        for i in range(steps + 1)
    ]


def _png(pixels: list[bytearray], width: int, height: int) -> bytes:
    """8-bit RGB, no interlace; every row with filter type 0."""
    raw = b"".join(b"\x00" + bytes(row) for row in pixels)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )
