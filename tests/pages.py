"""Reading a response as a reader or a search engine would."""

import json
import re
from html import unescape


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
