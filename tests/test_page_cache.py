"""The whole-page cache: fast for readers, never stale after an edit, never private."""

import pytest

from articles.models import Article
from tests.conftest import PUBLIC_PAGE_TYPES
from tests.pages import text_of
from tests.therapies.test_admin import therapy_form_data
from therapies.models import Therapy, TherapyCondition

pytestmark = pytest.mark.django_db


# Everything public except what is never cached: pages with a reader's own
# input (chooser results, searches) and errors.
PUBLIC_PAGES = [
    path
    for path in PUBLIC_PAGE_TYPES
    if not path.startswith(("/which-therapy/result/", "/search/", "/no-such-page/"))
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_are_served_from_the_cache_the_second_time(
    client, starter, path, django_assert_num_queries
):
    first = client.get(path)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(path)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    for header in ["Content-Type", "Content-Security-Policy", "Strict-Transport-Security"]:
        assert second[header] == first[header]


def test_cached_pages_are_stored_compressed_for_browsers_that_accept_it(client, starter):
    first = client.get("/compare/ipt-vs-dit/", headers={"Accept-Encoding": "gzip"})
    second = client.get("/compare/ipt-vs-dit/", headers={"Accept-Encoding": "gzip"})
    assert second["X-Page-Cache"] == "hit"
    assert first["Content-Encoding"] == second["Content-Encoding"] == "gzip"
    plain = client.get("/compare/ipt-vs-dit/")
    assert "Content-Encoding" not in plain
    assert b"<!doctype html>" in plain.content


def test_comparison_html_stays_within_its_compressed_page_weight_budget(client, starter):
    response = client.get("/compare/ipt-vs-dit/", headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) <= 20 * 1024


def test_an_admin_edit_shows_on_the_next_request(editor_client, client, starter, committed):
    assert "Usually 12 to 16 sessions" in text_of(client.get("/therapies/ipt/"))
    ipt = Therapy.objects.get(slug="ipt")
    with committed():
        response = editor_client.post(
            f"/admin/therapies/therapy/{ipt.pk}/change/",
            therapy_form_data(ipt, sessions_min=9, sessions_max=15),
        )
    assert response.status_code == 302
    fresh = client.get("/therapies/ipt/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "Usually 9 to 15 sessions" in text_of(fresh)
    assert "IPT usually takes 9 to 15 sessions" in text_of(
        client.get("/articles/ipt-and-dit-are-they-the-same/")
    )


def test_deleting_a_record_invalidates_pages(client, starter, committed):
    assert "Eating disorders" in text_of(client.get("/therapies/ipt/"))
    with committed():
        TherapyCondition.objects.get(
            therapy__slug="ipt", condition__slug="eating-disorders"
        ).delete()
    assert "Eating disorders" not in text_of(client.get("/therapies/ipt/"))


def test_changing_which_therapies_an_article_covers_invalidates_pages(client, starter, committed):
    assert "Read it on its own page" in text_of(client.get("/compare/ipt-vs-dit/"))
    with committed():
        Article.objects.get().therapies.remove(Therapy.objects.get(slug="dit"))
    assert "Read it on its own page" not in text_of(client.get("/compare/ipt-vs-dit/"))


def test_loading_starter_content_again_does_not_invalidate_when_nothing_changed(client, starter):
    from django.core.management import call_command

    client.get("/therapies/ipt/")
    call_command("load_starter_content", verbosity=0)
    assert client.get("/therapies/ipt/")["X-Page-Cache"] == "hit"


def test_editors_are_never_served_or_given_cached_pages(editor_client, client, starter):
    client.get("/therapies/ipt/")  # cached for readers
    response = editor_client.get("/therapies/ipt/")
    assert "X-Page-Cache" not in response
    Therapy.objects.filter(slug="dit").update(status="draft")
    assert "Draft preview" in text_of(editor_client.get("/therapies/dit/"))
    # The preview was not cached for readers.
    assert client.get("/therapies/dit/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/which-therapy/result/?childhood=yes",
        "/search/?q=childhood",
        "/healthz",
        "/readyz",
        "/nope/",
    ],
)
def test_pages_with_a_readers_input_errors_and_health_checks_are_never_cached(
    client, starter, path
):
    client.get(path)
    assert "X-Page-Cache" not in client.get(path)


def test_post_requests_are_never_cached(client, starter):
    client.post("/therapies/ipt/")
    assert client.get("/therapies/ipt/")["X-Page-Cache"] == "miss"
