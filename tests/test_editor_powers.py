"""What editors can and cannot do to the pages the site depends on."""

import pytest

from articles.models import Page
from tests.factories import ConditionFactory, TherapyConditionFactory, TherapyFactory
from tests.pages import text_of

pytestmark = pytest.mark.django_db


def test_an_editor_cannot_delete_the_about_page(editor_client, client, starter):
    about = Page.objects.get(slug="about")
    response = editor_client.post(f"/admin/articles/page/{about.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert client.get("/about/").status_code == 200


def test_the_about_page_cannot_be_deleted_from_the_list_either(editor_client, client, starter):
    about = Page.objects.get(slug="about")
    editor_client.post(
        "/admin/articles/page/",
        {"action": "delete_selected", "_selected_action": [about.pk], "post": "yes"},
    )
    assert Page.objects.filter(slug="about").exists()
    assert client.get("/about/").status_code == 200


def test_the_about_page_offers_no_delete_link(editor_client, starter):
    about = Page.objects.get(slug="about")
    page = editor_client.get(f"/admin/articles/page/{about.pk}/change/").content.decode()
    assert f"/admin/articles/page/{about.pk}/delete/" not in page


def test_a_condition_used_only_by_draft_therapies_is_not_public(client, editor_client, db):
    draft = TherapyFactory(status="draft", name="Secret therapy")
    TherapyConditionFactory(therapy=draft, condition=ConditionFactory(slug="rare", name="Rare"))
    assert client.get("/conditions/rare/").status_code == 404
    # Editors preview it, as they preview the draft therapy itself.
    assert "Secret therapy" in text_of(editor_client.get("/conditions/rare/"))
