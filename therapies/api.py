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
from therapies.read_model import published_knowledge


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


def sources_cited(therapy: Therapy) -> list:
    by_key = {c.source.key: c.source for c in therapy.citations.all()}
    for link in therapy.condition_links.all():
        by_key.update({source.key: source for source in link.sources.all()})
    return sorted(by_key.values(), key=lambda source: source.key)


def therapy_data(therapy: Therapy, request) -> dict:
    def cited(fact):
        return [c.source.key for c in therapy.citations.all() if c.fact == fact]

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
                # NICE's tables by severity (NG222 for depression); rank is null
                # unless a cited source gives the row.
                "nice_tables": {
                    "less_severe": {
                        "place": link.less_severe,
                        "rank": link.less_severe_rank,
                        "note": link.less_severe_note,
                    },
                    "more_severe": {
                        "place": link.more_severe,
                        "rank": link.more_severe_rank,
                        "note": link.more_severe_note,
                    },
                },
                "sources": [source.key for source in link.sources.all()],
            }
            for link, claim in (
                (link, claim_for_link(link)) for link in therapy.condition_links.all()
            )
        ],
        "citations": {fact.value: cited(fact) for fact in Fact if cited(fact)},
        # Every source cited anywhere in the record, facts and conditions alike,
        # so each key above resolves here.
        "sources": [source_data(source) for source in sources_cited(therapy)],
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
    therapies = published_knowledge(request).therapies
    return open_data({"therapies": [therapy_data(t, request) for t in therapies]})


@public()
@require_GET
def therapy_detail(request, slug):
    therapy = published_knowledge(request).therapy(slug)
    if therapy is None:
        raise Http404("No therapy with that address.")
    return open_data(therapy_data(therapy, request))
