import re

import pytest
from django.core.management import call_command

from history.models import Version
from tests.pages import text_of
from tests.therapies.test_admin import therapy_form_data
from therapies.models import Citation, Therapy

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded_starter(db, committed):
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


def test_revert_to_two_edits_ago_shows_on_the_next_request_and_is_recorded(
    editor_client, client, recorded_starter, committed
):
    save_therapy(editor_client, committed, ipt(), sessions_max=18)
    save_therapy(editor_client, committed, ipt(), sessions_max=20)
    assert "Usually 12 to 20 sessions" in text_of(client.get("/therapies/ipt/"))
    versions = list(Version.objects.filter(content_type__model="therapy", object_id=str(ipt().pk)))
    two_edits_ago = versions[2]  # newest first: 20, 18, the original
    assert two_edits_ago.data["sessions_max"] == 16
    with committed():
        response = editor_client.post(
            f"/admin/therapies/therapy/{ipt().pk}/history/{two_edits_ago.pk}/revert/"
        )
    assert response.status_code == 302
    assert "Usually 12 to 16 sessions" in text_of(client.get("/therapies/ipt/"))
    newest = Version.objects.filter(content_type__model="therapy", object_id=str(ipt().pk)).first()
    assert newest.action == "reverted" and newest.user_name == "edith"
    page = text_of(editor_client.get(f"/admin/therapies/therapy/{ipt().pk}/history/"))
    assert "Reverted to an earlier version" in page


def test_revert_restores_links_between_records(editor_client, recorded_starter, committed):
    from articles.models import Article

    article = Article.objects.get()
    original = Version.objects.filter(content_type__model="article").last()
    with committed():
        article.therapies.clear()
    with committed():
        editor_client.post(f"/admin/articles/article/{article.pk}/history/{original.pk}/revert/")
    assert set(article.therapies.values_list("slug", flat=True)) == {"ipt", "dit"}


def test_revert_needs_a_post_and_change_permission(editor, editor_client, client, recorded_starter):
    version = Version.objects.filter(content_type__model="therapy").first()
    url = f"/admin/therapies/therapy/{ipt().pk}/history/{version.pk}/revert/"
    assert editor_client.get(url).status_code == 405
    editor.groups.clear()
    assert editor_client.post(url).status_code == 403


def test_a_version_of_another_record_cannot_be_used(editor_client, recorded_starter):
    dit_version = Version.objects.filter(
        content_type__model="therapy", object_id=str(Therapy.objects.get(slug="dit").pk)
    ).first()
    url = f"/admin/therapies/therapy/{ipt().pk}/history/{dit_version.pk}/revert/"
    assert editor_client.post(url).status_code == 404


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
