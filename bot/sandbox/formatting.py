"""Telegram's HTML parse mode: markup in, plain text and entities out.

The real server strips the markup and answers with entities whose offsets count UTF-16
code units; it refuses unknown tags and unbalanced markup with "can't parse entities".
Doing the same here lets tests catch user text that was not escaped before being put
into an HTML message.
"""

from __future__ import annotations

from html.parser import HTMLParser

from bot.sandbox.errors import ApiError
from bot.sandbox.models import JSON

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.length = 0
        self.open: list[tuple[str, JSON | None, int]] = []
        self.entities: list[JSON] = []

    def _entity_for(self, tag: str, attrs: dict[str, str | None]) -> JSON | None:
        if tag == "a":
            href = attrs.get("href")
            if not href:
                raise _parse_error(f'no URL in the "a" tag at offset {self.length}')
            return {"type": "text_link", "url": href}
        if tag == "span":
            if attrs.get("class") != "tg-spoiler":
                raise _parse_error('a "span" tag must have class="tg-spoiler"')
            return {"type": "spoiler"}
        if tag == "blockquote" and "expandable" in attrs:
            return {"type": "expandable_blockquote"}
        if tag == "code" and self.open and self.open[-1][0] == "pre":
            language = (attrs.get("class") or "").removeprefix("language-")
            pre = self.open[-1][1]
            if language and pre is not None:
                pre["language"] = language
            return None
        if tag in _SIMPLE_TAGS:
            return {"type": _SIMPLE_TAGS[tag]}
        raise _parse_error(f'unsupported start tag "{tag}" at offset {self.length}')

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        entity = self._entity_for(tag, dict(attrs))
        self.open.append((tag, entity, self.length))

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1][0] != tag:
            raise _parse_error(f'unexpected end tag "{tag}" at offset {self.length}')
        _, entity, start = self.open.pop()
        if entity is not None and self.length > start:
            self.entities.append({**entity, "offset": start, "length": self.length - start})

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        self.length += utf16_len(data)


def _parse_error(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: can't parse entities: {detail}")


def parse_html(markup: str) -> tuple[str, list[JSON]]:
    parser = _Parser()
    parser.feed(markup)
    parser.close()
    if parser.open:
        tag = parser.open[-1][0]
        raise _parse_error(f'can\'t find end tag corresponding to start tag "{tag}"')
    entities = sorted(parser.entities, key=lambda e: (e["offset"], -e["length"]))
    return "".join(parser.text), entities
