"""The chart as SVG and the partial templates, rendered from sample view models: valid
markup, what a screen reader needs, text escaped, and every label in the catalog."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jinja2
import pytest

from admin.charts import line_chart
from bot.app.console import texts as console_texts
from bot.app.console import texts_admin, words
from bot.app.console.audit_page import AuditPage, AuditRow
from bot.app.console.case_view import RelayMessage
from bot.app.console.charts import BandRange, Point, Series
from bot.app.console.lines import CaseLine, Deadline, Flags, Holder
from bot.app.console.person_view import PersonView
from bot.app.console.profile import Profile
from bot.app.console.reading import When
from bot.app.console.supervision import Colleague, OnDuty, Supervision
from bot.app.console.timeline import TimelineEntry

PARTIALS = Path(__file__).resolve().parents[2] / "admin" / "templates"
SVG = "{http://www.w3.org/2000/svg}"


def when(day: int, hour: int = 9) -> When:
    return When(
        f"2026-11-{day:02d}T{hour:02d}:00:00+00:00",
        f"2026-11-{day:02d} {hour + 5:02d}:00 Asia/Almaty",
        f"2026-11-{day:02d}",
    )


PHQ9 = Series(
    key="phq9",
    title="Mood questionnaire (PHQ-9)",
    axis="",
    low=0,
    high=27,
    bands=(
        BandRange("minimal", "minimal", 0, 4),
        BandRange("mild", "mild", 5, 9),
        BandRange("moderate", "moderate", 10, 14),
        BandRange("moderately-severe", "moderately severe", 15, 19),
        BandRange("severe", "severe", 20, 27),
    ),
    points=(
        Point(when(1), 12, "moderate"),
        Point(when(8), 6, "mild"),
        Point(when(15), 3, "minimal"),
    ),
)
PROFILE = Profile("K7Q-M4P", "a teenager", "writes about themselves", "kz", "ru")
LINE = CaseLine(
    id=7,
    code="K7Q-M4P",
    severity="high",
    severity_words="High",
    status="open",
    status_words="Open",
    holder=Holder("S-ABC-DEF", "Aigul"),
    opened=when(1),
    deadline=Deadline(when(1, 10), -5, True),
    flags=Flags(True, False, False),
    flag_words=("felt unsafe",),
    outcome=None,
    reasons="thoughts of suicide or of not wanting to live",
)


def render(name: str, **context: object) -> str:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(PARTIALS),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template(f"console/partials/{name}").render(t=lambda s: s, **context)


def test_the_chart_is_one_labelled_image_with_bands_axes_and_a_title_per_point() -> None:
    svg = line_chart(PHQ9, lambda s: s)
    root = ET.fromstring(str(svg))
    assert root.get("role") == "img" and root.get("width") == "100%"
    assert root.get("viewBox") == "0 0 420 230"
    assert root.get("aria-label") == (
        "Mood questionnaire (PHQ-9): 3 results from 2026-11-01 to 2026-11-15; "
        "the latest is 3 (minimal)."
    )
    labels = [text.text for text in root.iter(f"{SVG}text")]
    assert "moderately severe (15–19)" in labels
    assert {"0", "5", "10", "15", "20", "27", "2026-11-01", "2026-11-15"} <= set(labels)
    assert len(list(root.iter(f"{SVG}rect"))) == 5
    titles = [title.text for title in root.iter(f"{SVG}title")]
    assert titles[0] == "2026-11-01 14:00 Asia/Almaty: 12 (moderate)"
    # Lower scores are drawn lower: the later, milder points sit below the first.
    heights = [float(c.get("cy", "0")) for c in root.iter(f"{SVG}circle")]
    assert heights[0] < heights[1] < heights[2]


def test_the_chart_escapes_what_it_is_given_and_draws_a_single_point() -> None:
    mood = Series(
        "mood", "<b>Daily</b> mood", "1 very low, 5 good", 1, 5, (), (Point(when(3), 2, None),)
    )
    root = ET.fromstring(str(line_chart(mood, lambda s: s)))
    assert root.get("aria-label", "").startswith("<b>Daily</b> mood: 1 results")
    assert [c.get("cx") for c in root.iter(f"{SVG}circle")] == ["228.0"]
    assert not list(root.iter(f"{SVG}polyline"))


def test_each_partial_renders_its_view_model_accessibly() -> None:
    chart = render("chart.html", series=PHQ9, svg=line_chart(PHQ9, lambda s: s))
    assert 'role="img"' in chart and "<table>" in chart and '<th scope="col">Band</th>' in chart
    timeline = render(
        "case_timeline.html",
        timeline=(TimelineEntry(when(1), "claimed", "Claimed by S-ABC-DEF"),),
    )
    assert '<time datetime="2026-11-01T09:00:00+00:00">' in timeline
    relay = render(
        "relay.html",
        relay=(
            RelayMessage(when(1), "from_person", None, "<script>alert(1)</script>"),
            RelayMessage(when(1), "note", "S-ABC-DEF", "called"),
        ),
    )
    assert "&lt;script&gt;" in relay and "<script>" not in relay
    assert "From the person" in relay and "Note · S-ABC-DEF" in relay
    summary = render("case_summary.html", case=LINE, profile=PROFILE, words="не хочу жить")
    assert "overdue" in summary and "felt unsafe" in summary and "a teenager" in summary
    person = render("person_cases.html", person=PersonView(PROFILE, (LINE,), (PHQ9,)))
    assert "Aigul (S-ABC-DEF)" in person and "thoughts of suicide" in person
    board = render(
        "supervision.html",
        view=Supervision(
            (OnDuty("S-ABC-DEF", "Aigul", "counsellor", 2),),
            (
                Colleague("S-ABC-DEF", "Aigul", "counsellor", True, 2),
                Colleague("S-GHJ-KLM", "Dana", "supervisor", False, 0),
            ),
            (LINE,),
            (),
            (),
            (),
        ),
        T=console_texts,
        TA=texts_admin,
        member={"csrf": "token"},
        me="S-NOP-QRS",
    )
    assert "Deadlines in the next 30 minutes" in board and "Nothing yet." in board
    # A case where the person felt unsafe goes to a supervisor, never back to its holder.
    assert '<option value="S-GHJ-KLM">' in board and '<option value="S-ABC-DEF">' not in board
    audit = render(
        "audit_table.html",
        page=AuditPage(
            (AuditRow(when(1), "S-ABC-DEF", "Aigul", "claimed", "claimed", 7),), 0, 50, False
        ),
    )
    assert "#7" in audit and "Aigul (S-ABC-DEF)" in audit


@pytest.mark.parametrize(
    "template", sorted(p.name for p in (PARTIALS / "console" / "partials").glob("*.html"))
)
def test_every_label_of_the_partials_is_marked_for_translation(template: str) -> None:
    text = (PARTIALS / "console" / "partials" / template).read_text(encoding="utf-8")
    assert set(re.findall(r't\("([^"]*)"\)', text)) <= set(words.LABELS)
