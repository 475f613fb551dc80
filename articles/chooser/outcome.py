"""The chooser's results section, as HTML, for one reader's answers.

What is the same for every reader (the urgent-help box, the "not a
diagnosis" notice, and for each condition the section saying we cannot
point to a therapy for it) is rendered from its template once per read
model (views.result_page) and kept as `OutcomeParts`. A request joins those
with the sentences its answers call for and the therapies' cards
(cards.py). Plain string building, like the cards, because the results are
rendered for every reader and never cached.
"""

from dataclasses import dataclass
from html import escape

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from common.text import lower_first

# Cards shown open; the rest are folded away, still with their reasons.
SHOWN_OPEN = 3


@dataclass(frozen=True)
class OutcomeParts:
    urgent_help: str
    not_a_diagnosis: str
    not_established: dict[str, str]  # by condition slug


def outcome_parts(conditions) -> OutcomeParts:
    """`conditions`: every condition a reader can pick (Condition records)."""
    return OutcomeParts(
        urgent_help=render_to_string("includes/_urgent_help.html"),
        not_a_diagnosis=render_to_string("includes/_not_a_diagnosis.html"),
        not_established={
            condition.slug: render_to_string(
                "includes/_not_established.html", {"condition": condition}
            )
            for condition in conditions
        },
    )


def outcome_html(parts: OutcomeParts, outcome: dict) -> SafeString:
    """The results section. `outcome` is what views.which_therapy_result worked out."""
    results = results_html(parts, outcome)
    if not outcome["at_risk"]:
        return mark_safe(f"{parts.urgent_help}\n{results}")
    # Someone who said they might harm themselves is sent to people first;
    # the results wait, folded, until they choose to read them.
    return mark_safe(
        '<section class="urgent-lead" aria-labelledby="at-risk-title">\n'
        '  <h2 id="at-risk-title">Please talk to someone now</h2>\n'
        '  <p class="lede">You said you are having thoughts of ending your life or harming '
        "yourself. You deserve support straight away. A therapy chooser is not the right "
        "tool for this moment: a person is.</p>\n"
        f"  {parts.urgent_help}\n"
        "  <p>Therapy can help later, and your GP can help you find it. If you want to, "
        "the rest of your results are below.</p>\n"
        "</section>\n"
        '<details class="later-results">\n'
        "  <summary>When you feel ready: how the therapies match your other answers</summary>\n"
        f"  {results}\n"
        "</details>"
    )


def results_html(parts: OutcomeParts, outcome: dict) -> str:
    pieces = [parts.not_a_diagnosis, ignored_notice(outcome["ignored"])]
    ranked = outcome["ranked"]
    if outcome["not_established"]:
        condition = outcome["condition"]
        links = "".join(
            f'<li><a href="{item["therapy"].get_absolute_url()}">{therapy_name(item)}</a></li>'
            for item in ranked
        )
        pieces += [
            parts.not_established[condition.slug],
            "<p>You can still read about each therapy on its own page, but none of them "
            f"is suggested for {escape(lower_first(condition.name))}.</p>",
            f"<ul>\n  {links}\n</ul>",
        ]
        return "\n".join(piece for piece in pieces if piece)
    pieces.append(lede(outcome["result"], ranked))
    cards = [item["card"] for item in ranked]
    pieces.append(f'<ol class="results">\n  {"".join(cards[:SHOWN_OPEN])}\n</ol>')
    if len(cards) > SHOWN_OPEN:
        pieces.append(
            '<details class="more-results">\n'
            f"  <summary>The other {len(cards) - SHOWN_OPEN} therapies</summary>\n"
            f'  <ol class="results" start="{SHOWN_OPEN + 1}">\n'
            f"    {''.join(cards[SHOWN_OPEN:])}\n"
            "  </ol>\n"
            "</details>"
        )
    if outcome["comparison_link"]:
        pieces.append(
            f'<p><a href="{escape(outcome["comparison_link"])}">'
            "Compare these therapies side by side</a></p>"
        )
    return "\n".join(piece for piece in pieces if piece)


def ignored_notice(ignored: list[str]) -> str:
    """Answers we could not read (an address edited by hand, an old link)."""
    if not ignored:
        return ""
    questions = ", ".join(f"“{escape(text)}”" for text in ignored)
    pronoun = "it" if len(ignored) == 1 else "them"
    return (
        '<div class="notice" role="status"><p>We could not read your answer to: '
        f"{questions}. We left {pronoun} out. You can answer again below.</p></div>"
    )


def lede(result, ranked) -> str:
    """What the answers add up to, in one sentence or two."""
    if result.nothing_answered:
        return (
            '<p class="lede">You did not answer any questions, so we cannot say which therapy '
            "fits you better. Here are the therapies in no particular order.</p>"
        )
    if result.no_signal:
        return (
            '<p class="lede">Your answers do not point to one therapy more than another. '
            "Any of them could suit you.</p>"
        )
    top = f"<strong>{therapy_name(ranked[0])}</strong>"
    if result.points_both_ways:
        balance = "" if result.top_tied else f". On balance, {top} matches a little better"
        return (
            f'<p class="lede">Your answers point in more than one direction{balance}. '
            "Read the reasons for each therapy: you know best which matter most to you.</p>"
        )
    return (
        f'<p class="lede">From your answers, {top} matches best. Read why below, and '
        "remember that any of these could help.</p>"
    )


def therapy_name(item) -> str:
    therapy = item["therapy"]
    return f"{escape(therapy.name)} ({escape(therapy.abbreviation)})"
