"""Small helpers for writing sentences from records."""


def lower_first(text: str) -> str:
    """'Big life changes' → 'big life changes', but 'PTSD' stays 'PTSD'."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]
