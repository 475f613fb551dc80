"""schema.org descriptions of pages, as plain dicts (printed by the jsonld filter)."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from common.http import absolute_url

# The characters that could end a <script> element or start a comment inside
# it, written as JSON escapes (the same set Django's json_script escapes).
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def jsonld_script(data: dict) -> SafeString:
    """schema.org data as <script type="application/ld+json">.

    It is data, not script, so a strict script-src CSP does not block it and
    the page can be cached whole.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def page_jsonld(request, page_type: str, name: str, **extra) -> dict:
    """A plain schema.org description of a page: its type, name and address."""
    return {
        "@context": "https://schema.org",
        "@type": page_type,
        "name": name,
        "url": absolute_url(request, request.path),
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
            "target": absolute_url(request, "/search/") + "?q={search_term_string}",
            "query-input": "required name=search_term_string",
        },
    )
