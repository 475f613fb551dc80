"""Report a mistake: the one thing a reader can choose to send, seen by editors only."""

import hashlib
import ipaddress
import logging

import pytest
from django.contrib.auth.models import User
from django.test import Client

from articles.models import MistakeReport, ReportStatus
from articles.reports.forms import REPORTS_PER_HOUR
from history import registry
from history.generation import current_generation
from tests.conftest import HTTPS, PUBLIC_PAGE_TYPES
from tests.pages import text_of
from therapies.models import Therapy

pytestmark = pytest.mark.django_db
FORM = "/report-a-mistake/"


def reader(address: str = "192.0.2.20", **options) -> Client:
    return Client(headers={**HTTPS, "Host": "testserver"}, REMOTE_ADDR=address, **options)


def report(client: Client, **changes):
    data = {
        "page": "/therapies/ipt/",
        "message": "The number of sessions looks wrong.",
        "email": "",
        "website": "",
        **changes,
    }
    return client.post(FORM, data)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/therapies/ipt/",
        "/conditions/depression/",
        "/compare/ipt-vs-dit/",
        "/articles/ipt-and-dit-are-they-the-same/",
        "/about/",
        "/urgent-help/",
    ],
)
def test_every_content_page_offers_the_form_filled_in_with_that_page(client, starter, path):
    html = client.get(path).content.decode()
    assert 'action="/report-a-mistake/"' in html
    assert f'name="page" value="{path}"' in html


