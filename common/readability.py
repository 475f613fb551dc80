"""How hard a piece of prose is to read, for the admin and the plain-language tests.

Flesch–Kincaid grade is a US school grade; adding 5 gives a rough reading age.
The site aims for a reading age of 11 to 14 (grades 6 to 9); the NHS aims for
9 to 11. Pure functions over text.
"""

import re
from dataclasses import dataclass
from html import unescape

import textstat


@dataclass(frozen=True)
class ReadingLevel:
    grade: float
    ease: float

    @property
    def age(self) -> int:
        return round(self.grade) + 5

    @property
    def summary(self) -> str:
        verdict = "good" if self.grade <= 8 else "harder than we aim for (reading age 11 to 14)"
        return f"Reading age about {max(self.age, 7)} (Flesch reading ease {self.ease:.0f}): {verdict}."


def plain_text(html: str) -> str:
    """The words of rendered HTML, without tags or live-fact source links."""
    text = re.sub(r"<[^>]+>", " ", html)
    return " ".join(unescape(text).replace("[sources]", "").split())


def reading_level(text: str) -> ReadingLevel | None:
    if len(text.split()) < 5:
        return None
    return ReadingLevel(
        grade=round(textstat.flesch_kincaid_grade(text), 1),
        ease=round(textstat.flesch_reading_ease(text), 1),
    )
