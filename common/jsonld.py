"""schema.org descriptions of pages, as plain dicts (printed by the jsonld filter)."""


def page_jsonld(request, page_type: str, name: str, **extra) -> dict:
    """A plain schema.org description of a page: its type, name and address."""
    return {
        "@context": "https://schema.org",
        "@type": page_type,
        "name": name,
        "url": request.build_absolute_uri(request.path),
        "inLanguage": "en-GB",
        **extra,
    }


def website_jsonld(request) -> dict:
    """The home page: the site, and how to search it."""
    return page_jsonld(
        request,
        "WebSite",
        "Therapy Compare",
        potentialAction={
            "@type": "SearchAction",
            "target": request.build_absolute_uri("/search/") + "?q={search_term_string}",
            "query-input": "required name=search_term_string",
        },
    )
