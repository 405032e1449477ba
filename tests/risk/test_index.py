"""The word index only saves work: with it, every phrase of the corpus and a long message
fire exactly the rules that running every pattern fires."""

from __future__ import annotations

from bot.bench.risk import long_message
from bot.risk.normalise import finish, prepare
from tests.risk.corpus_helpers import phrases
from tests.risk.helpers import rules


def fired(text: str, *, indexed: bool) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    prepared = prepare(text)
    for view in rules().views:
        viewed, candidates = rules().indexes[view].read(finish(prepared, view))
        found |= {
            (view, rule.id)
            for rule in rules().rules
            if rule.view == view and rule.fires(viewed, candidates if indexed else None)
        }
    return found


def test_the_index_never_hides_a_match() -> None:
    texts = [p.text for p in phrases()]
    texts += [long_message(p for p in phrases() if p.lang == lang) for lang in ("ru", "en")]
    for text in texts:
        assert fired(text, indexed=True) == fired(text, indexed=False), text
