from django.shortcuts import render

from articles.search.crisis import mentions_crisis
from articles.search.matching import clean
from articles.search.queries import search
from common.caching import private
from common.jsonld import page_jsonld


@private  # it shows what a reader typed
def search_page(request):
    query = clean(request.GET.get("q", ""))
    # Editors too search what readers can find, not their drafts.
    hits = search(query, request) if query else []
    context = {
        "query": query,
        "hits": hits,
        "crisis": mentions_crisis(query),
        "searched": "q" in request.GET,
        "jsonld": page_jsonld(request, "SearchResultsPage", "Search"),
    }
    return render(request, "articles/search/search.html", context)
