from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from articles.editorial.live_facts import fill_live_facts
from articles.editorial.markdown import number_headings
from articles.models import Article
from common.jsonld import page_jsonld

ARTICLES_PER_PAGE = 10


def article_list(request):
    articles = Article.objects.visible_to(request.user).only(
        "title", "slug", "standfirst", "status", "published_at", "updated_at"
    )
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "jsonld": page_jsonld(request, "CollectionPage", "Articles")}
    return render(request, "articles/editorial/article_list.html", context)


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
    return render(request, "articles/editorial/article_detail.html", context)


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
