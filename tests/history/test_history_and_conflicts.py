import re

import pytest
from django.core.management import call_command

from history.models import Version
from tests.pages import text_of
from tests.therapies.test_admin import therapy_form_data
from therapies.models import Citation, Therapy

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded_starter(no_content, committed):
    """The starter content loaded as editors' first save, so it has history."""
    with committed():
        call_command("load_starter_content", verbosity=0)


def change_url(therapy) -> str:
    return f"/admin/therapies/therapy/{therapy.pk}/change/"


def save_therapy(client, committed, therapy, **changes):
    therapy.refresh_from_db()
    data = therapy_form_data(therapy, **changes)
    data["edit_version_seen"] = changes.pop("edit_version_seen", therapy.edit_version)
    with committed():
        return client.post(change_url(therapy), data)


def ipt() -> Therapy:
    return Therapy.objects.get(slug="ipt")


# History and revert -----------------------------------------------------------


def test_every_save_is_recorded_with_who_and_what(editor_client, recorded_starter, committed):
    response = save_therapy(editor_client, committed, ipt(), sessions_max=20)
    assert response.status_code == 302
    latest = Version.objects.filter(object_id=str(ipt().pk), content_type__model="therapy").first()
    assert latest.action == "changed"
    assert latest.user_name == "edith"
    assert latest.data["sessions_max"] == 20
    page = text_of(editor_client.get(f"/admin/therapies/therapy/{ipt().pk}/history/"))
    assert "Most sessions (usual course): 16 → 20" in page
    assert "edith" in page


def test_inline_changes_appear_in_the_therapys_history(editor_client, recorded_starter, committed):
    with committed():
        citation = Citation.objects.filter(therapy=ipt(), fact="format").first()
        citation.note = "Edited note."
        citation.save()
    page = text_of(editor_client.get(f"/admin/therapies/therapy/{ipt().pk}/history/"))
    assert "Edited note." in page


def therapy_versions(therapy=None):
    therapy = therapy or ipt()
    return Version.objects.filter(content_type__model="therapy", object_id=str(therapy.pk))


def history_url(therapy) -> str:
    return f"/admin/therapies/therapy/{therapy.pk}/history/"


def undo(client, committed, therapy, save_id):
    with committed():
        return client.post(f"{history_url(therapy)}{save_id}/undo/", follow=True)


def restore(client, committed, therapy, save_id):
    with committed():
        return client.post(f"{history_url(therapy)}{save_id}/restore/", follow=True)


def test_history_reads_one_row_per_save_newest_first(editor_client, recorded_starter, committed):
    save_therapy(editor_client, committed, ipt(), sessions_max=20)
    response = editor_client.get(history_url(ipt()))
    rows = response.context["saves"]
    # The starter content (the therapy with its citations and uses) is one save.
    assert len(rows) == 2
    newest, first = rows
    assert [c.label for r in newest.records for c in r.changes] == ["Most sessions (usual course)"]
    assert first.creates_record
    page = text_of(response)
    assert "Most sessions (usual course): 16 → 20" in page
    # Not beside the save that created the record: there is nothing before it.
    assert response.content.decode().count(">Undo this change</button>") == 1


def test_undo_beside_a_change_puts_back_the_value_from_before_it(
    editor_client, client, recorded_starter, committed
):
    save_therapy(editor_client, committed, ipt(), sessions_max=20)
    assert "Usually 12 to 20 sessions" in text_of(client.get("/therapies/ipt/"))
    change = therapy_versions().first()
    response = undo(editor_client, committed, ipt(), change.save_id)
    assert "Undid the change of" in text_of(response)
    assert "Most sessions (usual course) back to “16”" in text_of(response)
    assert "Usually 12 to 16 sessions" in text_of(client.get("/therapies/ipt/"))
    newest = therapy_versions().first()
    assert newest.action == "reverted" and newest.user_name == "edith"
    assert "Most sessions (usual course): 20 → 16" in text_of(editor_client.get(history_url(ipt())))


def test_undo_of_an_older_save_keeps_the_later_saves(editor_client, recorded_starter, committed):
    save_therapy(editor_client, committed, ipt(), sessions_max=20)
    sessions_save = therapy_versions().first().save_id
    save_therapy(editor_client, committed, ipt(), summary="A newer summary.")
    undo(editor_client, committed, ipt(), sessions_save)
    assert ipt().sessions_max == 16
    assert ipt().summary == "A newer summary."


def test_undo_is_refused_when_a_later_save_changed_the_same_fact(
    editor_client, recorded_starter, committed
):
    save_therapy(editor_client, committed, ipt(), sessions_max=20)
    first = therapy_versions().first().save_id
    save_therapy(editor_client, committed, ipt(), sessions_max=18)
    count = Version.objects.count()
    response = undo(editor_client, committed, ipt(), first)
    page = text_of(response)
    assert "was not undone" in page
    assert "a later save changed the same facts since" in page
    assert "Most sessions (usual course)" in page
    assert ipt().sessions_max == 18
    assert Version.objects.count() == count


