"""Articles through the admin, as an editor meets them: a draft needs only its
words; publishing needs the people readers are shown (and the review dates)."""

import pytest

from articles.models import Article
from tests.articles.editorial.test_articles import article_form
from tests.pages import text_of

pytestmark = pytest.mark.django_db


def errors_by_field(response) -> dict:
    form = response.context["adminform"].form
    return {name: " ".join(messages) for name, messages in form.errors.items()}


def test_a_draft_article_saves_without_an_author_or_reviewer(editor_client, starter):
    data = article_form(status="draft", author="", reviewer="")
    response = editor_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302
    article = Article.objects.get(slug="new-article")
    assert (article.author, article.reviewer) == ("", "")
    preview = text_of(editor_client.get("/articles/new-article/"))
    assert "Draft preview" in preview
    assert "No author yet (draft)" in preview


def test_publishing_an_article_needs_its_author_and_reviewer(editor_client, starter):
    data = article_form(status="published", author="", reviewer="")
    response = editor_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 200
    errors = errors_by_field(response)
    assert set(errors) == {"author", "reviewer"}
    assert "who wrote a published article: fill in the author" in errors["author"]
    checked = "who checked the facts of a published article: fill in the reviewer"
    assert checked in errors["reviewer"]
    assert "save it as a draft for now" in text_of(response)
    assert not Article.objects.filter(slug="new-article").exists()


def test_publishing_a_draft_without_an_author_is_refused_and_the_draft_kept(editor_client, starter):
    editor_client.post("/admin/articles/article/add/", article_form(status="draft", author=""))
    article = Article.objects.get(slug="new-article")
    url = f"/admin/articles/article/{article.pk}/change/"
    data = article_form(status="published", author="", edit_version_seen=article.edit_version)
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert set(errors_by_field(response)) == {"author"}
    article.refresh_from_db()
    assert article.status == "draft" and article.published_at is None


def test_the_database_refuses_a_published_article_without_an_author(starter):
    from django.db import IntegrityError, transaction

    from tests.articles.editorial.test_articles import make_article

    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(1, author="")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(2, reviewer="")
