from django.shortcuts import redirect, render

from articles.comparison.chart import chart
from articles.comparison.sentences import TherapyFacts, asks_if_same, compare, summary_lines
from articles.comparison.table import comparison_rows
from articles.editorial.live_facts import fill_live_facts
from articles.read_model import editorial_of
from common.caching import public
from common.http import absolute_url
from common.jsonld import page_jsonld
from history.models import page_review
from therapies.claims import split_by_review
from therapies.facts import Footnotes
from therapies.models import (
    MAX_COMPARED,
    MIN_COMPARED,
    GuidelineStatus,
    Therapy,
    comparison_url,
)
from therapies.options import routes_for
from therapies.read_model import knowledge_for


@public(reads=["therapy"])
def compare_form(request):
    return choose_therapies(request)


def choose_therapies(request, *, status=200, error="", chosen=()):
    chosen = chosen or request.GET.getlist("therapy")
    therapies = list(knowledge_for(request).therapies)
    if "therapy" in request.GET and not error:
        picked = [t for t in therapies if t.slug in set(chosen)]
        if MIN_COMPARED <= len(picked) <= MAX_COMPARED:
            return redirect(comparison_url(picked))
        error = f"Choose between {MIN_COMPARED} and {MAX_COMPARED} therapies to compare."
        status = 400
    context = {
        "therapies": therapies,
        "error": error,
        "chosen": set(chosen),
        "jsonld": page_jsonld(request, "WebPage", "Compare therapies"),
    }
    return render(request, "articles/comparison/compare_form.html", context, status=status)


def facts_for_comparison(therapy: Therapy) -> TherapyFacts:
    links = list(therapy.condition_links.all())
    reviewed, _ = split_by_review(links)
    return TherapyFacts(
        abbreviation=therapy.abbreviation,
        school=therapy.school.name,
        focus=therapy.focus,
        provider_route=therapy.provider_route,
        provider_background=therapy.provider_background,
        min_supervised_hours=therapy.min_supervised_hours,
        sessions_min=therapy.sessions_min,
        sessions_max=therapy.sessions_max,
        brief_sessions=therapy.brief_sessions,
        maintenance=therapy.maintenance,
        evidence_level=therapy.evidence_level,
        reviewed_uses=tuple(link.condition.name for link in reviewed),
        ways=tuple(therapy.ways_offered),
        structure=therapy.structure,
        homework=therapy.homework,
        nhs_step=therapy.nhs_step,
        guidelines=tuple(
            (link.condition.name, link.guideline_status)
            for link in links
            if link.guideline_status != GuidelineStatus.NOT_CHECKED
        ),
    )


@public()
def comparison(request, slugs):
    requested = slugs.split("-vs-")
    if not MIN_COMPARED <= len(requested) <= MAX_COMPARED:
        error = f"A comparison needs between {MIN_COMPARED} and {MAX_COMPARED} therapies."
        return choose_therapies(request, status=400, error=error, chosen=requested)
    if len(set(requested)) != len(requested):
        error = "The same therapy appears twice in that address. Choose different therapies."
        return choose_therapies(request, status=400, error=error, chosen=requested)
    knowledge = knowledge_for(request)
    found = [knowledge.therapy(slug) for slug in requested]
    therapies = [therapy for therapy in knowledge.therapies if therapy in found]
    if len(therapies) != len(requested):
        found = {t.slug for t in therapies}
        missing = ", ".join(s for s in requested if s not in found)[:120]
        error = f"We could not find a therapy called: {missing}. Choose from the list below."
        return choose_therapies(request, status=404, error=error, chosen=requested)
    canonical = comparison_url(therapies)
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    context = {
        **comparison_page(knowledge, therapies),
        "jsonld": comparison_jsonld(therapies, request),
    }
    return render(request, "articles/comparison/comparison.html", context)


def comparison_page(knowledge, therapies: list[Therapy]) -> dict:
    footnotes = Footnotes()
    facts = [facts_for_comparison(t) for t in therapies]
    article = editorial_of(knowledge).covering_exactly(therapies)
    # "Are they the same?" is a question a source asked about IPT and DIT, not
    # one every pair raises: asked of any set, it would plant a doubt no reader
    # had. So a page asks it only when an article about exactly this set asks it
    # in its title, as the seed article does; editors decide by what they write.
    comparison = compare(facts, asks_if_same=bool(article and asks_if_same(article.title)))
    context = {
        "therapies": therapies,
        "names": " vs ".join(t.abbreviation for t in therapies),
        "comparison": comparison,
        "summary_lines": summary_lines(facts),
        "rows": comparison_rows(therapies, footnotes),
        "chart": chart(facts),
        "footnotes": footnotes,
        # Named only, linking to the help page, which cites their sources.
        "routes": routes_for(knowledge, Footnotes()),
        "review": page_review(therapies),
        "all_published": all(t.is_published for t in therapies),
        "article": article,
        "article_body": fill_live_facts(article.body_html, knowledge=knowledge) if article else "",
    }
    return context


def comparison_jsonld(therapies, request) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "url": absolute_url(request, comparison_url(therapies)),
        "name": "Comparison of " + " and ".join(t.name for t in therapies),
        "inLanguage": "en-GB",
        "lastReviewed": min(t.last_reviewed for t in therapies).isoformat(),
        "about": [
            {"@type": "PsychologicalTreatment", "name": t.name, "alternateName": t.abbreviation}
            for t in therapies
        ],
    }
