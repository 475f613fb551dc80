from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from articles.chooser import score
from articles.comparison import TherapyFacts, compare, picture
from articles.guidance import profile_of, read_answers
from articles.live_facts import fill_live_facts
from articles.models import Article, Page, Question
from articles.search import clean_query, search
from therapies.facts import Footnotes, comparison_rows
from therapies.jsonld import page_jsonld, website_jsonld
from therapies.models import (
    Condition,
    GuidelineStatus,
    Therapy,
    TherapyCondition,
    comparison_url,
)

MIN_COMPARED = 2
MAX_COMPARED = 4


def home(request):
    therapies = list(Therapy.objects.published().select_related("school"))
    # The featured comparison is the first two therapies in site order (IPT and DIT).
    featured = therapies[:MIN_COMPARED] if len(therapies) >= MIN_COMPARED else []
    context = {
        "therapies": therapies,
        "featured": featured,
        "featured_url": comparison_url(featured) if featured else "",
        "jsonld": website_jsonld(request),
    }
    return render(request, "articles/home.html", context)


def compare_form(request, *, status=200, error="", chosen=()):
    chosen = chosen or request.GET.getlist("therapy")
    therapies = list(Therapy.objects.visible_to(request.user))
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
    return render(request, "articles/compare_form.html", context, status=status)


def facts_for_comparison(therapy: Therapy) -> TherapyFacts:
    links = list(therapy.condition_links.all())
    return TherapyFacts(
        abbreviation=therapy.abbreviation,
        school=therapy.school.name,
        focus=therapy.focus,
        any_trained=therapy.provider_route == "any_trained",
        provider_background=therapy.provider_background,
        min_supervised_hours=therapy.min_supervised_hours,
        sessions_min=therapy.sessions_min,
        sessions_max=therapy.sessions_max,
        brief_sessions=therapy.brief_sessions,
        maintenance=therapy.maintenance,
        evidence_level=therapy.evidence_level,
        conditions=tuple(link.condition.name for link in links),
        guidelines=tuple(
            (link.condition.name, link.guideline_status)
            for link in links
            if link.guideline_status != GuidelineStatus.NOT_CHECKED
        ),
    )


def comparison(request, slugs):
    requested = slugs.split("-vs-")
    if not MIN_COMPARED <= len(requested) <= MAX_COMPARED:
        error = f"A comparison needs between {MIN_COMPARED} and {MAX_COMPARED} therapies."
        return compare_form(request, status=400, error=error, chosen=requested)
    if len(set(requested)) != len(requested):
        error = "The same therapy appears twice in that address. Choose different therapies."
        return compare_form(request, status=400, error=error, chosen=requested)
    therapies = list(
        Therapy.objects.visible_to(request.user).filter(slug__in=requested).with_facts()
    )
    if len(therapies) != len(requested):
        found = {t.slug for t in therapies}
        missing = ", ".join(s for s in requested if s not in found)[:120]
        error = f"We could not find a therapy called: {missing}. Choose from the list below."
        return compare_form(request, status=404, error=error, chosen=requested)
    canonical = comparison_url(therapies)
    if request.path != canonical:
        return redirect(canonical, permanent=True)

    footnotes = Footnotes()
    facts = [facts_for_comparison(t) for t in therapies]
    article = Article.objects.visible_to(request.user).covering_exactly(therapies).first()
    context = {
        "therapies": therapies,
        "names": " vs ".join(t.abbreviation for t in therapies),
        "comparison": compare(facts),
        "rows": comparison_rows(therapies, footnotes),
        "picture": picture(facts),
        "footnotes": footnotes,
        "last_reviewed": min(t.last_reviewed for t in therapies),
        "next_review_due": min(t.next_review_due for t in therapies),
        "overdue": any(t.review_overdue for t in therapies),
        "all_published": all(t.is_published for t in therapies),
        "jsonld": comparison_jsonld(therapies, request),
        "article": article,
        "article_body": fill_live_facts(
            article.body_html, include_drafts=request.user.is_staff, loaded=therapies
        )
        if article
        else "",
    }
    return render(request, "articles/comparison.html", context)