def test_an_undo_that_changes_nothing_says_so_and_records_nothing(
    editor_client, recorded_starter, committed
):
    save_therapy(editor_client, committed, ipt(), sessions_max=20)
    change = therapy_versions().first().save_id
    undo(editor_client, committed, ipt(), change)
    count = Version.objects.count()
    response = undo(editor_client, committed, ipt(), change)
    assert "Nothing to undo" in text_of(response)
    assert "Nothing was changed or recorded" in text_of(response)
    assert Version.objects.count() == count


def test_restore_as_after_a_save_undoes_every_later_save(
    editor_client, client, recorded_starter, committed
):
    save_therapy(editor_client, committed, ipt(), sessions_max=18)
    after_18 = therapy_versions().first().save_id
    save_therapy(editor_client, committed, ipt(), sessions_max=20, summary="Changed later.")
    response = restore(editor_client, committed, ipt(), after_18)
    assert "Restored as it was after the save of" in text_of(response)
    assert (ipt().sessions_max, ipt().summary) != (20, "Changed later.")
    assert ipt().sessions_max == 18
    assert "Usually 12 to 18 sessions" in text_of(client.get("/therapies/ipt/"))
    assert therapy_versions().first().action == "reverted"


def test_a_restore_that_changes_nothing_says_so_and_records_nothing(
    editor_client, recorded_starter, committed
):
    save_therapy(editor_client, committed, ipt(), sessions_max=18)
    newest = therapy_versions().first().save_id
    count = Version.objects.count()
    response = restore(editor_client, committed, ipt(), newest)
    assert "is already as it was after the save of" in text_of(response)
    assert Version.objects.count() == count


def test_undo_puts_back_a_deleted_citation_and_removes_an_added_one(
    editor_client, recorded_starter, committed
):
    citation = Citation.objects.filter(therapy=ipt(), fact="format").first()
    citation_pk = citation.pk
    with committed():
        citation.delete()
    deletion = Version.objects.filter(content_type__model="citation", action="deleted").first()
    undo(editor_client, committed, ipt(), deletion.save_id)
    assert Citation.objects.filter(pk=citation_pk, fact="format").exists()

    with committed():
        added = Citation.objects.create(therapy=ipt(), fact="origin", source=citation.source)
    addition = Version.objects.filter(content_type__model="citation").first()
    undo(editor_client, committed, ipt(), addition.save_id)
    assert not Citation.objects.filter(pk=added.pk).exists()


def test_undo_restores_links_between_records(editor_client, recorded_starter, committed):
    from articles.models import Article

    article = Article.objects.get()
    with committed():
        article.therapies.clear()
    cleared = Version.objects.filter(content_type__model="article").first()
    with committed():
        editor_client.post(f"/admin/articles/article/{article.pk}/history/{cleared.save_id}/undo/")
    assert set(article.therapies.values_list("slug", flat=True)) == {"ipt", "dit"}


def test_undo_and_restore_need_a_post_and_change_permission(
    editor, editor_client, recorded_starter
):
    version = therapy_versions().first()
    for action in ["undo", "restore"]:
        url = f"{history_url(ipt())}{version.save_id}/{action}/"
        assert editor_client.get(url).status_code == 405
    editor.groups.clear()
    assert editor_client.post(f"{history_url(ipt())}{version.save_id}/undo/").status_code == 403


def test_a_save_of_another_record_cannot_be_used(editor_client, recorded_starter, committed):
    dit = Therapy.objects.get(slug="dit")
    with committed():
        dit.summary = "Changed."
        dit.save()
    dit_save = therapy_versions(dit).first().save_id
    assert editor_client.post(f"{history_url(ipt())}{dit_save}/undo/").status_code == 404
    assert editor_client.post(f"{history_url(ipt())}no-such-save/undo/").status_code == 404


