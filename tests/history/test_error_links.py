"""The note "Please correct the errors below" links to each field with an error,
inlines included: on the therapy form the note and a field can be screens apart."""

import re

import pytest

from tests.therapies.test_admin import therapy_form_data
from therapies.models import Therapy

pytestmark = pytest.mark.django_db


def post_ipt(editor_client, **changes):
    ipt = Therapy.objects.get(slug="ipt")
    data = therapy_form_data(ipt, edit_version_seen=ipt.edit_version, **changes)
    return editor_client.post(f"/admin/therapies/therapy/{ipt.pk}/change/", data)


def error_links(html: str) -> list[tuple[str, str]]:
    """(where each link points, its text), from the list under the error note."""
    found = re.search(r'<nav class="error-links".*?</nav>', html, flags=re.S)
    assert found, "no list of fields to correct"
    return [
        (anchor, re.sub(r"<[^>]+>", "", text).strip())
        for anchor, text in re.findall(r'<li><a href="#([^"]+)">(.*?)</li>', found.group(0))
    ]


def test_the_error_note_links_to_each_field_with_an_error(editor_client, starter):
    response = post_ipt(editor_client, name="", sessions_max="many")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please correct the errors below." in html
    links = error_links(html)
    assert [anchor for anchor, _ in links] == ["id_name", "id_sessions_max"]
    assert links[0][1] == "Name: This field is required."
    assert links[1][1].startswith("Most sessions (usual course): Enter a whole number.")
    for anchor, _ in links:
        assert len(re.findall(f'id="{anchor}"', html)) == 1, anchor
    # Under the message, before the form's own list of sections.
    assert html.index("errornote") < html.index("error-links") < html.index("form-contents")


def test_an_error_in_an_inline_is_linked_with_the_record_it_is_in(editor_client, starter):
    response = post_ipt(editor_client, **{"condition_links-0-evidence_level": "certain"})
    html = response.content.decode()
    links = error_links(html)
    assert len(links) == 1
    anchor, text = links[0]
    assert anchor == "id_condition_links-0-evidence_level"
    assert re.match(r"Use for a condition 1 \(IPT for [^)]+\): Evidence", text), text
    assert "Select a valid choice." in text
    assert len(re.findall(f'id="{anchor}"', html)) == 1
    # The section is folded away (a <details>) until it holds an error.
    group = html[html.index('id="condition_links-group"') :]
    assert "<details>" not in group[: group.index('id="condition_links-heading"')]


def test_a_record_inside_with_two_errors_links_each(editor_client, starter):
    response = post_ipt(
        editor_client,
        **{"condition_links-0-condition": "", "condition_links-0-evidence_level": "certain"},
    )
    anchors = [anchor for anchor, _ in error_links(response.content.decode())]
    assert anchors == ["id_condition_links-0-condition", "id_condition_links-0-evidence_level"]


def test_a_form_without_errors_has_no_list(editor_client, starter):
    ipt = Therapy.objects.get(slug="ipt")
    html = editor_client.get(f"/admin/therapies/therapy/{ipt.pk}/change/").content.decode()
    assert "error-links" not in html and "Fields to correct" not in html


def test_an_article_form_links_its_errors_too(editor_client, starter):
    from tests.articles.editorial.test_articles import article_form

    data = article_form(title="", body="{{ ipt.nosuchfact }}")
    response = editor_client.post("/admin/articles/article/add/", data)
    anchors = [anchor for anchor, _ in error_links(response.content.decode())]
    assert anchors == ["id_title", "id_body"]