def comparison_jsonld(therapies, request) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "url": request.build_absolute_uri(comparison_url(therapies)),
        "name": "Comparison of " + " and ".join(t.name for t in therapies),
        "inLanguage": "en-GB",
        "lastReviewed": min(t.last_reviewed for t in therapies).isoformat(),
        "about": [
            {"@type": "PsychologicalTreatment", "name": t.name, "alternateName": t.abbreviation}
            for t in therapies
        ],
    }


ARTICLES_PER_PAGE = 10


def article_list(request):
    articles = Article.objects.visible_to(request.user).only(
        "title", "slug", "standfirst", "status", "published_at", "updated_at"
    )
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "jsonld": page_jsonld(request, "CollectionPage", "Articles")}
    return render(request, "articles/article_list.html", context)


def article_detail(request, slug):
    article = get_object_or_404(
        Article.objects.visible_to(request.user).prefetch_related("sources", "therapies"), slug=slug
    )
    body = fill_live_facts(article.body_html, include_drafts=request.user.is_staff)
    context = {"article": article, "body": body, "jsonld": article_jsonld(article, request)}
    return render(request, "articles/article_detail.html", context)


def article_jsonld(article, request) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "headline": article.title,
        "name": article.title,
        "description": article.standfirst,
        "inLanguage": "en-GB",
        # Seconds are precise enough, and survive a backup round trip.
        "datePublished": article.published_at.isoformat(timespec="seconds")
        if article.published_at
        else None,
        "dateModified": article.updated_at.isoformat(timespec="seconds"),
        "lastReviewed": article.last_reviewed.isoformat(),
        "author": {"@type": "Person", "name": article.author},
        "reviewedBy": {"@type": "Person", "name": article.reviewer},
        "about": [
            {"@type": "PsychologicalTreatment", "name": t.name} for t in article.therapies.all()
        ],
    }


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
    return render(request, "articles/which_therapy.html", context)


def which_therapy_result(request):
    questions, conditions = chooser_context()
    read = read_answers(request.GET, questions, conditions)
    therapies = list(
        Therapy.objects.published()
        .select_related("school")
        .prefetch_related(
            Prefetch("condition_links", TherapyCondition.objects.select_related("condition"))
        )
    )
    result = score([profile_of(t) for t in therapies], read.answers)
    by_slug = {t.slug: t for t in therapies}
    ranked = [
        {
            "therapy": by_slug[entry.slug],
            "entry": entry,
            "condition_link": next(
                (
                    link
                    for link in by_slug[entry.slug].condition_links.all()
                    if link.condition.slug == read.condition_slug
                ),
                None,
            ),
        }
        for entry in result.ranked
    ]
    compared = [item["therapy"] for item in ranked[:MAX_COMPARED]]
    context = {
        "questions": questions,
        "conditions": conditions,
        "chosen": read.chosen,
        "answers": read.answers,
        "ignored": read.ignored,
        "condition_name": conditions.get(read.condition_slug, ""),
        "result": result,
        "ranked": ranked,
        "comparison_link": comparison_url(compared) if len(compared) >= MIN_COMPARED else "",
        "jsonld": page_jsonld(request, "WebPage", "How the therapies match your answers"),
    }
    return render(request, "articles/which_therapy_result.html", context)


def search_page(request):
    query = clean_query(request.GET.get("q", ""))
    hits = search(query) if query else []
    context = {
        "query": query,
        "hits": hits,
        "searched": "q" in request.GET,
        "jsonld": page_jsonld(request, "SearchResultsPage", "Search"),
    }
    return render(request, "articles/search.html", context)


def about(request):
    page = get_object_or_404(Page, slug="about")
    body = fill_live_facts(page.body_html)
    jsonld = page_jsonld(
        request, "AboutPage", page.title, lastReviewed=page.last_reviewed.isoformat()
    )
    return render(request, "articles/about.html", {"page": page, "body": body, "jsonld": jsonld})


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /markdownx/",
        "Disallow: /which-therapy/result/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
