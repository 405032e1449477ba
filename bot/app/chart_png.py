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
GRID = (225, 225, 225)
LINE = (120, 150, 200)
DOT = (30, 70, 160)
# A band's threshold on a questionnaire's chart.
MARK = (230, 150, 60)
MARGIN = 16
DOT_RADIUS = 3


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
    width: int = 640,
    height: int = 320,
) -> Plot:
    """Each line's dots joined, over grid lines at `levels` (each whole y when None) and
    threshold lines at `marks`."""
    pixels = [bytearray(bytes(WHITE) * width) for _ in range(height)]
    (x0, x1), (y0, y1) = x_range, y_range

    def at(x: float, y: float) -> tuple[int, int]:
        px = MARGIN + round((x - x0) / ((x1 - x0) or 1) * (width - 2 * MARGIN))
        py = height - MARGIN - round((y - y0) / ((y1 - y0) or 1) * (height - 2 * MARGIN))
        return px, py

    grid = range(int(y0), int(y1) + 1) if levels is None else levels
    for colour, heights in ((GRID, grid), (MARK, marks)):
        for level in heights:
            _, row = at(x0, level)
            _span(pixels, MARGIN, width - MARGIN, row, colour)
    drawn: list[tuple[int, int]] = []
    for line in lines:
        points = [at(x, y) for x, y in line.values]
        for start, end in itertools.pairwise(points):
            for px, py in _segment(start, end):
                _put(pixels, px, py, line.join)
        for px, py in points:
            for dy in range(-DOT_RADIUS, DOT_RADIUS + 1):
                _span(pixels, px - DOT_RADIUS, px + DOT_RADIUS, py + dy, line.dot)
        drawn.extend(points)
    return Plot(_png(pixels, width, height), tuple(drawn))


def _put(pixels: list[bytearray], x: int, y: int, colour: tuple[int, int, int]) -> None:
    if 0 <= y < len(pixels) and 0 <= x < len(pixels[0]) // 3:
        pixels[y][3 * x : 3 * x + 3] = bytes(colour)


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
