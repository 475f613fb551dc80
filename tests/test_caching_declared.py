"""Every view declares how it may be cached (common/caching.py), and what is
not declared public is kept by nothing."""

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path

from common.caching import policy_of, public
from tests.pages import text_of

pytestmark = pytest.mark.django_db


def every_view(patterns=None, prefix=""):
    """(address pattern, view) for every URL the site answers, includes too."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from every_view(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_every_view_outside_the_admin_declares_how_it_may_be_cached():
    # The admin's views are Django's own: undeclared, so private, and each is
    # never_cache besides. Everything else is ours and must say.
    views = [(address, view) for address, view in every_view() if not address.startswith("admin/")]
    assert len(views) > 20
    undeclared = [address for address, view in views if policy_of(view) is None]
    assert undeclared == []


def test_pages_holding_a_readers_input_are_declared_private():
    declared = dict(every_view())
    for address in [
        "which-therapy/result/",
        "which-therapy/summary/",
        "search/",
        "report-a-mistake/",
    ]:
        assert policy_of(declared[address]).public is False, address


def undeclared_view(request):
    return HttpResponse(f"<p>Hello {request.GET.get('name', '')}</p>")


@public(reads=["page"])
def public_view(request):
    return HttpResponse(
        f"<p>Page {request.GET.get('page', '1')}, name {request.GET.get('name')}</p>"
    )


urlpatterns = [path("undeclared/", undeclared_view), path("declared/", public_view)]


@override_settings(ROOT_URLCONF=__name__)
def test_a_view_with_no_declaration_is_kept_by_nothing(client):
    response = client.get("/undeclared/?name=Ann")
    assert "Hello Ann" in text_of(response)
    assert {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(","))
    assert "ETag" not in response and "X-Page-Cache" not in response
    assert "Hello Bob" in text_of(client.get("/undeclared/?name=Bob"))


@override_settings(ROOT_URLCONF=__name__)
def test_a_public_view_sees_only_the_parameters_it_declared(client):
    first = client.get("/declared/?page=2&name=Ann")
    assert text_of(first) == "Page 2, name None"
    assert "public" in first["Cache-Control"]
    # Another value of an undeclared parameter is the same page, kept once.
    again = client.get("/declared/?page=2&name=Bob")
    assert again["X-Page-Cache"] == "hit" and text_of(again) == "Page 2, name None"
    # A declared parameter makes a page of its own.
    assert text_of(client.get("/declared/?page=3")) == "Page 3, name None"
