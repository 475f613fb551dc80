"""A therapy's card in the chooser's results, as HTML.

The parts of a card that do not depend on the reader's answers (the
therapy's name, summary and usual length; what the evidence is for each
condition a reader can pick) are built once per read model
(views.result_page); a request adds only the reasons its answers give.
Plain string building rather than a template included for each card: the
results are rendered for every reader, never cached, and an include in a
loop costs more than the rest of the page.
"""

from dataclasses import dataclass
from html import escape

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from common.text import lower_first


@dataclass(frozen=True)
class CardParts:
    head: str  # escaped HTML: the card's opening, name and summary
    tail: str  # escaped HTML: the usual length, and the card's end


def card_parts(therapy) -> CardParts:
    head = format_html(
        '<li class="card">\n    <h2><a href="{}">{} ({})</a></h2>\n    <p>{}</p>',
        therapy.get_absolute_url(),
        therapy.name,
        therapy.abbreviation,
        therapy.summary,
    )
    tail = format_html('    <p class="small">Usually {}.</p>\n  </li>', therapy.session_range)
    return CardParts(head=head, tail=tail)


def evidence_html(therapy, claim, condition_name: str) -> SafeString:
    """Evidence for the problem the reader named, never the overall level."""
    if not condition_name:
        return format_html(
            '    <p class="small">How strong the evidence is depends on the problem. '
            '<a href="{}#conditions">See the evidence for {}</a>.</p>',
            therapy.get_absolute_url(),
            therapy.abbreviation,
        )
    condition = lower_first(condition_name)
    if claim and claim.reviewed:
        sentence = format_html("<p>{}</p>", claim.sentence)
    elif claim:
        sentence = format_html("<p>{} It does not count towards this result.</p>", claim.sentence)
    else:
        sentence = format_html(
            "<p>Our records have no evidence for {} for {}.</p>", therapy.abbreviation, condition
        )
    return format_html("    <h3>Evidence for {}</h3>\n    {}", condition, sentence)


def reasons(heading: str, found) -> str:
    if not found:
        return ""
    items = "".join(f"<li>{escape(reason.text)}</li>" for reason in found)
    return f"    <h3>{heading}</h3>\n    <ul>{items}</ul>"


def result_card(parts: CardParts, entry, evidence: str) -> SafeString:
    """One therapy's card for one reader: the kept parts, and the reasons
    their answers give for it and against it."""
    pieces = [
        parts.head,
        reasons("What fits your answers", entry.reasons_for),
        reasons("What may fit less well", entry.reasons_against),
        evidence,
        parts.tail,
    ]
    return mark_safe("\n".join(piece for piece in pieces if piece))
