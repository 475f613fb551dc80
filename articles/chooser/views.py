from django.shortcuts import render
from django.template.loader import render_to_string

from articles.chooser.answers import profile_of, read_answers
from articles.chooser.cards import result_card
from articles.chooser.scoring import score
from articles.comparison.views import MAX_COMPARED, MIN_COMPARED
from common.jsonld import page_jsonld
from common.layout import PAGE_HOLES, ChoiceHoles, Layout, hole, layout_response, page_values
from therapies.claims import claim_for_link
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


def which_therapy_result(request):
    knowledge = published_for(request)
    questions, conditions = chooser_context(knowledge)
    read = read_answers(request.GET, questions, conditions)
    therapies = knowledge.published()
    condition = read.condition_slug
    result = score([profile_of(t, condition) for t in therapies], read.answers)
    by_slug = {t.slug: t for t in therapies}
    ranked = [
        {
            "therapy": by_slug[entry.slug],
            "entry": entry,
            # Evidence for the problem the reader named, never the overall level.
            "claim": next(
                (
                    claim_for_link(link)
                    for link in by_slug[entry.slug].condition_links.all()
                    if link.condition.slug == condition
                ),
                None,
            ),
        }
        for entry in result.ranked
    ]
    for item in ranked:
        item["card"] = result_card(item, conditions.get(condition, ""))
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
        "condition_name": conditions.get(condition, ""),
        "not_established": not_established,
        "result": result,
        "ranked": ranked,
        "comparison_link": comparison_url(compared) if len(compared) >= MIN_COMPARED else "",
    }
    # The rest of the page (the questions, with a hole for each answer's
    # "checked") is the same for every reader: rendered once per content
    # generation, and never with anyone's answers (common/layout.py).
    layout, choices = knowledge.page("chooser-result")
    jsonld = page_jsonld(request, "WebPage", "How the therapies match your answers")
    values = {
        **page_values(request, jsonld),
        **choices.values(read.chosen),
        "outcome": render_to_string("articles/chooser/_outcome.html", outcome),
    }
    return layout_response(request, layout, values)


@register_page("chooser-result")
def result_layout(knowledge) -> tuple[Layout, ChoiceHoles]:
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
    return Layout.of(html), choices
