"""Issue 17 through the admin, as an editor meets it: facts checked against each
other, sources chosen beside each fact, review dates needed only to publish,
the preview and search showing live facts, and the admin home's guide."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from tests.articles.editorial.test_articles import article_form
from tests.pages import text_of
from tests.therapies.test_admin import therapy_form_data
from therapies.models import Citation, Source, Therapy

pytestmark = pytest.mark.django_db


def ipt() -> Therapy:
    return Therapy.objects.get(slug="ipt")


def save(editor_client, therapy, **changes):
    url = f"/admin/therapies/therapy/{therapy.pk}/change/"
    return editor_client.post(url, therapy_form_data(therapy, **changes), follow=True)


def errors_by_field(response) -> dict:
    form = response.context["adminform"].form
    return {name: " ".join(messages) for name, messages in form.errors.items()}


# Facts checked against each other (Therapy.clean) ---------------------------------


@pytest.mark.parametrize(
    ("changes", "fields", "words"),
    [
        (
            {"sessions_min": 20, "sessions_max": 10},
            {"sessions_min", "sessions_max"},
            "“Fewest sessions (usual course)” (20) is more than “Most sessions (usual course)” (10)",
        ),
        (
            {"weeks_min": 16, "weeks_max": 12},
            {"weeks_min", "weeks_max"},
            "“Fewest weeks” (16) is more than “Most weeks” (12)",
        ),
        (
            {"weeks_min": 12, "weeks_max": ""},
            {"weeks_min", "weeks_max"},
            "Fill in both “Fewest weeks” and “Most weeks”, or leave both empty",
        ),
        (
            {"weeks_min": 3, "weeks_max": 4},
            {"sessions_min", "weeks_max"},
            "“Fewest sessions (usual course)” (12) cannot fit in “Most weeks” (4)",
        ),
        (
            {"brief_sessions": 16},
            {"brief_sessions", "sessions_max"},
            "“Sessions in the brief format” (16) must be fewer than “Most sessions (usual course)”",
        ),
    ],
)
def test_contradictory_facts_are_refused_naming_both_fields(
    editor_client, client, starter, changes, fields, words
):
    response = save(editor_client, ipt(), **changes)
    assert response.redirect_chain == []  # not saved
    errors = errors_by_field(response)
    assert set(errors) == fields
    assert all(words in message for message in errors.values())
    assert "Usually 12 to 16 sessions, over 12 to 16 weeks" in text_of(
        client.get("/therapies/ipt/")
    )


def test_more_sessions_than_weeks_is_saved_with_a_warning_naming_both_fields(
    editor_client, client, starter
):
    # The example: sessions 12-20 with the weeks still 12-16.
    response = save(editor_client, ipt(), sessions_max=20)
    assert response.redirect_chain  # saved
    page = text_of(response)
    assert "Please check IPT" in page
    assert "“Most sessions (usual course)” (20) is more than “Most weeks” (16)" in page
    assert "Usually 12 to 20 sessions, over 12 to 16 weeks" in text_of(
        client.get("/therapies/ipt/")
    )


def test_a_note_quoting_other_numbers_is_a_warning(editor_client, starter):
    note = "Most services offer 24 sessions over 30 weeks."
    page = text_of(save(editor_client, ipt(), duration_detail=note))
    assert "“Duration detail” mentions 24 sessions, but" in page
    assert "“Duration detail” mentions 30 weeks, but" in page
    assert ipt().duration_detail == note  # a warning, not a refusal


def test_starter_facts_pass_every_rule_without_warnings(starter):
    for therapy in Therapy.objects.all():
        therapy.full_clean()
        # DIT's note quotes one service's 8 to 16 sessions, and says services differ.
        assert therapy.consistency_warnings() == []


# Sources beside each fact -----------------------------------------------------------


def test_each_facts_sources_are_chosen_in_its_own_section(editor_client, starter):
    response = editor_client.get(f"/admin/therapies/therapy/{ipt().pk}/change/")
    fieldsets = {
        fs.name: [f for line in fs for f in line.fields] for fs in response.context["adminform"]
    }
    assert "sources_duration" in fieldsets["How long it lasts"]
    assert "sources_evidence" in fieldsets["Evidence"]
    form = response.context["adminform"].form
    duration = {c.source_id for c in Citation.objects.filter(therapy=ipt(), fact="duration")}
    assert set(form.initial["sources_duration"]) == duration
    page = text_of(response)
    assert "Readers see each source as a numbered link after this fact" in page
    assert "readers see each note under its fact as “Source 3 says: …”" in page
    assert "Sections of this form" in page


def test_adding_and_removing_a_source_beside_a_fact_keeps_other_notes(editor_client, starter):
    therapy = ipt()
    kept = Citation.objects.filter(therapy=therapy, fact="format").first()
    kept.note = "A note to keep."
    kept.save()
    nice = Source.objects.get(key="ng222")
    data = therapy_form_data(therapy)
    data["sources_brief"] = [*data.get("sources_brief", []), nice.pk]
    removed = data["sources_evidence"].pop()
    response = editor_client.post(f"/admin/therapies/therapy/{therapy.pk}/change/", data)
    assert response.status_code == 302
    assert Citation.objects.filter(therapy=therapy, fact="brief", source=nice).exists()
    assert not Citation.objects.filter(therapy=therapy, fact="evidence", source=removed).exists()
    kept.refresh_from_db()
    assert kept.note == "A note to keep."


def test_source_search_puts_exact_and_prefix_matches_first(editor_client, starter):
    response = editor_client.get(
        "/admin/autocomplete/",
        {
            "term": "NICE",
            "app_label": "therapies",
            "model_name": "citation",
            "field_name": "source",
        },
    )
    results = response.json()["results"]
    publishers = [Source.objects.get(pk=r["id"]).publisher for r in results]
    by_nice = ["(NICE)" in p for p in publishers]  # also "(NICE); copy hosted by ..."
    assert by_nice[0]
    assert by_nice == sorted(by_nice, reverse=True)  # no other source before a NICE one


# Review dates -------------------------------------------------------------------------


def test_a_draft_article_saves_without_review_dates(editor_client, starter):
    data = article_form(status="draft", last_reviewed="", next_review_due="")
    response = editor_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302
    article = Article.objects.get(slug="new-article")
    assert article.last_reviewed is None
    assert "Draft preview" in text_of(editor_client.get("/articles/new-article/"))


def test_publishing_an_article_needs_both_review_dates(editor_client, starter):
    data = article_form(status="published", last_reviewed="", next_review_due="")
    response = editor_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 200
    assert "fill this in to publish, or save it as a draft" in text_of(response)
    assert not Article.objects.filter(slug="new-article").exists()


def test_new_records_start_reviewed_today_with_the_next_review_in_a_year(editor_client, db):
    today = timezone.localdate()
    for url in ["/admin/articles/article/add/", "/admin/therapies/therapy/add/"]:
        form = editor_client.get(url).context["adminform"].form
        assert form.initial["last_reviewed"] == today
        assert form.initial["next_review_due"] == today + datetime.timedelta(days=365)


def test_one_review_window_for_the_home_page_and_the_filter(editor_client, starter, settings):
    settings.REVIEW_DUE_SOON_DAYS = 45
    soon = timezone.localdate() + datetime.timedelta(days=40)
    Therapy.objects.filter(slug="dit").update(next_review_due=soon)
    assert "Overdue or due in the next 45 days" in text_of(editor_client.get("/admin/"))
    assert "Due in the next 45 days" in text_of(editor_client.get("/admin/therapies/therapy/"))


# Live facts in the preview ---------------------------------------------------------


def test_preview_marks_an_unknown_fact_as_an_error_where_it_was_typed(editor_client, starter):
    html = editor_client.post(
        "/markdownx/markdownify/",
        {"content": "IPT takes {{ ipt.sesions }} and {{ reiki.sessions }}."},
    ).content.decode()
    assert "being updated" not in html
    assert 'IPT takes <strong class="live-fact-error">[Error, not saved: {{ ipt.sesions }}' in html
    assert "there is no therapy with the web-address name “reiki”" in html


# Admin home ------------------------------------------------------------------------


def test_admin_home_has_a_guide_and_the_chooser_under_its_own_heading(editor_client, starter):
    response = editor_client.get("/admin/")
    page = text_of(response)
    assert "How to edit this site" in page
    for topic in ["Facts", "Sources", "Articles", "Live facts", "Reviews", "Undo"]:
        assert topic in page
    headings = {
        app["name"]: [m["object_name"] for m in app["models"]]
        for app in response.context["app_list"]
    }
    chooser = headings["“Which therapy is for me?” (questions, options and rules)"]
    assert set(chooser) == {"Question", "AnswerOption"}
    assert "Question" not in headings["Articles and pages"]
    guide = text_of(editor_client.get("/admin/editors-guide/"))
    assert "No lost work" in guide  # README's "For editors" section


def test_the_editors_guide_is_for_staff_only(client):
    assert client.get("/admin/editors-guide/").status_code == 302
