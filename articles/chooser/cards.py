"""A therapy's card in the chooser's results, as HTML.

Built in Python rather than by including a template for each card: the
results are rendered for every reader (they are never cached), and an
include in a loop costs more than the rest of the page.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from common.text import lower_first


def result_card(item: dict, condition_name: str) -> SafeString:
    therapy, entry, claim = item["therapy"], item["entry"], item["claim"]
    url = therapy.get_absolute_url()
    parts = [
        format_html(
            '<li class="card">\n    <h2><a href="{}">{} ({})</a></h2>\n    <p>{}</p>',
            url,
            therapy.name,
            therapy.abbreviation,
            therapy.summary,
        ),
        reasons("What fits your answers", entry.reasons_for),
        reasons("What may fit less well", entry.reasons_against),
        evidence(therapy, url, claim, condition_name),
        format_html('    <p class="small">Usually {}.</p>\n  </li>', therapy.session_range),
    ]
    return mark_safe("\n".join(part for part in parts if part))


def reasons(heading: str, found) -> SafeString | str:
    if not found:
        return ""
    items = format_html_join("", "<li>{}</li>", ((reason.text,) for reason in found))
    return format_html("    <h3>{}</h3>\n    <ul>{}</ul>", heading, items)


def evidence(therapy, url: str, claim, condition_name: str) -> SafeString:
    """Evidence for the problem the reader named, never the overall level."""
    if not condition_name:
        return format_html(
            '    <p class="small">How strong the evidence is depends on the problem. '
            '<a href="{}#conditions">See the evidence for {}</a>.</p>',
            url,
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
