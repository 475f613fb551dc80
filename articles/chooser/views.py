from dataclasses import dataclass

from django.shortcuts import render
from django.template.loader import render_to_string

from articles.chooser.answers import profile_of, read_answers
from articles.chooser.cards import CardParts, card_parts, evidence_html, result_card
from articles.chooser.outcome import OutcomeParts, outcome_html, outcome_parts
from articles.chooser.scoring import TherapyProfile, score
from articles.comparison.views import MAX_COMPARED, MIN_COMPARED
from common.jsonld import page_jsonld
from common.layout import PAGE_HOLES, ChoiceHoles, Layout, hole, layout_response, page_values
from therapies.claims import UseClaim, claim_for_link
from therapies.models import comparison_url
from therapies.read_model import published_for, register_page


def chooser_context(knowledge) -> tuple[list, dict[str, str]]:
    """The questions, and the conditions a reader can pick (slug → name, by name).

    Always the published ones: the chooser ranks published therapies only.
    """
    questions = list(knowledge.parts["editorial"].questions)
    conditions = {
        condition.slug: condition.name
        for condition in knowledge.conditions_with_published_therapies()
    }
    return questions, conditions


def which_therapy(request):
    questions, conditions = chooser_context(published_for(request))
    context = {
        "questions": questions,
        "conditions": conditions,
        "chosen": {},
        "jsonld": page_jsonld(request, "WebPage", "Which therapy might suit me?"),
    }
    return render(request, "articles/chooser/which_therapy.html", context)


@dataclass(frozen=True)
class ResultPage:
    """Everything about a result that does not depend on the reader's answers,
    built once per read model for every condition a reader can pick ("" for
    none), so a request only scores, and fills the answers in."""

    layout: Layout
    choices: ChoiceHoles
    questions: list
    conditions: dict[str, str]
    # Keyed by (therapy slug, condition slug).
    profiles: dict[tuple[str, str], TherapyProfile]
    claims: dict[tuple[str, str], UseClaim | None]
    evidence: dict[tuple[str, str], str]
    cards: dict[str, CardParts]  # by therapy slug
    outcome: OutcomeParts


@register_page("chooser-result")
def result_page(knowledge) -> ResultPage:
    questions, conditions = chooser_context(knowledge)
    choices = ChoiceHoles()
    context = {
        "questions": questions,
        "conditions": conditions,
        "chosen": choices,
        "outcome": hole("outcome"),
        **PAGE_HOLES,
    }
    html = render_to_string("articles/chooser/which_therapy_result.html", context)
    profiles: dict[tuple[str, str], TherapyProfile] = {}
    claims: dict[tuple[str, str], UseClaim | None] = {}
    evidence: dict[tuple[str, str], str] = {}
    for therapy in knowledge.published():
        links = {link.condition.slug: link for link in therapy.condition_links.all()}
        for slug in ["", *conditions]:
            key = (therapy.slug, slug)
            profiles[key] = profile_of(therapy, slug)
            # Evidence for the problem the reader named, never the overall level.
            claims[key] = claim_for_link(links[slug]) if slug in links else None
            evidence[key] = evidence_html(therapy, claims[key], conditions.get(slug, ""))
    return ResultPage(
        layout=Layout.of(html),
        choices=choices,
        questions=questions,
        conditions=conditions,
        profiles=profiles,
        claims=claims,
        evidence=evidence,
        cards={therapy.slug: card_parts(therapy) for therapy in knowledge.published()},
        outcome=outcome_parts([knowledge.conditions[slug] for slug in conditions]),
    )


def which_therapy_result(request):
    knowledge = published_for(request)
    # The questions, with a hole for each answer's "checked", and what each
    # therapy's card says whatever the answers: the same for every reader,
    # built once per read model and never with anyone's answers.
    page = knowledge.page("chooser-result")
    read = read_answers(request.GET, page.questions, page.conditions)
    therapies = knowledge.published()
    condition = read.condition_slug
    result = score([page.profiles[t.slug, condition] for t in therapies], read.answers)
    by_slug = {t.slug: t for t in therapies}
    ranked = [
        {
            "therapy": by_slug[entry.slug],
            "entry": entry,
            "claim": page.claims[entry.slug, condition],
            "card": result_card(
                page.cards[entry.slug], entry, page.evidence[entry.slug, condition]
            ),
        }
        for entry in result.ranked
    ]
    # A problem no therapy here has reviewed evidence for: name no winner.
    not_established = bool(condition) and not any(
        item["claim"] and item["claim"].reviewed for item in ranked
    )
    # Compare the therapies the answers favour (at most 4); at least the top two.
    favoured = [item["therapy"] for item in ranked if item["entry"].score > 0]
    compared = (
        favoured[:MAX_COMPARED]
        if len(favoured) >= MIN_COMPARED
        else [item["therapy"] for item in ranked[:MIN_COMPARED]]
    )
    outcome = {
        "ignored": read.ignored,
        "at_risk": read.at_risk,
        "condition": knowledge.conditions.get(condition) if not_established else None,
        "condition_name": page.conditions.get(condition, ""),
        "not_established": not_established,
        "result": result,
        "ranked": ranked,
        "comparison_link": comparison_url(compared) if len(compared) >= MIN_COMPARED else "",
    }
    jsonld = page_jsonld(request, "WebPage", "How the therapies match your answers")
    values = {
        **page_values(request, jsonld),
        **page.choices.values(read.chosen),
        "outcome": outcome_html(page.outcome, outcome),
    }
    return layout_response(request, page.layout, values)
