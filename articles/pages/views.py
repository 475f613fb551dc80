from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse

from articles.editorial.live_facts import fill_live_facts
from articles.read_model import editorial_of
from common.caching import public
from common.http import absolute_url
from common.jsonld import page_jsonld, website_jsonld
from history.models import page_review
from therapies.facts import Footnotes
from therapies.models import MIN_COMPARED, comparison_url
from therapies.options import routes_for
from therapies.read_model import knowledge_for, published_knowledge

# Comparisons people look for, by web-address names; shown when both are published.
POPULAR_COMPARISONS = [("cbt", "counselling"), ("cbt", "ba"), ("ipt", "dit"), ("cbt", "ipt")]


@public()
def home(request):
    therapies = published_knowledge(request).published()
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
    return render(request, "articles/pages/home.html", context)


def site_page(request, slug: str, page_type: str):
    page = editorial_of(knowledge_for(request)).pages.get(slug)
    if page is None:
        raise Http404("No page with that address.")
    body = fill_live_facts(page.body_html, knowledge=published_knowledge(request))
    jsonld = page_jsonld(
        request, page_type, page.title, lastReviewed=page.last_reviewed.isoformat()
    )
    return render(
        request, "articles/pages/about.html", {"page": page, "body": body, "jsonld": jsonld}
    )


@public()
def about(request):
    return site_page(request, "about", "AboutPage")


@public()
def editorial_policy(request):
    return site_page(request, "editorial-policy", "WebPage")


@public()
def getting_help(request):
    """Every way to get help, from the records, each with its sources."""
    footnotes = Footnotes()
    routes = routes_for(published_knowledge(request), footnotes)
    context = {
        "routes": routes,
        "footnotes": footnotes,
        "review": page_review(view.route for view in routes["england"] + routes["elsewhere"]),
        "jsonld": page_jsonld(request, "WebPage", "How to get help"),
    }
    return render(request, "articles/pages/getting_help.html", context)


@public()
def urgent_help(request):
    # Code-owned, not an editable record: the crisis page must never be
    # deleted, emptied or broken by an edit. Every number cites its source.
    context = {"jsonld": page_jsonld(request, "WebPage", "Urgent help now")}
    return render(request, "articles/pages/urgent_help.html", context)


@public()
def favicon(request):
    """Browsers ask for /favicon.ico whatever a page links; point them at the static icon."""
    return redirect(static("icons/favicon.ico"), permanent=True)


@public()
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /markdownx/",
        "Disallow: /which-therapy/result/",
        f"Sitemap: {absolute_url(request, reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
