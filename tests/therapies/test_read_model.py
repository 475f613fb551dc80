"""The read model public pages render from (therapies/read_model.py, articles/read_model.py)."""

import pytest

from articles.read_model import editorial_of
from articles.read_model import load as load_editorial
from history.generation import replace_generation
from history.read_only import ReadOnlyRecord
from tests.factories import TherapyFactory
from tests.pages import text_of
from therapies.models import Therapy
from therapies.read_model import load, published_knowledge


def test_loading_costs_the_same_queries_however_many_therapies(starter, django_assert_num_queries):
    # 1 therapies + schools, 2 citations + sources, 3 uses + conditions,
    # 4 the uses' sources, 5 therapies' readers' words, 6 conditions with their
    # broader ones, 7 their guidelines, 8 their sources, 9 their readers'
    # words, 10 recommendations with guideline and condition, 11 their
    # sources, 12 the sources of what happens if you do not want treatment
    # now, 13 their options, 14 the options' sources, 15 the ways to get
    # help, 16 their sources, 17 their readers' words; then the editorial
    # part's 8 (below).
    with django_assert_num_queries(26):
        before = load()
    for n in range(5):
        TherapyFactory(slug=f"extra{n}")
    with django_assert_num_queries(26):
        after = load()
    assert len(after.therapies) == len(before.therapies) + 5


def test_loading_articles_pages_and_questions_costs_a_fixed_number_of_queries(
    starter, django_assert_num_queries
):
    # 1 articles, 2 their sources, 3 their therapies, 4 pages, 5 questions,
    # 6 their options, 7 the options' rules, 8 the sources of the questions
    # the chooser's summary suggests asking, 9 every article's therapies,
    # drafts included (which set of therapies an article is about).
    with django_assert_num_queries(9):
        editorial = load_editorial(include_drafts=False)
    assert editorial.article("ipt-and-dit-are-they-the-same") is not None
    assert set(editorial.pages) >= {"about", "editorial-policy"}


def test_pages_share_one_model_until_content_changes(
    client, starter, committed, django_assert_num_queries
):
    client.get("/therapies/ipt/")
    # Another page, not cached yet: rendered from the model already loaded.
    with django_assert_num_queries(0):
        assert client.get("/therapies/dit/").status_code == 200
    ipt = Therapy.objects.get(slug="ipt")
    assert "12 to 16 sessions" in text_of(client.get("/compare/ipt-vs-dit/"))
    ipt.sessions_max = 18
    with committed():
        ipt.save()
    assert "12 to 18 sessions" in text_of(client.get("/therapies/ipt/"))
    assert "12 to 18 sessions" in text_of(client.get("/compare/ipt-vs-dit/"))


def test_a_change_on_another_server_reaches_this_one_through_the_generation(starter):
    first = published_knowledge()
    assert published_knowledge() is first
    # What an edit on another app server does once it commits: this process
    # was not told, but the shared generation changed.
    Therapy.objects.filter(slug="ipt").update(summary="Changed elsewhere.")
    replace_generation()
    second = published_knowledge()
    assert second is not first
    assert second.therapy("ipt").summary == "Changed elsewhere."


def test_the_shared_records_refuse_to_be_saved(starter):
    knowledge = published_knowledge()
    therapy = knowledge.therapy("ipt")
    with pytest.raises(ReadOnlyRecord):
        therapy.save()
    with pytest.raises(ReadOnlyRecord):
        therapy.school.save()
    with pytest.raises(ReadOnlyRecord):
        therapy.condition_links.all()[0].delete()
    with pytest.raises(ReadOnlyRecord):
        editorial_of(published_knowledge()).questions[0].save()
    # A record loaded from the database is an ordinary one.
    Therapy.objects.get(slug="ipt").save()


def test_the_shared_records_refuse_to_change(starter, client):
    """Nothing one request sets on a shared record can show to the next reader."""
    client.get("/compare/ipt-vs-dit/")  # pages read the records, and may cache on them
    knowledge = published_knowledge()
    therapy = knowledge.therapy("ipt")
    records = [
        therapy,
        therapy.school,
        therapy.citations.all()[0],
        therapy.citations.all()[0].source,
        therapy.condition_links.all()[0],
        knowledge.conditions["depression"],
        editorial_of(published_knowledge()).articles[0],
        editorial_of(published_knowledge()).questions[-1].options.all()[0],
    ]
    for record in records:
        with pytest.raises(ReadOnlyRecord):
            record.summary = "Changed for one reader."
    assert "Changed for one reader." not in text_of(client.get("/therapies/ipt/"))
    # An editor's model, with drafts, is built for one request and is ordinary.
    own = load(include_drafts=True).therapy("ipt")
    own.summary = "A preview."
    assert own.summary == "A preview."


def test_readers_never_see_drafts_and_editors_preview_them(client, editor_client, starter):
    dit = Therapy.objects.get(slug="dit")
    dit.status = "draft"
    dit.save()
    assert "Draft preview" in text_of(editor_client.get("/therapies/dit/"))
    assert client.get("/therapies/dit/").status_code == 404
    assert published_knowledge().therapy("dit") is None
    assert "/compare/ipt-vs-dit/" not in client.get("/therapies/ipt/").content.decode()


def test_without_the_shared_cache_pages_are_built_from_the_database(client, starter, monkeypatch):
    def cache_down():
        raise ConnectionError("Redis is down")

    monkeypatch.setattr("history.generation.current_generation", cache_down)
    response = client.get("/therapies/ipt/")
    assert response.status_code == 200
    assert "Interpersonal therapy" in text_of(response)
