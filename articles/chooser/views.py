from django.shortcuts import render

from articles.chooser.answers import profile_of, read_answers
from articles.chooser.cards import card_parts, evidence_html, result_card
from articles.chooser.outcome import outcome_html, outcome_parts
from articles.chooser.scoring import score
from articles.read_model import editorial_of
from common.caching import private, public
from common.jsonld import page_jsonld
from therapies.claims import claim_for_link
from therapies.models import MAX_COMPARED, MIN_COMPARED, comparison_url
from therapies.read_model import published_knowledge


def chooser_context(knowledge) -> tuple[list, dict[str, str]]:
    """The questions, and the conditions a reader can pick (slug → name, by name).

    Always the published ones: the chooser ranks published therapies only.
    """
    questions = list(editorial_of(knowledge).questions)
    conditions = {
        condition.slug: condition.name
        for condition in knowledge.conditions_with_published_therapies()
    }
    return questions, conditions


@public()
def which_therapy(request):
    questions, conditions = chooser_context(published_knowledge(request))
    context = {
        "questions": questions,
        "conditions": conditions,
        "chosen": {},
        "jsonld": page_jsonld(request, "WebPage", "Which therapy might suit me?"),
    }
    return render(request, "articles/chooser/which_therapy.html", context)


@private  # it holds the reader's answers
def which_therapy_result(request):
    knowledge = published_knowledge(request)
    questions, conditions = chooser_context(knowledge)
    read = read_answers(request.GET, questions, conditions)
    therapies = knowledge.published()
    condition = read.condition_slug
    claims = {}
    for therapy in therapies:
        links = {link.condition.slug: link for link in therapy.condition_links.all()}
        # Evidence for the problem the reader named, never the overall level.
        claims[therapy.slug] = claim_for_link(links[condition]) if condition in links else None
    result = score([profile_of(therapy, condition) for therapy in therapies], read.answers)
    by_slug = {t.slug: t for t in therapies}
    condition_name = conditions.get(condition, "")
    ranked = [
        {
            "therapy": by_slug[entry.slug],
            "entry": entry,
            "claim": claims[entry.slug],
            "card": result_card(
                card_parts(by_slug[entry.slug]),
                entry,
                evidence_html(by_slug[entry.slug], claims[entry.slug], condition_name),
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
        "condition_name": condition_name,
        "not_established": not_established,
        "result": result,
        "ranked": ranked,
        "comparison_link": comparison_url(compared) if len(compared) >= MIN_COMPARED else "",
    }
    parts = outcome_parts([knowledge.conditions[slug] for slug in conditions])
    context = {
        "questions": questions,
        "conditions": conditions,
        "chosen": read.chosen,
        "outcome": outcome_html(parts, outcome),
        "jsonld": page_jsonld(request, "WebPage", "How the therapies match your answers"),
    }
    return render(request, "articles/chooser/which_therapy_result.html", context)
