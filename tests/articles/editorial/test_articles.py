import io
import os
import struct
import time
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from PIL import IcoImagePlugin, Image, ImageFile

from articles.models import Article
from tests.pages import jsonld_of, text_of
from therapies.models import Therapy

pytestmark = pytest.mark.django_db

ARTICLE = "/articles/ipt-and-dit-are-they-the-same/"


def make_article(n: int, **changes) -> Article:
    fields = {
        "title": f"Article {n}",
        "slug": f"article-{n}",
        "standfirst": "A test article.",
        "body": "Text.",
        "status": "published",
        "author": "A. Writer",
        "reviewer": "R. Viewer",
        "last_reviewed": "2026-01-01",
        "next_review_due": "2027-01-01",
        **changes,
    }
    return Article.objects.create(**fields)


# The starter article -------------------------------------------------------


def test_starter_article_is_published_with_live_facts_and_sources(client, starter):
    page = text_of(client.get(ARTICLE))
    assert "IPT and DIT: are they the same?" in page
    assert "IPT usually takes 12 to 16 sessions [sources] , over 12 to 16 weeks" in page
    assert "DIT is planned as 16 sessions [sources] , over about five months" in page
    assert "a 5-day course for psychodynamic practitioners, or a 20-day course" in page
    assert "only psychodynamic therapists can offer DIT" in page  # the blog's claim, as such
    assert "We could not find NICE naming DIT itself" in page
    # The blog's view of IPT's roots is reported as the blog's, not as fact.
    assert "The article this site started from says IPT takes more from" in page
    assert "Harley Therapy blog" in page and "NG222" in page
    assert "By Therapy Compare editorial team" in page
    assert "Page last reviewed: 26 November 2026" in page
    assert "{{" not in page


def test_starter_article_shows_an_edited_fact_on_the_next_request(client, starter):
    Therapy.objects.filter(slug="ipt").update(sessions_min=10, sessions_max=20)
    assert "IPT usually takes 10 to 20 sessions" in text_of(client.get(ARTICLE))


def test_starter_article_appears_on_the_ipt_vs_dit_comparison(client, starter):
    page = text_of(client.get("/compare/ipt-vs-dit/"))
    assert "Read it on its own page" in page
    assert "Which might suit you?" in page


def test_live_fact_links_to_where_its_sources_are_listed(client, starter):
    html = client.get(ARTICLE).content.decode()
    assert 'href="/therapies/ipt/#fact-duration"' in html
    assert 'id="fact-duration"' in client.get("/therapies/ipt/").content.decode()


def test_article_describes_itself_for_search_engines(client, starter):
    data = jsonld_of(client.get(ARTICLE))
    assert data["headline"] == "IPT and DIT: are they the same?"
    assert data["lastReviewed"] == "2026-11-26"
    assert {item["name"] for item in data["about"]} == {
        "Interpersonal therapy",
        "Dynamic interpersonal therapy",
    }


def test_article_query_count(client, starter, read_models_loaded, django_assert_num_queries):
    # The article, its sources, therapies and live facts are all in the read models.
    read_models_loaded()
    with django_assert_num_queries(0):
        assert client.get(ARTICLE).status_code == 200


# Lists, drafts, previews ---------------------------------------------------


def test_article_list_is_newest_first_and_paginated(
    client, starter, read_models_loaded, django_assert_num_queries
):
    for n in range(12):
        make_article(n)
    read_models_loaded()
    with django_assert_num_queries(0):
        first = client.get("/articles/")
    page = text_of(first)
    assert page.index("Article 11") < page.index("Article 10")
    assert "Page 1 of 2" in page
    assert "IPT and DIT: are they the same?" in text_of(client.get("/articles/?page=2"))


def test_article_list_copes_with_a_bad_page_number(client, starter):
    assert client.get("/articles/?page=abc").status_code == 200
    assert client.get("/articles/?page=99999999999999999999").status_code == 200


def test_draft_article_is_not_found_by_readers(client, starter):
    Article.objects.update(status="draft")
    assert client.get(ARTICLE).status_code == 404
    assert "are they the same" not in text_of(client.get("/articles/"))
    assert "Read it on its own page" not in text_of(client.get("/compare/ipt-vs-dit/"))


def test_editor_can_preview_a_draft_article(editor_client, starter):
    Article.objects.update(status="draft")
    response = editor_client.get(ARTICLE)
    assert response.status_code == 200
    assert "Draft preview" in text_of(response)


def test_unknown_article_is_404(client, db):
    assert client.get("/articles/no-such-article/").status_code == 404


# Saving: sanitising and live-fact validation ---------------------------------

HOSTILE_BODY = (
    "Hello <script>alert(1)</script> <img src=x onerror=alert(1)> "
    "[x](javascript:alert(1)) <iframe src='https://evil.example'></iframe>"
)


