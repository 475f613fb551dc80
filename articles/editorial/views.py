from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string

from articles.editorial.live_facts import fill_live_facts
from articles.editorial.markdown import number_headings
from articles.read_model import editorial_for
from common.jsonld import page_jsonld
from common.layout import PAGE_HOLES, Layout, layout_response, page_values
from therapies.read_model import knowledge_for, register_page

ARTICLES_PER_PAGE = 10


def article_list(request):
    articles = editorial_for(request).articles
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "jsonld": page_jsonld(request, "CollectionPage", "Articles")}
    return render(request, "articles/editorial/article_list.html", context)


def article_detail(request, slug):
    knowledge = knowledge_for(request)
    article = knowledge.parts["editorial"].article(slug)
    if article is None:
        raise Http404("No article with that address.")
    # Rendered once per read model, with holes for the request's address (common/layout.py).
    layout = knowledge.page("article", article.slug)
    return layout_response(request, layout, page_values(request, article_jsonld(article, request)))


@register_page("article")
def article_layout(knowledge, slug: str) -> Layout:
    article = knowledge.parts["editorial"].article(slug)
    if article is None:
        raise LookupError(f"No article {slug!r} in this read model.")
    body, headings = number_headings(fill_live_facts(article.body_html, knowledge=knowledge))
    context = {"article": article, "body": body, "headings": headings, **PAGE_HOLES}
    return Layout.of(render_to_string("articles/editorial/article_detail.html", context))


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
