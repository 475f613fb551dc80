from django.http import Http404
from django.shortcuts import render

from common.caching import public
from common.jsonld import page_jsonld
from history.models import page_review
from therapies.claims import UNREVIEWED_EXPLAINER, split_by_review
from therapies.facts import Footnotes, fact_row, profile_rows
from therapies.jsonld import therapy_page_jsonld
from therapies.models import Fact, Therapy, comparison_url
from therapies.options import groups_for, reviewed_records, routes_for
from therapies.read_model import Knowledge, knowledge_for


@public(reads=["condition"])
def therapy_list(request):
    knowledge = knowledge_for(request)
    therapies = list(knowledge.therapies)
    conditions = knowledge.shown_conditions()
    condition = None
    slug = request.GET.get("condition", "")
    if slug:
        # Only a condition readers have a page for: one that only drafts use is unknown.
        condition = knowledge.visible_condition(slug)
        if condition is None:
            context = {"conditions": conditions, "unknown_condition": slug[:100]}
            return render(request, "therapies/therapy_list.html", context, status=404)
        # Only uses whose evidence we reviewed: a mention is not a use (therapies/claims.py).
        therapies = knowledge.with_reviewed_evidence_for(slug)
    context = {
        "therapies": therapies,
        "conditions": conditions,
        "condition": condition,
        # Each card shows facts of its therapy (summary, sessions, evidence).
        "review": page_review(therapies),
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
    footnotes = Footnotes()
    about_refs = [footnotes.ref(source) for source in condition.sources.all()]
    # The guideline's options first: on a phone they begin on the first screens.
    groups = groups_for(knowledge, condition, footnotes)
    reviewed, unreviewed = split_by_review(knowledge.links_for(slug))
    routes = routes_for(knowledge, footnotes)
    context = {
        "condition": condition,
        "about_refs": about_refs,
        "groups": groups,
        "kinds": knowledge.kinds_of(condition),
        "routes": routes,
        "rows": [(link, footnotes.for_condition(link)) for link in reviewed],
        "mentioned": [(link, footnotes.for_condition(link)) for link in unreviewed],
        "unreviewed_explainer": UNREVIEWED_EXPLAINER,
        "footnotes": footnotes,
        # The options, the evidence table (its therapies' facts) and the ways to get help.
        "review": page_review(
            [
                *reviewed_records(groups, routes["england"] + routes["elsewhere"]),
                *(link.therapy for link in [*reviewed, *unreviewed]),
            ]
        ),
        "jsonld": page_jsonld(
            request,
            "MedicalWebPage",
            f"{condition.name}: your options",
            about={"@type": "MedicalCondition", "name": condition.name},
        ),
    }
    return render(request, "therapies/condition_detail.html", context)
