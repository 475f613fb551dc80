from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from articles.editorial.live_facts import fill_live_facts
from articles.editorial.markdown import number_headings
from articles.read_model import editorial_of
from common.caching import public
from common.http import absolute_url
from common.jsonld import page_jsonld
from therapies.read_model import knowledge_for

ARTICLES_PER_PAGE = 10


@public(reads=["page"])
def article_list(request):
    articles = editorial_of(knowledge_for(request)).articles
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "jsonld": page_jsonld(request, "CollectionPage", "Articles")}
    return render(request, "articles/editorial/article_list.html", context)


@public()
def article_detail(request, slug):
    knowledge = knowledge_for(request)
    article = editorial_of(knowledge).article(slug)
    if article is None:
        raise Http404("No article with that address.")
    body, headings = number_headings(fill_live_facts(article.body_html, knowledge=knowledge))
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
        "url": absolute_url(request, article.get_absolute_url()),
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
