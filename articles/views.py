from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache

from articles.chooser import score
from articles.comparison import TherapyFacts, compare, picture, summary_lines
from articles.crisis import mentions_crisis
from articles.guidance import profile_of, read_answers
from articles.live_facts import fill_live_facts
from articles.markdown import number_headings
from articles.models import Article, MistakeReport, Page, Question
from articles.reports import MistakeReportForm, safe_page_address, too_many_reports
from articles.search import clean_query, search
from therapies.claims import claim_for_link, split_by_review
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


# Comparisons people look for, by web-address names; shown when both are published.
POPULAR_COMPARISONS = [("cbt", "counselling"), ("cbt", "ba"), ("ipt", "dit"), ("cbt", "ipt")]


def home(request):
    therapies = list(Therapy.objects.published().select_related("school"))
    # The featured comparison is the first two therapies in site order (IPT and DIT).
    featured = therapies[:MIN_COMPARED] if len(therapies) >= MIN_COMPARED else []
    by_slug = {therapy.slug: therapy for therapy in therapies}
    popular = [
        {"therapies": pair, "url": comparison_url(pair)}
        for pair in (
            [by_slug[a], by_slug[b]]
            for a, b in POPULAR_COMPARISONS
            if a in by_slug and b in by_slug
        )
    ]
    context = {
        "therapies": therapies,
        "featured": featured,
        "featured_url": comparison_url(featured) if featured else "",
        "popular": popular,
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
        "summary_lines": summary_lines(facts),
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
    body, headings = number_headings(body)
    context = {
        "article": article,
        "body": body,
        "headings": headings,
        "jsonld": article_jsonld(article, request),
    }
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
        # A draft (seen only by editors) may not have been reviewed yet.
        "lastReviewed": article.last_reviewed.isoformat() if article.last_reviewed else None,
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
    return render(request, "articles/which_therapy_result.html", context)


def search_page(request):
    query = clean_query(request.GET.get("q", ""))
    hits = search(query) if query else []
    context = {
        "query": query,
        "hits": hits,
        "crisis": mentions_crisis(query),
        "searched": "q" in request.GET,
        "jsonld": page_jsonld(request, "SearchResultsPage", "Search"),
    }
    return render(request, "articles/search.html", context)


def site_page(request, slug: str, page_type: str):
    page = get_object_or_404(Page, slug=slug)
    body = fill_live_facts(page.body_html)
    jsonld = page_jsonld(
        request, page_type, page.title, lastReviewed=page.last_reviewed.isoformat()
    )
    return render(request, "articles/about.html", {"page": page, "body": body, "jsonld": jsonld})


def about(request):
    return site_page(request, "about", "AboutPage")


def editorial_policy(request):
    return site_page(request, "editorial-policy", "WebPage")


def urgent_help(request):
    # Code-owned, not an editable record: the crisis page must never be
    # deleted, emptied or broken by an edit. Every number cites its source.
    context = {"jsonld": page_jsonld(request, "WebPage", "Urgent help now")}
    return render(request, "articles/urgent_help.html", context)


@never_cache
def report_mistake(request):
    """The reader's form (GET, filled in with the page) and the report (POST).

    Never cached: the form carries a CSRF token, and the POST a reader's words.
    """
    status = 200
    if request.method == "POST":
        form = MistakeReportForm(request.POST)
        if form.is_valid():
            if form.is_from_a_bot:
                return redirect("articles:report-mistake-thanks")
            if too_many_reports(request):
                # Their words stay in the form, so nothing is lost if they try later.
                form.add_error(
                    None,
                    "We have had several reports from your connection in the last hour, so "
                    "we cannot take another just now. Please try again in an hour.",
                )
                status = 429
            else:
                MistakeReport.objects.create(
                    page=form.cleaned_data["page"],
                    message=form.cleaned_data["message"],
                    email=form.cleaned_data["email"],
                )
                return redirect("articles:report-mistake-thanks")
        else:
            status = 400
    else:
        form = MistakeReportForm(initial={"page": safe_page_address(request.GET.get("page"))})
    context = {"form": form, "jsonld": page_jsonld(request, "WebPage", "Report a mistake")}
    return render(request, "articles/report_mistake.html", context, status=status)


@never_cache
def report_mistake_thanks(request):
    context = {"jsonld": page_jsonld(request, "WebPage", "Thank you for your report")}
    return render(request, "articles/report_mistake_thanks.html", context)


def favicon(request):
    """Browsers ask for /favicon.ico whatever a page links; point them at the static icon."""
    return redirect(static("icons/favicon.ico"), permanent=True)


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /markdownx/",
        "Disallow: /which-therapy/result/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
