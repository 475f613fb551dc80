from django.http import Http404
from django.shortcuts import render

from common.caching import public
from common.jsonld import page_jsonld
from common.text import lower_first
from therapies.claims import UNREVIEWED_EXPLAINER, claim_for_link, split_by_review
from therapies.facts import Footnotes, fact_row, profile_rows
from therapies.jsonld import therapy_page_jsonld
from therapies.models import Fact, NiceTablePlace, Therapy, comparison_url
from therapies.read_model import Knowledge, knowledge_for

IN_A_TABLE = {NiceTablePlace.LISTED, NiceTablePlace.FAMILY_LISTED}


@public(reads=["condition"])
def therapy_list(request):
    knowledge = knowledge_for(request)
    therapies = list(knowledge.therapies)
    conditions = knowledge.conditions_with_published_therapies()
    condition = None
    slug = request.GET.get("condition", "")
    if slug:
        condition = knowledge.conditions.get(slug)
        if condition is None:
            context = {"conditions": conditions, "unknown_condition": slug[:100]}
            return render(request, "therapies/therapy_list.html", context, status=404)
        # Only uses whose evidence we reviewed: a mention is not a use (therapies/claims.py).
        therapies = knowledge.with_reviewed_evidence_for(slug)
    context = {
        "therapies": therapies,
        "conditions": conditions,
        "condition": condition,
        "jsonld": page_jsonld(request, "CollectionPage", "Therapies"),
    }
    return render(request, "therapies/therapy_list.html", context)


@public()
def therapy_detail(request, slug):
    knowledge = knowledge_for(request)
    therapy = knowledge.therapy(slug)
    if therapy is None:
        raise Http404("No therapy with that address.")
    context = {**profile(knowledge, therapy), "jsonld": therapy_page_jsonld(therapy, request)}
    return render(request, "therapies/therapy_detail.html", context)


def profile(knowledge: Knowledge, therapy: Therapy) -> dict:
    """What a profile's body shows, with its sources numbered in order of first citation."""
    footnotes = Footnotes()
    summary_refs = footnotes.for_fact(therapy, "summary")
    rows = profile_rows(therapy, footnotes)
    evidence_refs = footnotes.for_fact(therapy, "evidence")
    nhs = fact_row(therapy, Fact.NHS, footnotes)
    private = fact_row(therapy, Fact.PRIVATE, footnotes)
    reviewed, unreviewed = split_by_review(therapy.condition_links.all())
    conditions = [(link, footnotes.for_condition(link)) for link in reviewed]
    mentioned = [(link, footnotes.for_condition(link)) for link in unreviewed]
    others = [other for other in knowledge.published() if other.pk != therapy.pk]
    return {
        "therapy": therapy,
        "summary_refs": summary_refs,
        "rows": rows,
        "evidence_refs": evidence_refs,
        "conditions": conditions,
        "mentioned": mentioned,
        "unreviewed_explainer": UNREVIEWED_EXPLAINER,
        "nhs": nhs,
        "private": private,
        "comparisons": [(other, comparison_url([therapy, other])) for other in others],
        "footnotes": footnotes,
    }


@public()
def condition_detail(request, slug):
    knowledge = knowledge_for(request)
    condition = knowledge.visible_condition(slug)
    if condition is None:
        raise Http404("No condition with that address.")
    reviewed, unreviewed = split_by_review(knowledge.links_for(slug))
    footnotes = Footnotes()
    rows = [(link, footnotes.for_condition(link)) for link in reviewed]
    options = [{"link": link, "claim": claim_for_link(link), "refs": refs} for link, refs in rows]
    context = {
        "condition": condition,
        "rows": rows,
        "options": options,
        "by_severity": options_by_severity(options),
        "mentioned": [(link, footnotes.for_condition(link)) for link in unreviewed],
        "unreviewed_explainer": UNREVIEWED_EXPLAINER,
        "footnotes": footnotes,
        "jsonld": page_jsonld(
            request,
            "MedicalWebPage",
            f"Therapies for {lower_first(condition.name)}",
            about={"@type": "MedicalCondition", "name": condition.name},
        ),
    }
    return render(request, "therapies/condition_detail.html", context)


# NICE's depression guideline (NG222) has one table of options for less severe
# and one for more severe depression, each in its order of recommended use.
SEVERITIES = [
    ("less-severe", "If your depression is less severe", "less_severe"),
    ("more-severe", "If your depression is more severe", "more_severe"),
]


def options_by_severity(options: list[dict]) -> list[dict]:
    """The options NICE's tables list, per severity.

    In NICE's order when a cited source gives every option's row. Otherwise in
    alphabetical order, and the page says so: putting the few options with a
    known row first would rank them above options NICE may put higher. Empty
    when no option records a table (every condition but depression, today).
    """
    groups = []
    for anchor, title, field in SEVERITIES:
        listed = [
            {
                **option,
                "rank": getattr(option["link"], f"{field}_rank"),
                "family": getattr(option["link"], field) == NiceTablePlace.FAMILY_LISTED,
                "note": getattr(option["link"], f"{field}_note"),
            }
            for option in options
            if getattr(option["link"], field) in IN_A_TABLE
        ]
        if not listed:
            continue
        in_nice_order = all(option["rank"] is not None for option in listed)
        if in_nice_order:
            listed.sort(key=lambda option: option["rank"])
        else:
            listed.sort(key=lambda option: option["link"].therapy.name.lower())
        groups.append(
            {
                "anchor": anchor,
                "title": title,
                "options": listed,
                "in_nice_order": in_nice_order,
                "compare_slugs": [option["link"].therapy.slug for option in listed[:4]],
            }
        )
    return groups
