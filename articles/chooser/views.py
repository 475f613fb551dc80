from django.db.models import Prefetch
from django.shortcuts import render

from articles.chooser.answers import profile_of, read_answers
from articles.chooser.scoring import score
from articles.comparison.views import MAX_COMPARED, MIN_COMPARED
from articles.models import Question
from common.jsonld import page_jsonld
from therapies.claims import claim_for_link
from therapies.models import Condition, Therapy, TherapyCondition, comparison_url


def chooser_context():
    questions = list(Question.objects.for_chooser())
    conditions = dict(
        Condition.objects.with_published_therapies().values_list("slug", "name").order_by("name")
    )
    return questions, conditions


def which_therapy(request):
    questions, conditions = chooser_context()
    context = {
        "questions": questions,
        "conditions": conditions,
        "chosen": {},
        "jsonld": page_jsonld(request, "WebPage", "Which therapy might suit me?"),
    }
    return render(request, "articles/chooser/which_therapy.html", context)


def which_therapy_result(request):
    questions, conditions = chooser_context()
    read = read_answers(request.GET, questions, conditions)
    therapies = list(
        Therapy.objects.published()
        .select_related("school")
        .prefetch_related(
            Prefetch(
                "condition_links",
                TherapyCondition.objects.select_related("condition").prefetch_related("sources"),
            )
        )
    )
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
    context = {
        "questions": questions,
        "conditions": conditions,
        "chosen": read.chosen,
        "answers": read.answers,
        "ignored": read.ignored,
        "at_risk": read.at_risk,
        "condition": Condition.objects.prefetch_related("guidelines").filter(slug=condition).first()
        if not_established
        else None,
        "condition_name": conditions.get(condition, ""),
        "not_established": not_established,
        "result": result,
        "ranked": ranked,
        "comparison_link": comparison_url(compared) if len(compared) >= MIN_COMPARED else "",
        "jsonld": page_jsonld(request, "WebPage", "How the therapies match your answers"),
    }
    return render(request, "articles/chooser/which_therapy_result.html", context)
