"""Small helpers for writing sentences from records."""

import re


def lower_first(text: str) -> str:
    """'Big life changes' → 'big life changes', but 'PTSD' stays 'PTSD'."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def join_words(words: list[str], conjunction: str = "and") -> str:
    """['a'] → 'a'; ['a', 'b'] → 'a and b'; ['a', 'b', 'c'] → 'a, b and c'."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {conjunction} " + words[-1]


def range_phrase(low: int, high: int, unit: str) -> str:
    """(12, 16, "sessions") → '12 to 16 sessions'; (16, 16, "sessions") → '16 sessions'."""
    if low == high:
        return f"{high} {unit}"
    return f"{low} to {high} {unit}"


def first_sentence_of(text: str) -> str:
    """Up to and including the first full stop, question or exclamation mark
    that ends a sentence; the whole text if there is none."""
    match = re.search(r"^.*?[.?!](?=\s|$)", text.strip(), re.DOTALL)
    return match.group(0) if match else text.strip()