def test_hostile_markup_is_neither_stored_nor_shown(client, starter):
    article = make_article(1, body=HOSTILE_BODY)
    for html in [article.body_html, client.get(article.get_absolute_url()).content.decode()]:
        assert "<script>alert" not in html
        assert "onerror" not in html
        assert "javascript:" not in html
        assert "<iframe" not in html


def article_form(**changes) -> dict:
    data = {
        "title": "New article",
        "slug": "new-article",
        "status": "published",
        "standfirst": "About IPT.",
        "body": "IPT takes {{ ipt.sessions }}.",
        "author": "A. Writer",
        "reviewer": "R. Viewer",
        "last_reviewed": "2026-01-01",
        "next_review_due": "2027-01-01",
    }
    return {**data, **changes}


def test_editor_publishes_an_article_with_a_live_fact(editor_client, client, starter):
    response = editor_client.post("/admin/articles/article/add/", article_form())
    assert response.status_code == 302
    page = text_of(client.get("/articles/new-article/"))
    assert "IPT takes 12 to 16 sessions" in page


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{{ reiki.sessions }}", "there is no therapy with the web-address name “reiki”"),
        ("{{ ipt.price }}", "“price” is not a fact we can show"),
        ("{{ IPT.sessions }}", "write a live fact as {{ therapy.fact }} in lower case"),
    ],
)
def test_an_unknown_live_fact_is_refused_on_save_with_a_clear_message(
    editor_client, starter, body, message
):
    response = editor_client.post("/admin/articles/article/add/", article_form(body=body))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.filter(slug="new-article").exists()


def test_editor_sees_the_live_fact_syntax_explained(editor_client, starter):
    body = editor_client.get("/admin/articles/article/add/").content.decode()
    assert "{{ ipt.sessions }}" in body
    assert "sessions (usual number of sessions)" in body


# markdownx's endpoints -----------------------------------------------------


