"""Reading a response as a reader or a search engine would."""

import json
import re
from html import unescape
from html.parser import HTMLParser


def text_of(response) -> str:
    """The page as a reader reads it: tags removed, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).replace("\xa0", " ").split())


def jsonld_of(response) -> dict:
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(match.group(1))


def cited_source_numbers(html: str) -> set[str]:
    """Every source number the page's markers cite: [2,4–6] cites 2, 4, 5 and 6."""
    numbers: set[str] = set()
    for marker in re.findall(
        r'<span class="ref"><a href="#source-\d+"[^>]*>\[([\d,–]+)\]</a>', html
    ):
        for part in marker.split(","):
            first, _, last = part.partition("–")
            numbers.update(str(n) for n in range(int(first), int(last or first) + 1))
    return numbers


class _FormReader(HTMLParser):
    """The fields of a page's forms as a browser would submit them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in {"submit", "button", "file"}:
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                return
            self.data.setdefault(name, []).append(a.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            # The first newline after <textarea> belongs to the markup, not the value.
            value = self.data[self._textarea][0] + data
            self.data[self._textarea] = [value.removeprefix("\n")]


def form_data(response) -> dict[str, list[str]]:
    """Every field of the page's forms with the value a browser would send
    unchanged (for the admin's change forms, inlines included)."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    return reader.data