def test_the_form_is_filled_in_says_what_is_kept_and_is_never_cached(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(FORM, {"page": "/therapies/ipt/"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="/therapies/ipt/"' in html
    assert "csrfmiddlewaretoken" in html
    page = text_of(response)
    assert "This is the one thing on the site you can choose to send us" in page
    assert "Your email address (optional)" in page
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert "X-Page-Cache" not in client.get(FORM, {"page": "/therapies/ipt/"})


def test_a_page_address_that_is_not_ours_is_not_filled_in(client):
    html = client.get(FORM, {"page": "//evil.example/x"}).content.decode()
    assert "evil.example" not in html


def test_a_reader_sends_a_report_and_it_is_kept_for_editors():
    client = reader()
    response = report(client, email="reader@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/report-a-mistake/thanks/"
    saved = MistakeReport.objects.get()
    assert saved.page == "/therapies/ipt/"
    assert saved.message == "The number of sessions looks wrong."
    assert saved.email == "reader@example.org"
    assert saved.status == ReportStatus.OPEN
    assert "Thank you for your report" in text_of(client.get(response["Location"]))


def test_reports_are_never_shown_on_the_site(client, starter):
    report(reader(), message="A very particular secret phrase about IPT.")
    for path in PUBLIC_PAGE_TYPES:
        assert "very particular secret phrase" not in client.get(path).content.decode()
    assert "very particular secret phrase" not in text_of(
        client.get("/search/", {"q": "particular secret phrase"})
    )


def test_a_report_leaves_cached_pages_alone_but_an_editors_change_does_not(starter, committed):
    # Otherwise one POST from any reader would empty every page cache and ban
    # every page from Varnish and the CDN.
    before = current_generation()
    with committed():
        assert report(reader()).status_code == 302
    assert MistakeReport.objects.count() == 1
    assert current_generation() == before
    with committed():
        MistakeReport.objects.get().save()
    assert current_generation() == before
    with committed():
        Therapy.objects.get(slug="ipt").save()
    assert current_generation() != before


def test_reports_are_still_kept_in_history_and_backups():
    assert MistakeReport in registry.content_models()


def test_a_report_without_the_csrf_token_is_refused():
    response = report(reader(enforce_csrf_checks=True))
    assert response.status_code == 403
    assert not MistakeReport.objects.exists()


def test_a_bot_filling_the_hidden_field_is_thanked_and_nothing_is_kept():
    response = report(reader(), website="http://spam.example")
    assert response.status_code == 302
    assert not MistakeReport.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"message": ""}, "Tell us what is wrong, in a few words."),
        ({"message": "bad"}, "Tell us a little more: at least 5 characters."),
        ({"message": "x" * 2001}, "Please keep it to 2000 characters or fewer (you wrote 2001)."),
        ({"email": "not an address"}, "This does not look like an email address."),
        ({"page": "https://evil.example/"}, "Give the address of a page on this site"),
        ({"page": "//evil.example/"}, "Give the address of a page on this site"),
        # Browsers read a backslash as a slash and drop tabs: both are another site.
        ({"page": "/\\evil.example/phish"}, "Give the address of a page on this site"),
        ({"page": "/\t/evil.example/"}, "Give the address of a page on this site"),
        ({"page": "/no-such-page/"}, "Give the address of a page on this site"),
        ({"page": "/x\x00y"}, "Null characters are not allowed."),
        ({"page": "/" + "p" * 400}, "Ensure this value has at most 300 characters"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(changes, message):
    response = report(reader(), **{"message": "Typed with care, not lost.", **changes})
    assert response.status_code == 400
    assert message in text_of(response)
    if "message" not in changes:
        assert "Typed with care, not lost." in response.content.decode()
    assert not MistakeReport.objects.exists()


@pytest.mark.parametrize("page", ["/therapies/ipt/", "/therapies/?condition=depression", "/"])
def test_any_page_of_the_site_may_be_reported(page):
    assert report(reader(), page=page).status_code == 302
    assert MistakeReport.objects.get().page == page


def test_editors_never_get_a_link_to_another_site_from_a_report(editor_client):
    # Kept before the form checked addresses.
    report = MistakeReport.objects.create(page="/\\evil.example/phish", message="Look here.")
    html = editor_client.get(f"/admin/articles/mistakereport/{report.pk}/change/").content.decode()
    assert "/\\evil.example/phish" in html
    assert 'href="/\\evil.example' not in html


def test_a_nul_byte_in_the_message_is_refused_calmly():
    response = report(reader(), message="Wrong \x00 number of sessions.")
    assert response.status_code == 400
    assert "Null characters are not allowed." in text_of(response)
    assert not MistakeReport.objects.exists()


def test_a_flood_from_one_address_is_stopped_with_a_clear_message_and_keeps_the_text():
    client = reader("203.0.113.9")
    for n in range(REPORTS_PER_HOUR):
        assert report(client, message=f"Report number {n}.").status_code == 302
    response = report(client, message="One report too many, kept in the form.")
    assert response.status_code == 429
    assert "Please try again in an hour" in text_of(response)
    assert "One report too many, kept in the form." in response.content.decode()
    assert MistakeReport.objects.count() == REPORTS_PER_HOUR
    # Someone else is not affected.
    assert report(reader("203.0.113.10")).status_code == 302


def test_behind_the_proxies_each_reader_has_their_own_report_limit(settings):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1/32")]

    def through_proxies(client_address: str) -> Client:
        # nginx (which sets the client's address) and Varnish on this machine.
        forwarded = f"{client_address}, 127.0.0.1"
        return reader("127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    for n in range(REPORTS_PER_HOUR):
        assert report(through_proxies("203.0.113.9"), message=f"Report {n}.").status_code == 302
    assert report(through_proxies("203.0.113.9")).status_code == 429
    assert report(through_proxies("203.0.113.10")).status_code == 302


def test_the_report_limit_keeps_no_address_in_the_shared_cache(shared_cache_keys):
    assert report(reader("203.0.113.9")).status_code == 302
    assert shared_cache_keys, "the limit wrote nothing"
    plain_hash = hashlib.sha256(b"203.0.113.9").hexdigest()[:32]
    for key in shared_cache_keys:
        assert "203.0.113.9" not in key and plain_hash not in key


def test_with_the_shared_cache_down_a_report_is_refused_calmly_and_keeps_the_text(
    shared_cache_down, caplog
):
    client = reader()
    assert client.get(FORM, {"page": "/therapies/ipt/"}).status_code == 200
    with caplog.at_level(logging.ERROR):
        response = report(client, message="Kept in the form while the site is unwell.")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "We cannot take reports just now" in text_of(response)
    assert "Kept in the form while the site is unwell." in response.content.decode()
    assert not MistakeReport.objects.exists()
    assert "Report refused: the shared cache cannot be reached" in caplog.text


def test_editors_see_open_reports_and_close_them(editor_client, editor):
    report(reader(), message="DIT's session count differs from my service.")
    home = text_of(editor_client.get("/admin/"))
    assert "1 report waiting to be checked" in home
    listing = text_of(editor_client.get("/admin/articles/mistakereport/?status__exact=open"))
    assert "DIT's session count differs from my service." in listing
    saved = MistakeReport.objects.get()
    response = editor_client.post(
        "/admin/articles/mistakereport/",
        {"action": "close_reports", "_selected_action": [saved.pk]},
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.status == ReportStatus.CLOSED
    assert saved.handled_by == editor and saved.closed_at is not None
    assert "report waiting" not in text_of(editor_client.get("/admin/"))


def test_readers_cannot_see_reports_in_the_admin(client):
    report(reader())
    response = client.get("/admin/articles/mistakereport/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_nobody_can_add_a_report_through_the_admin(editor_client):
    superuser = User.objects.create_superuser("root", "root@example.org", "a long password 1")
    client = Client(headers={**HTTPS, "Host": "testserver"})
    client.force_login(superuser)
    assert client.get("/admin/articles/mistakereport/add/").status_code == 403