def test_preview_renders_sanitised_markdown_with_live_facts(editor_client, starter):
    response = editor_client.post(
        "/markdownx/markdownify/", {"content": "**IPT** takes {{ ipt.sessions }}. " + HOSTILE_BODY}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>IPT</strong> takes" in html and "12 to 16 sessions" in html
    assert "<script>alert" not in html and "onerror" not in html and "javascript:" not in html


@pytest.mark.parametrize("content", ["[" * 20_000, "[a](" * 10_000])
def test_the_preview_of_a_pathological_body_answers_at_once(editor_client, starter, content):
    # Each ran past 30 s, until gunicorn killed the worker
    # (tests/articles/editorial/test_markdown.py has more).
    started = time.perf_counter()
    response = editor_client.post("/markdownx/markdownify/", {"content": content})
    assert response.status_code == 200
    assert time.perf_counter() - started < 2


def png_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("path", ["/markdownx/markdownify/", "/markdownx/upload/"])
def test_readers_cannot_use_the_editor_endpoints(path, tmp_path, settings, starter):
    settings.MEDIA_ROOT = tmp_path
    anonymous = Client(headers={"X-Forwarded-Proto": "https"})
    upload = SimpleUploadedFile("x.png", png_bytes(), content_type="image/png")
    response = anonymous.post(path, {"content": "hi", "image": upload})
    assert response.status_code == 403
    assert list(tmp_path.iterdir()) == []


def test_staff_without_article_permission_cannot_preview(editor, editor_client):
    editor.groups.clear()
    assert editor_client.post("/markdownx/markdownify/", {"content": "x"}).status_code == 403


def test_editor_uploads_a_real_image_under_a_random_name(editor_client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("../../evil name.html", png_bytes(), content_type="text/html")
    response = editor_client.post("/markdownx/upload/", {"image": upload})
    assert response.status_code == 200
    code = response.json()["image_code"]
    assert code.startswith("![](/media/article-images/") and code.endswith(".png)")
    stored = list((tmp_path / "article-images").iterdir())
    assert len(stored) == 1 and stored[0].suffix == ".png" and "evil" not in stored[0].name


def noise_png(megabytes: float) -> bytes:
    side = int((megabytes * 1024 * 1024 / 3) ** 0.5) + 1
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        (
            "x.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "image/svg+xml",
            "not a PNG, JPEG or WebP",
        ),
        (
            "x.png",
            b"<html><script>alert(1)</script></html>",
            "image/png",
            "not a PNG, JPEG or WebP",
        ),
        ("x.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif", "not a PNG, JPEG or WebP"),
        ("x.png", png_bytes()[:60], "image/png", "not a PNG, JPEG or WebP"),
        ("big.png", None, "image/png", "larger than 5 MB"),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_message_and_nothing_stored(
    editor_client, tmp_path, settings, name, content, content_type, message
):
    settings.MEDIA_ROOT = tmp_path
    content = content if content is not None else noise_png(6)
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = editor_client.post("/markdownx/upload/", {"image": upload})
    assert response.status_code == 400
    assert message in response.json()["image"][0]
    assert list(tmp_path.iterdir()) == []


# Configuration ---------------------------------------------------------------


def test_system_check_fails_if_markdownx_is_given_another_renderer(settings):
    from config.checks import markdownx_uses_the_sanitising_renderer

    assert markdownx_uses_the_sanitising_renderer(None) == []
    settings.MARKDOWNX_MARKDOWNIFY_FUNCTION = "markdownx.utils.markdownify"
    errors = markdownx_uses_the_sanitising_renderer(None)
    assert [error.id for error in errors] == ["therapies.E001"]


def test_system_check_passes_for_the_real_url_configuration():
    from config.checks import markdownx_endpoints_are_staff_only

    assert markdownx_endpoints_are_staff_only(None) == []


@pytest.mark.urls("tests.urls_with_markdownx_included")
def test_system_check_fails_if_markdownx_urls_are_included():
    from config.checks import markdownx_endpoints_are_staff_only

    assert {error.id for error in markdownx_endpoints_are_staff_only(None)} == {"therapies.E003"}


def test_loading_starter_content_never_overwrites_an_edited_article(starter):
    Article.objects.update(title="Edited title")
    call_command("load_starter_content", stdout=io.StringIO())
    assert Article.objects.get().title == "Edited title"


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded(
    editor_client, tmp_path, settings
):
    """A small file can hold a huge, blank picture ("decompression bomb"):
    8000 × 8000 pixels in a few kilobytes, about 200 MB once decoded."""
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("1", (8000, 8000)).save(buffer, "PNG")
    assert len(buffer.getvalue()) < 100 * 1024
    upload = SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")
    response = editor_client.post("/markdownx/upload/", {"image": upload})
    assert response.status_code == 400
    message = response.json()["image"][0]
    assert "8000 × 8000 pixels" in message and "25 million pixels" in message
    assert list(tmp_path.iterdir()) == []


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that says it is width × height, with one row of pixel data: enough
    for its header to be read, nothing a decoder could finish."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    pixels = zlib.compress(b"\x00" * (width + 1))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)


def ico_holding(png: bytes) -> bytes:
    # One icon, stored as a PNG (width and height 0 mean "see the PNG").
    directory = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", 0, 0, 0, 0, 1, 32, len(png), len(directory) + 16)
    return directory + entry + png


@pytest.fixture
def decoding_fails_the_test(monkeypatch):
    def decode(image):
        raise AssertionError(f"decoded a {image.format} of {image.size}")

    monkeypatch.setattr(ImageFile.ImageFile, "load", decode)
    monkeypatch.setattr(IcoImagePlugin.IcoImageFile, "load", decode)


def test_an_icon_file_is_refused_without_being_decoded(
    editor_client, tmp_path, settings, decoding_fails_the_test
):
    """Pillow decodes an ICO's picture as it opens it: a 560 KB icon holding a
    12,000 × 12,000 PNG took a worker from 144 MB to 712 MB before any check."""
    settings.MEDIA_ROOT = tmp_path
    icon = ico_holding(png_header_only(12_000, 12_000))
    upload = SimpleUploadedFile("logo.png", icon, content_type="image/png")
    response = editor_client.post("/markdownx/upload/", {"image": upload})
    assert response.status_code == 400
    assert "not a PNG, JPEG or WebP" in response.json()["image"][0]
    assert list(tmp_path.iterdir()) == []


def test_a_png_too_big_to_decode_is_refused_by_its_header(
    editor_client, tmp_path, settings, decoding_fails_the_test
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("bomb.png", png_header_only(9_000, 9_000), "image/png")
    response = editor_client.post("/markdownx/upload/", {"image": upload})
    assert response.status_code == 400
    assert "9000 × 9000 pixels" in response.json()["image"][0]
    assert list(tmp_path.iterdir()) == []


def test_a_large_photograph_is_still_accepted(editor_client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("photo.png", png_bytes((6000, 4000)), content_type="image/png")
    assert editor_client.post("/markdownx/upload/", {"image": upload}).status_code == 200


def test_an_overlong_article_body_is_refused_with_a_clear_message(editor_client, starter):
    body = "A sentence of plain words. " * 2000  # 54,000 characters
    response = editor_client.post("/admin/articles/article/add/", article_form(body=body))
    assert response.status_code == 200
    assert "the most an article or page can hold is 50,000" in text_of(response)
    assert not Article.objects.filter(slug="new-article").exists()


def test_an_overlong_page_body_is_refused_too(starter):
    from django.core.exceptions import ValidationError

    from articles.models import Page

    about = Page.objects.get(slug="about")
    about.body = "x" * 50_001
    with pytest.raises(ValidationError, match="the most an article or page can hold"):
        about.full_clean()
