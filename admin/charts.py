"""An inline SVG line chart of one series (`bot.app.console.charts.Series`): pure, no I/O.

Drawn in a fixed viewBox at width 100%, so it scales to a 390 px phone. The instrument's
bands are shaded and labelled behind the line; each point carries a `<title>` with its
date, value and band. The SVG is one image to a screen reader (`role="img"` with a
summary as `aria-label`); the chart partial puts the same results in a table beside it.
Colours are presentation attributes, not `style`, which the console's CSP refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from markupsafe import Markup, escape

from bot.app.console import words
from bot.app.console.charts import Series

# About the width of a phone in CSS pixels, so that the text reads at its own size there.
WIDTH, HEIGHT = 420, 230
LEFT, RIGHT, TOP, BOTTOM = 46, 10, 10, 26
FONT = 12
INSET = 8
# Calm shades alternating band by band; the line and points are drawn over them.
BAND_FILLS = ("#eef3f8", "#dfe8f1")
LINE = "#1f4e79"
TEXT = "#333333"
# A white outline keeps a band's label legible where the line crosses it.
HALO = 'stroke="#ffffff" stroke-width="3" paint-order="stroke"'


def line_chart(series: Series, t: Callable[[str], str]) -> Markup:
    """The chart as SVG markup; `t` translates the summary read to screen readers."""
    low, high = series.low, series.high if series.high > series.low else series.low + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + plot_h * (1 - (value - low) / (high - low))

    moments = [datetime.fromisoformat(point.at.iso).timestamp() for point in series.points]
    first, last = (min(moments), max(moments)) if moments else (0.0, 0.0)

    def x(moment: float) -> float:
        if last == first:
            return LEFT + plot_w / 2
        # Inset from both axes, so that the first and last points are drawn whole.
        inner = plot_w - 2 * INSET
        return LEFT + INSET + inner * (moment - first) / (last - first)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%"'
        f' role="img" aria-label="{escape(summary(series, t))}" class="chart"'
        f' font-size="{FONT}" font-family="sans-serif">'
    ]
    for number, band in enumerate(series.bands):
        # A band holds whole numbers low..high: it is drawn from low-0.5 to high+0.5 so
        # neighbouring bands meet, clipped to the chart.
        top, bottom = y(min(band.high + 0.5, high)), y(max(band.low - 0.5, low))
        parts.append(
            f'<rect x="{LEFT}" y="{top:.1f}" width="{plot_w}" height="{bottom - top:.1f}"'
            f' fill="{BAND_FILLS[number % 2]}" class="band band-{escape(band.id)}"/>'
            f'<text x="{WIDTH - RIGHT - 4}" y="{top + FONT:.1f}" text-anchor="end"'
            f' fill="{TEXT}" {HALO}>{escape(band.label)} ({band.low}–{band.high})</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="{TEXT}"/>'
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}"'
        f' stroke="{TEXT}"/>'
    )
    for tick in _ticks(series):
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(tick) + FONT / 3:.1f}" text-anchor="end"'
            f' fill="{TEXT}">{tick}</text>'
        )
    if series.axis:
        middle = TOP + plot_h / 2
        parts.append(
            f'<text x="{FONT}" y="{middle:.1f}" text-anchor="middle" fill="{TEXT}"'
            f' transform="rotate(-90 {FONT} {middle:.1f})">{escape(series.axis)}</text>'
        )
    if series.points:
        days = (series.points[0].at.day, series.points[-1].at.day)
        parts.append(
            f'<text x="{LEFT}" y="{TOP + plot_h + FONT + 4}" fill="{TEXT}">{days[0]}</text>'
        )
        if days[1] != days[0]:
            parts.append(
                f'<text x="{WIDTH - RIGHT}" y="{TOP + plot_h + FONT + 4}" text-anchor="end"'
                f' fill="{TEXT}">{days[1]}</text>'
            )
    pairs = zip(moments, series.points, strict=True)
    coords = [(x(moment), y(point.value)) for moment, point in pairs]
    if len(coords) > 1:
        path = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2.5"/>')
    for (cx, cy), point in zip(coords, series.points, strict=True):
        said = f"{point.at.text}: {point.value}" + (f" ({point.band})" if point.band else "")
        parts.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="{LINE}">'
            f"<title>{escape(said)}</title></circle>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def summary(series: Series, t: Callable[[str], str]) -> str:
    """One sentence for a screen reader: what, how many, over which days, the latest."""
    if not series.points:
        return series.title
    latest = series.points[-1]
    return t(words.CHART_SUMMARY) % {
        "title": series.title,
        "count": len(series.points),
        "first": series.points[0].at.day,
        "last": latest.at.day,
        "value": f"{latest.value}" + (f" ({latest.band})" if latest.band else ""),
    }


def _ticks(series: Series) -> list[int]:
    """The values labelled on the vertical axis: the ends and each band's lower bound, or
    every value of a short scale without bands (the daily mood's 1-5)."""
    if not series.bands and series.high - series.low <= 10:
        return list(range(series.low, series.high + 1))
    return sorted({series.low, series.high, *(band.low for band in series.bands)})
