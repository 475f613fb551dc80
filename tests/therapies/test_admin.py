import re

import pytest
from django.contrib.auth.models import Group

from tests.pages import text_of
from therapies.models import Therapy

pytestmark = pytest.mark.django_db


def therapy_form_data(therapy: Therapy, **changes) -> dict:
    """The admin change form as an editor would submit it, with no inline changes."""
    data = {
        field: getattr(therapy, field)
        for field in [
            "name", "abbreviation", "slug", "status", "position", "summary", "origin", "influences",
            "focus", "focus_detail", "sessions_like", "format", "provider_route",
            "provider_background", "provider_detail", "sessions_min", "sessions_max",
            "duration_detail", "maintenance_detail", "evidence_level", "evidence_summary",
            "reviewer", "structure", "homework", "suits", "may_not_suit", "nhs_step",
            "nhs_detail", "register_name", "register_url", "brief_detail",
        ]
    }  # fmt: skip
    data.update(
        school=therapy.school_id,
        form_of=therapy.form_of_id or "",
        min_supervised_hours=therapy.min_supervised_hours or "",
        weeks_min=therapy.weeks_min or "",
        weeks_max=therapy.weeks_max or "",
        brief_sessions=therapy.brief_sessions or "",
        last_reviewed=therapy.last_reviewed.isoformat(),
        next_review_due=therapy.next_review_due.isoformat(),
    )
    data.update(
        session_minutes_min=therapy.session_minutes_min or "",
        session_minutes_max=therapy.session_minutes_max or "",
    )
    for flag in ["maintenance", "one_to_one", "in_a_group", "online", "by_phone"]:
        if getattr(therapy, flag):
            data[flag] = "on"
    # The sources chosen beside each fact, as the form shows them.
    for citation in therapy.citations.all():
        data.setdefault(f"sources_{citation.fact}", []).append(citation.source_id)
    for prefix, related in [("condition_links", "condition_links"), ("citations", "citations")]:
        rows = list(getattr(therapy, related).all())
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = len(rows)
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = row.pk
            data[f"{prefix}-{i}-therapy"] = therapy.pk
            if related == "citations":
                data.update({f"{prefix}-{i}-fact": row.fact, f"{prefix}-{i}-source": row.source_id})
                data[f"{prefix}-{i}-note"] = row.note
            else:
                data.update(
                    {
                        f"{prefix}-{i}-condition": row.condition_id,
                        f"{prefix}-{i}-evidence_level": row.evidence_level,
                        f"{prefix}-{i}-guideline_status": row.guideline_status,
                        f"{prefix}-{i}-evidence_note": row.evidence_note,
                        f"{prefix}-{i}-guideline_note": row.guideline_note,
                    }
                )
                data[f"{prefix}-{i}-sources"] = [s.pk for s in row.sources.all()]
    terms = list(therapy.search_terms.all())
    data["search_terms-TOTAL_FORMS"] = len(terms)
    data["search_terms-INITIAL_FORMS"] = len(terms)
    for i, term in enumerate(terms):
        data.update({f"search_terms-{i}-id": term.pk, f"search_terms-{i}-therapy": therapy.pk})
        data[f"search_terms-{i}-words"] = term.words
    data.update(changes)
    return data


def test_editor_changes_ipt_session_range_and_the_profile_shows_it(editor_client, client, starter):
    ipt = Therapy.objects.get(slug="ipt")
    url = f"/admin/therapies/therapy/{ipt.pk}/change/"
    assert editor_client.get(url).status_code == 200
    response = editor_client.post(url, therapy_form_data(ipt, sessions_min=10, sessions_max=18))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Usually 10 to 18 sessions" in client.get("/therapies/ipt/").content.decode()


def test_editor_sees_a_clear_message_for_an_upside_down_range(editor_client, starter):
    ipt = Therapy.objects.get(slug="ipt")
    url = f"/admin/therapies/therapy/{ipt.pk}/change/"
    response = editor_client.post(url, therapy_form_data(ipt, sessions_min=20, sessions_max=10))
    assert response.status_code == 200
    assert (
        "“Fewest sessions (usual course)” (20) is more than “Most sessions (usual course)” (10)"
        in (text_of(response))
    )
    ipt.refresh_from_db()
    assert (ipt.sessions_min, ipt.sessions_max) == (12, 16)


def test_editor_cannot_open_user_or_group_management(editor_client):
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get("/admin/auth/group/").status_code == 403


def test_editor_cannot_delete_a_therapy(editor_client, starter):
    ipt = Therapy.objects.get(slug="ipt")
    assert editor_client.get(f"/admin/therapies/therapy/{ipt.pk}/delete/").status_code == 403


def test_editors_group_has_only_content_permissions():
    group = Group.objects.get(name="Editors")
    apps = set(group.permissions.values_list("content_type__app_label", flat=True))
    assert apps <= {"therapies", "articles"}
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"change_therapy", "add_citation", "change_source"} <= codenames
    assert "delete_therapy" not in codenames


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/therapies/therapy/",
        "/admin/therapies/therapy/?review=overdue",
        "/admin/therapies/therapy/add/",
        "/admin/therapies/source/",
        "/admin/therapies/condition/",
        "/admin/therapies/school/",
    ],
)
def test_editor_admin_pages_open(editor_client, starter, url):
    assert editor_client.get(url).status_code == 200


def test_therapy_list_in_admin_flags_overdue_reviews(editor_client, starter):
    Therapy.objects.filter(slug="dit").update(
        last_reviewed="2020-01-01", next_review_due="2021-01-01"
    )
    body = editor_client.get("/admin/therapies/therapy/").content.decode()
    assert len(re.findall(r"Overdue", body)) == 1
    assert ">Interpersonal therapy</a>" in body
    body = editor_client.get("/admin/therapies/therapy/?review=overdue").content.decode()
    assert ">Dynamic interpersonal therapy</a>" in body
    assert ">Interpersonal therapy</a>" not in body


def test_readers_are_sent_to_the_login_page(client):
    response = client.get("/admin/therapies/therapy/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_saving_a_therapy_keeps_the_sources_of_every_fact(editor_client, starter, committed):
    ipt = Therapy.objects.get(slug="ipt")
    before = sorted(ipt.citations.values_list("fact", "source__key"))
    assert ("nhs", "cnwl-talking-therapies") in before and ("private", "iptuk") in before
    with committed():
        response = editor_client.post(
            f"/admin/therapies/therapy/{ipt.pk}/change/", therapy_form_data(ipt)
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sorted(ipt.citations.values_list("fact", "source__key")) == before


def test_editors_can_open_every_kind_of_content_they_keep(editor_client, starter):
    # Models added after the Editors group was made once had no permissions:
    # editors could not open the guideline recommendations or ways to get help.
    from django.contrib import admin

    from history import registry

    for model in registry.content_models():
        if model not in admin.site._registry:
            continue  # edited inline, on its parent's page
        meta = model._meta
        changelist = f"/admin/{meta.app_label}/{meta.model_name}/"
        assert editor_client.get(changelist).status_code == 200, changelist
        record = model._default_manager.first()
        if record is not None:
            change = f"{changelist}{record.pk}/change/"
            assert editor_client.get(change).status_code == 200, change