def test_history_of_200_saves_is_paginated_in_a_bounded_number_of_queries(
    editor_client, recorded_starter, committed
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def saves(n):
        therapy = ipt()
        for i in range(n):
            with committed():  # each its own transaction, so each is recorded
                therapy.sessions_max = 17 + i % 2
                therapy.save()

    def queries_for(url):
        with CaptureQueriesContext(connection) as captured:
            response = editor_client.get(url)
        assert response.status_code == 200
        return len(captured), response

    saves(20)
    few, _ = queries_for(history_url(ipt()))
    saves(180)
    many, response = queries_for(history_url(ipt()))
    # Session, user, the record, permissions (2), the page's saves (count and
    # slice), and their versions, each with the version before it.
    assert many == few == 8
    assert len(response.context["saves"]) == 20
    assert "Page 1 of 11 (201 saves)" in text_of(response)
    last, last_page = queries_for(history_url(ipt()) + "?page=11")
    # The starter save links to records of four kinds (therapy, condition,
    # source, school): their names cost one query per kind, not one per change.
    assert last == few + 4
    assert len(last_page.context["saves"]) == 1  # the starter content
    assert "Older saves" not in text_of(last_page) and "Newer saves" in text_of(last_page)


def test_deleting_a_record_is_recorded(recorded_starter, committed):
    with committed():
        Citation.objects.filter(therapy=ipt(), fact="format").delete()
    assert Version.objects.filter(content_type__model="citation", action="deleted").exists()


# No lost updates ----------------------------------------------------------------


def test_second_save_of_the_same_record_is_refused_and_keeps_the_input(
    editor, editor_client, recorded_starter, committed
):
    from django.test import Client

    from tests.conftest import HTTPS

    other = Client(headers={**HTTPS, "Host": "testserver"})
    other.force_login(editor)
    opened = ipt().edit_version  # both editors open the form now

    first = save_therapy(editor_client, committed, ipt(), sessions_max=20, edit_version_seen=opened)
    assert first.status_code == 302
    second = save_therapy(
        other, committed, ipt(), summary="A second editor wrote this summary.", sessions_max=16,
        edit_version_seen=opened,
    )  # fmt: skip
    assert second.status_code == 200
    body = text_of(second)
    assert "saved this record after you opened it" in body
    assert "Most sessions (usual course): “16” → “20”" in body
    assert "A second editor wrote this summary." in second.content.decode()  # input kept
    assert ipt().summary != "A second editor wrote this summary."  # not saved over the first

    # The form now carries the current version: saving again, after reading, goes through.
    seen = re.search(r'name="edit_version_seen" value="(\d+)"', second.content.decode()).group(1)
    third = save_therapy(
        other, committed, ipt(), summary="A second editor wrote this summary.", sessions_max=20,
        edit_version_seen=int(seen),
    )  # fmt: skip
    assert third.status_code == 302
    assert ipt().summary == "A second editor wrote this summary." and ipt().sessions_max == 20
    actions = Version.objects.filter(content_type__model="therapy", object_id=str(ipt().pk))
    assert actions.count() >= 3  # original, first editor, second editor


def test_a_colleagues_inline_change_also_counts_as_a_conflict(
    editor_client, recorded_starter, committed
):
    opened = ipt().edit_version
    with committed():
        citation = Citation.objects.filter(therapy=ipt(), fact="format").first()
        citation.note = "Changed by a colleague."
        citation.save()
        therapy = ipt()
        therapy.save()  # the admin saves the therapy with its inlines, bumping its version
    response = save_therapy(
        editor_client, committed, ipt(), summary="Mine.", edit_version_seen=opened
    )
    assert response.status_code == 200
    assert "saved this record after you opened it" in text_of(response)


# Review workflow ---------------------------------------------------------------


def test_admin_home_lists_reviews_due(editor_client, recorded_starter):
    Therapy.objects.filter(slug="dit").update(
        last_reviewed="2020-01-01", next_review_due="2021-01-01"
    )
    page = text_of(editor_client.get("/admin/"))
    assert "Reviews due" in page
    assert "Overdue since 1 Jan 2021" in page


def test_mark_reviewed_sets_date_and_reviewer_in_one_action(
    editor, editor_client, client, recorded_starter, committed
):
    editor.first_name, editor.last_name = "Edith", "Jones"
    editor.save()
    dit = Therapy.objects.get(slug="dit")
    with committed():
        response = editor_client.post(
            "/admin/therapies/therapy/",
            {"action": "mark_reviewed", "_selected_action": [dit.pk]},
        )
    assert response.status_code == 302
    dit.refresh_from_db()
    from django.utils import timezone

    assert dit.last_reviewed == timezone.localdate()
    assert dit.reviewer == "Edith Jones"
    assert f"Page last reviewed: {timezone.localdate():%-d %B %Y} by Edith Jones" in text_of(
        client.get("/therapies/dit/")
    )


@pytest.mark.parametrize(("model", "record"), [("route", "wales"), ("recommendation", "")])
def test_ways_to_get_help_and_recommendations_are_reviewed_and_undone_like_therapies(
    editor, editor_client, recorded_starter, committed, model, record
):
    from django.utils import timezone

    from therapies import starter
    from therapies.models import Recommendation, Route

    editor.first_name, editor.last_name = "Edith", "Jones"
    editor.save()
    if model == "route":
        target = Route.objects.get(key=record)
    else:
        target = Recommendation.objects.filter(condition__slug="depression").first()
    form = text_of(editor_client.get(f"/admin/therapies/{model}/{target.pk}/change/"))
    assert "Last reviewed" in form and "Next review due" in form and "Reviewer" in form
    with committed():
        editor_client.post(
            f"/admin/therapies/{model}/",
            {"action": "mark_reviewed", "_selected_action": [target.pk]},
        )
    target.refresh_from_db()
    assert (target.last_reviewed, target.reviewer) == (timezone.localdate(), "Edith Jones")
    assert f"{target.next_review_due:%-d %b %Y}" in text_of(
        editor_client.get(f"/admin/therapies/{model}/")
    )
    save_id = (
        Version.objects.filter(content_type__model=model, object_id=str(target.pk)).first().save_id
    )
    with committed():
        editor_client.post(f"/admin/therapies/{model}/{target.pk}/history/{save_id}/undo/")
    target.refresh_from_db()
    assert (target.last_reviewed, target.reviewer) == (starter.REVIEWED, starter.REVIEWER)
