"""python-markdown's links, matched in time linear in the length of a text.

To find where a link's text ends, python-markdown scans forward from each
"[" counting nested brackets until they balance, and to find where its
address ends, from each "](" counting parentheses. A "[" that is never
closed is scanned to the end of its paragraph, once for each processor that
looks for one (links, references, images): 20,000 "[" in a row took longer
than gunicorn lets a worker live, and "[a](" 10,000 times 27 s.

Here the brackets (and parentheses) of a text are matched once, in one pass
from its end, and each scan looks its answer up: what is matched is exactly
what python-markdown matches. An address with a title in quotes, where
python-markdown's own rules for quotes apply, is still scanned by
python-markdown, over at most LINK_WINDOW characters. Footnote references
are found by a regular expression that scanned to the end of the text from
each "[^"; their labels are limited to FOOTNOTE_LABEL_MAX characters.
"""

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import (
    IMAGE_LINK_RE,
    IMAGE_REFERENCE_RE,
    LINK_RE,
    REFERENCE_RE,
    ImageInlineProcessor,
    ImageReferenceInlineProcessor,
    LinkInlineProcessor,
    ReferenceInlineProcessor,
    ShortImageReferenceInlineProcessor,
    ShortReferenceInlineProcessor,
)

# From a link's "(" to its ")", when the address has a title in quotes.
LINK_WINDOW = 2000
FOOTNOTE_LABEL_MAX = 100


class ClosingBrackets:
    """Where each opening bracket of a text closes, found in one pass.

    Positions are kept as distances from the end of the text: python-markdown
    replaces each link it finds with a short placeholder and looks on after
    it, so the rest of the text, and what is known about it, still holds.
    """

    def __init__(self, opening: str, closing: str):
        self.opening, self.closing = opening, closing
        self.pattern = re.compile(f"[{re.escape(opening + closing)}]")
        self.text = ""
        self.known = 0  # distances from the end up to this are right for self.text
        self.closes: dict[int, int] = {}

    def find(self, text: str, position: int) -> int | None:
        """Where the bracket at `position` of `text` closes, or None if it never does."""
        distance = len(text) - position
        if text is not self.text:
            if distance <= self.known and self.text.endswith(text[position:]):
                self.text, self.known = text, distance
            else:
                self.match(text)
        elif distance > self.known:
            self.match(text)
        closes = self.closes.get(distance)
        return None if closes is None else len(text) - closes

    def match(self, text: str) -> None:
        self.text, self.known, self.closes = text, len(text), {}
        waiting: list[int] = []  # closing brackets not yet matched, nearest last
        positions = [found.start() for found in self.pattern.finditer(text)]
        for position in reversed(positions):
            if text[position] == self.closing:
                waiting.append(len(text) - position)
            elif waiting:
                self.closes[len(text) - position] = waiting.pop()


class LinearScans(LinkInlineProcessor):
    """getText and getLink of python-markdown's link processors, answered from
    ClosingBrackets; mixed into each of them below."""

    def __init__(self, pattern: str, md: Markdown):
        super().__init__(pattern, md)
        self.brackets = ClosingBrackets("[", "]")
        self.parentheses = ClosingBrackets("(", ")")

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:
        # Every processor calls it just after the "[" it matched.
        if data[index - 1 : index] != "[":
            return super().getText(data, index)
        end = self.brackets.find(data, index - 1)
        if end is None:
            return "", len(data), False
        return data[index:end], end + 1, True

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:
        found = self.RE_LINK.match(data, pos=index)
        if found is None or found.group(1):
            # Not a "(", or an "(<address>)": a regular expression, no scan.
            return super().getLink(data, index)
        start = found.end()
        end = self.parentheses.find(data, index)
        until = len(data) if end is None else end
        quotes = [
            at for at in (data.find("'", start, until), data.find('"', start, until)) if at >= 0
        ]
        if quotes:
            return super().getLink(data[: index + LINK_WINDOW], index)
        if end is None:
            return "", None, len(data), False
        return self.unescape(data[start:end]).strip(), None, end + 1, True


class Link(LinearScans):
    pass


class Image(LinearScans, ImageInlineProcessor):
    pass


class Reference(LinearScans, ReferenceInlineProcessor):
    pass


class ImageReference(LinearScans, ImageReferenceInlineProcessor):
    pass


class ShortReference(LinearScans, ShortReferenceInlineProcessor):
    pass


class ShortImageReference(LinearScans, ShortImageReferenceInlineProcessor):
    pass


class LinearLinks(Extension):
    """Replaces python-markdown's link processors (same names and priorities)
    and the footnotes' pattern. Listed after "extra", which adds footnotes."""

    def extendMarkdown(self, md: Markdown) -> None:
        patterns = md.inlinePatterns
        patterns.register(Reference(REFERENCE_RE, md), "reference", 170)
        patterns.register(Link(LINK_RE, md), "link", 160)
        patterns.register(Image(IMAGE_LINK_RE, md), "image_link", 150)
        patterns.register(ImageReference(IMAGE_REFERENCE_RE, md), "image_reference", 140)
        patterns.register(ShortReference(REFERENCE_RE, md), "short_reference", 130)
        patterns.register(ShortImageReference(IMAGE_REFERENCE_RE, md), "short_image_ref", 125)
        if "footnote" in patterns:
            footnote = patterns["footnote"]
            footnote.compiled_re = re.compile(
                rf"\[\^([^\]]{{0,{FOOTNOTE_LABEL_MAX}}})\]", re.DOTALL | re.UNICODE
            )
