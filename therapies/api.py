"""Read-only open data: the published facts, with sources and review dates.

Field names are a contract (documented in README.md): add fields, never rename.
"""

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from common.caching import public
from common.http import absolute_url
from therapies.claims import claim_for_link
from therapies.facts import fact_text
from therapies.models import Fact, Therapy
from therapies.read_model import Knowledge, published_knowledge


def source_data(source) -> dict:
    return {
        "key": source.key,
        "title": source.title,
        "authors": source.authors,
        "publisher": source.publisher,
        "published": source.published,
        "url": source.url,
        "kind": source.kind,
    }


def sources_cited(therapy: Therapy, knowledge: Knowledge) -> list:
    by_key = {c.source.key: c.source for c in therapy.citations.all()}
    for link in therapy.condition_links.all():
        by_key.update({source.key: source for source in link.sources.all()})
    for groups in knowledge.recommendations.values():
        for group in groups:
            for option in group.options.all():
                if option.therapy_id == therapy.pk:
                    by_key.update({source.key: source for source in option.sources.all()})
    return sorted(by_key.values(), key=lambda source: source.key)


def recommended_as(therapy: Therapy, knowledge: Knowledge) -> list[dict]:
    """Every place a guideline recommends this therapy, in the guideline's words."""
    found = []
    for groups in knowledge.recommendations.values():
        for group in groups:
            options = list(group.options.all())
            for place, option in enumerate(options, start=1):
                if option.therapy_id != therapy.pk:
                    continue
                found.append(
                    {
                        "guideline": group.guideline.key,
                        "condition": group.condition.slug,
                        "population": group.slug,
                        "population_name": group.population,
                        "ages": group.ages,
                        # null when the guideline gives no order of its own
                        "place": place if group.in_order else None,
                        "of": len(options),
                        "name": option.name,
                        "strength": option.strength or None,
                        "guideline_words": option.nice_words,
                        "note": option.note,
                        "step": option.step,
                        # false: we could not confirm it in a primary copy of the guideline
                        "verified": option.verified,
                        "sources": [source.key for source in option.sources.all()],
                    }
                )
    return found


def nice_tables(recommended: list[dict], condition_slug: str) -> dict:
    """The older shape of the same facts ("less_severe": {place, rank, note}), kept
    because field names here never change; read from the recommendations."""
    return {
        entry["population"].replace("-", "_"): {
            "place": "listed",
            "rank": entry["place"] if entry["verified"] else None,
            "note": entry["note"],
        }
        for entry in recommended
        if entry["condition"] == condition_slug
    }


def therapy_data(therapy: Therapy, request, knowledge: Knowledge) -> dict:
    def cited(fact):
        return [c.source.key for c in therapy.citations.all() if c.fact == fact]

    recommended = recommended_as(therapy, knowledge)

    return {
        "slug": therapy.slug,
        "name": therapy.name,
        "abbreviation": therapy.abbreviation,
        "url": absolute_url(request, therapy.get_absolute_url()),
        "summary": therapy.summary,
        "school": therapy.school.name,
        "focus": {"value": therapy.focus, "text": therapy.focus_choice.label},
        "providers": {
            "route": therapy.provider_route,
            "background": therapy.provider_background,
            "min_supervised_hours": therapy.min_supervised_hours,
            "text": fact_text(therapy, Fact.PROVIDERS),
            "detail": therapy.provider_detail,
        },
        "sessions": {
            "min": therapy.sessions_min,
            "max": therapy.sessions_max,
            "text": therapy.session_range,
        },
        "weeks": {"min": therapy.weeks_min, "max": therapy.weeks_max},
        "session_minutes": {
            "min": therapy.session_minutes_min,
            "max": therapy.session_minutes_max,
            "text": therapy.session_minutes,
        },
        # True only where a cited source says so; false means "not described".
        "formats": {
            "one_to_one": therapy.one_to_one,
            "in_a_group": therapy.in_a_group,
            "online": therapy.online,
            "by_phone": therapy.by_phone,
            "text": fact_text(therapy, Fact.FORMAT),
        },
        "structure": therapy.structure,
        "homework": therapy.homework,
        "sessions_like": fact_text(therapy, Fact.SESSIONS_LIKE),
        "who_for": {"suits": therapy.suits, "may_not_suit": therapy.may_not_suit},
        "nhs": {"step": therapy.nhs_step, "text": fact_text(therapy, Fact.NHS)},
        "private": {
            "register_name": therapy.register_name,
            "register_url": therapy.register_url,
            "text": fact_text(therapy, Fact.PRIVATE),
        },
        "brief_sessions": therapy.brief_sessions,
        "maintenance": therapy.maintenance,
        "evidence": {
            "level": therapy.evidence_level,
            "text": therapy.evidence_summary,
            "explainer": therapy.evidence.explainer,
        },
        "conditions": [
            {
                "slug": link.condition.slug,
                "name": link.condition.name,
                "evidence_level": link.evidence_level,
                # False: a source only mentions this use; it is not a claim that it works.
                "reviewed": claim.reviewed,
                "text": claim.sentence,
                "guideline_status": link.guideline_status,
                "guideline_note": link.guideline_note,
                "nice_tables": nice_tables(recommended, link.condition.slug),
                "sources": [source.key for source in link.sources.all()],
            }
            for link, claim in (
                (link, claim_for_link(link)) for link in therapy.condition_links.all()
            )
        ],
        "citations": {fact.value: cited(fact) for fact in Fact if cited(fact)},
        # Where guidelines recommend it: guideline, condition, population, place.
        "recommended": recommended,
        # Every source cited anywhere in the record, facts and conditions alike,
        # so each key above resolves here.
        "sources": [source_data(source) for source in sources_cited(therapy, knowledge)],
        "last_reviewed": therapy.last_reviewed,
        "next_review_due": therapy.next_review_due,
        "reviewer": therapy.reviewer,
    }


def open_data(payload: dict) -> JsonResponse:
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public()
@require_GET
def therapy_list(request):
    knowledge = published_knowledge(request)
    therapies = [therapy_data(t, request, knowledge) for t in knowledge.therapies]
    return open_data({"therapies": therapies})


@public()
@require_GET
def therapy_detail(request, slug):
    knowledge = published_knowledge(request)
    therapy = knowledge.therapy(slug)
    if therapy is None:
        raise Http404("No therapy with that address.")
    return open_data(therapy_data(therapy, request, knowledge))
