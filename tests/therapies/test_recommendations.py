"""Guideline recommendations as records, and "<condition>: your options" pages.

Expected orders and words are read from the data files the starter content
is loaded from (therapies/starter_data/guidelines/), so these tests follow
the data and fail when a page stops showing it as written there.
"""

import re
from html import unescape

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from tests.pages import form_data, text_of
from therapies import starter as data
from therapies.models import Recommendation, RecommendedOption, Therapy

pytestmark = pytest.mark.django_db

GROUPS = [
    (guideline["guideline"], group)
    for guideline in data.GUIDELINES
    for group in guideline["recommendations"]
]
CONDITIONS_WITH_OPTIONS = sorted({group["condition"] for _, group in GROUPS})
THERAPY_NAMES = {therapy["slug"]: therapy["name"] for therapy in data.THERAPIES}


def group_data(condition: str, population: str) -> dict:
    return next(
        group
        for _, group in GROUPS
        if (group["condition"], group["population"]) == (condition, population)
    )


def section_of(page: str, heading: str, next_heading: str | None) -> str:
    part = page.split(heading, 1)[1]
    return part.split(next_heading, 1)[0] if next_heading else part


def test_at_least_eight_conditions_have_recommendations_as_records():
    assert len(CONDITIONS_WITH_OPTIONS) >= 8
    assert Recommendation.objects.values("condition").distinct().count() >= 8


@pytest.mark.parametrize("slug", CONDITIONS_WITH_OPTIONS)
def test_every_condition_with_recommendations_lists_the_options_in_the_guidelines_order(
    client, slug
):
    page = text_of(client.get(f"/conditions/{slug}/"))
    groups = [group for _, group in GROUPS if group["condition"] == slug]
    assert "your options" in page
    body = page.split("Skip this question")[0]
    # After the heading list at the top, each group's own section, in order.
    start = body.index("These are the options NICE")
    for index, group in enumerate(groups):
        nxt = groups[index + 1]["population_name"] if index + 1 < len(groups) else "Sources"
        part = section_of(body[start:], group["population_name"], nxt)
        names = [option["name"] for option in group["options"]]
        found = [part.index(name) for name in names]
        assert found == sorted(found), f"{slug} {group['population']} not in the guideline's order"
        if group["in_order"]:
            assert f"NICE's option 1 of {len(names)}" in part


def test_unverified_options_say_so_and_verified_ones_do_not(client):
    page = text_of(client.get("/conditions/depression/"))
    more = section_of(page, "More severe depression Adults.", "Sources")
    assert "Antidepressant medication" in more
    unverified = [
        o for o in group_data("depression", "more-severe")["options"] if not o["verified"]
    ]
    assert unverified
    assert more.count("We could not check this option") == len(unverified)


def test_options_that_are_not_a_therapy_here_are_shown_as_what_they_are(client):
    html = client.get("/conditions/depression/").content.decode()
    page = text_of(client.get("/conditions/depression/"))
    assert "Medication Antidepressant medication" in page
    assert "A talking therapy together with medication Combination of individual CBT" in page
    # Never dressed as a therapy profile: no link to a therapy page.
    assert ">Antidepressant medication</h3>" in html


def test_nices_words_are_quoted_with_the_guideline_named(client):
    option = group_data("depression", "less-severe")["options"][1]
    page = text_of(client.get("/conditions/depression/"))
    words = " ".join(option["nice_words"].split())
    assert f"“{words}” NICE's words (NG222)" in page


def test_the_depression_options_begin_before_the_evidence_table(client):
    page = text_of(client.get("/conditions/depression/"))
    assert page.index("NICE's option 1 of") < page.index("The evidence for each therapy Therapies")


def test_a_broader_condition_is_a_way_in_to_its_kinds(client):
    page = text_of(client.get("/conditions/anxiety/"))
    assert "Find yours: kinds of anxiety" in page
    for name in ["Generalised anxiety disorder", "Panic disorder", "Social anxiety disorder"]:
        assert name in page
    assert "we cannot point you to a therapy" not in page.lower()


def test_a_kind_links_back_to_its_broader_condition(client):
    html = client.get("/conditions/panic-disorder/").content.decode()
    assert 'href="/conditions/anxiety/"' in html


def test_an_option_that_is_a_draft_therapy_is_shown_by_name_without_a_link(client, committed):
    cbt = Therapy.objects.get(slug="cbt")
    cbt.status = "draft"
    with committed():
        cbt.save()
    html = client.get("/conditions/depression/").content.decode()
    assert 'href="/therapies/cbt/"' not in html
    assert "Individual cognitive behavioural therapy (CBT)" in text_of(
        client.get("/conditions/depression/")
    )


def test_an_editors_new_order_is_the_pages_order(client, committed):
    group = Recommendation.objects.get(condition__slug="depression", slug="less-severe")
    first, second = list(group.options.all())[:2]
    with committed(), transaction.atomic():
        RecommendedOption.objects.filter(pk=first.pk).update(position=999)
        RecommendedOption.objects.filter(pk=second.pk).update(position=1)
        RecommendedOption.objects.filter(pk=first.pk).update(position=2)
        group.save()  # a save, as the admin's would be, refreshes every page
    part = section_of(
        text_of(client.get("/conditions/depression/")),
        "Less severe depression Adults.",
        "More severe depression Adults.",
    )
    assert part.index(second.name) < part.index(first.name)


def change_form(editor_client, group: Recommendation) -> tuple[str, dict]:
    url = f"/admin/therapies/recommendation/{group.pk}/change/"
    return url, form_data(editor_client.get(url))


def place_fields(data: dict, group: Recommendation) -> dict[str, str]:
    """Each option's name by the form field that holds its place."""
    names = {option.pk: option.name for option in group.options.all()}
    return {
        key.replace("-id", "-position"): names[int(value[0])]
        for key, value in data.items()
        if key.startswith("options-") and key.endswith("-id") and value[0]
    }


def test_an_editor_swaps_two_options_places_in_one_save(editor_client, client, committed):
    group = Recommendation.objects.get(condition__slug="panic-disorder")
    first, second = list(group.options.all())[:2]
    url, data = change_form(editor_client, group)
    fields = {name: key for key, name in place_fields(data, group).items()}
    data[fields[first.name]], data[fields[second.name]] = ["2"], ["1"]
    with committed():
        response = editor_client.post(url, data)
    assert response.status_code == 302, text_of(response)
    page = text_of(client.get("/conditions/panic-disorder/"))
    assert page.index(second.name) < page.index(first.name)


def test_two_options_given_one_place_are_refused_with_a_clear_message(editor_client):
    group = Recommendation.objects.get(condition__slug="panic-disorder")
    before = [(option.pk, option.position) for option in group.options.all()]
    first, second = list(group.options.all())[:2]
    url, data = change_form(editor_client, group)
    fields = {name: key for key, name in place_fields(data, group).items()}
    data[fields[second.name]] = [str(first.position)]
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert f"“{first.name}” already has place {first.position}" in text_of(response)
    assert [(option.pk, option.position) for option in group.options.all()] == before


def test_a_compare_link_names_each_therapy_once_and_opens(client):
    # OCD in adults: NICE's first two options are both CBT on this site.
    for slug in CONDITIONS_WITH_OPTIONS:
        html = client.get(f"/conditions/{slug}/").content.decode()
        for query, count in re.findall(
            r'<a href="/compare/\?([^"]+)">Compare the first (\d+) talking therapies', html
        ):
            therapies = re.findall(r"therapy=([\w-]+)", query)
            assert len(therapies) == len(set(therapies)) == int(count), (slug, query)
            assert client.get(f"/compare/?{unescape(query)}", follow=True).status_code == 200


def test_condition_page_query_count(client, read_models_loaded, django_assert_num_queries):
    # Everything comes from the read model: no query, however many options.
    read_models_loaded()
    with django_assert_num_queries(0):
        assert client.get("/conditions/depression/").status_code == 200


def test_a_condition_nobody_reads_about_is_not_found(client):
    # No recommendation, no published therapy uses it, NHS Talking Therapies does not list it.
    from therapies.models import Condition

    Condition.objects.create(name="Hidden condition", slug="hidden-condition")
    assert client.get("/conditions/hidden-condition/").status_code == 404


def test_the_api_gives_where_guidelines_recommend_each_therapy(client):
    data_ = client.get("/api/therapies/cbt/").json()
    places = {(r["condition"], r["population"]): r for r in data_["recommended"]}
    less = places["depression", "less-severe"]
    names = [o["name"] for o in group_data("depression", "less-severe")["options"]]
    assert less["place"] == names.index(less["name"]) + 1
    assert less["of"] == len(names) and less["guideline"] == "ng222"
    keys = {source["key"] for source in data_["sources"]}
    assert all(key in keys for entry in data_["recommended"] for key in entry["sources"])
    # The older field, kept: NICE's table rows, now read from the records.
    depression = next(c for c in data_["conditions"] if c["slug"] == "depression")
    assert depression["nice_tables"]["less_severe"]["rank"] == less["place"]


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_moves_the_old_tables_into_records():
    # From an empty database: today's content would not fit the older schema.
    from history import registry
    from history.models import Version

    for model in [*reversed(registry.content_models()), Version]:
        model._base_manager.all().delete()
    executor = MigrationExecutor(connection)
    before = [("therapies", "0011_recommendations")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Source = apps.get_model("therapies", "Source")
    School = apps.get_model("therapies", "School")
    Condition = apps.get_model("therapies", "Condition")
    TherapyOld = apps.get_model("therapies", "Therapy")
    Link = apps.get_model("therapies", "TherapyCondition")
    Source.objects.create(key="ng222", title="NG222", publisher="NICE", kind="guideline")
    school = School.objects.create(name="S", slug="s", description="d")
    depression = Condition.objects.create(name="Depression", slug="depression")
    common = {"school": school, "summary": "s", "focus": "recent_events", "provider_route": "any_trained",
                  "sessions_min": 8, "sessions_max": 16, "evidence_level": "strong", "evidence_summary": "e",
                  "last_reviewed": "2026-01-01", "next_review_due": "2027-01-01", "reviewer": "r"}  # fmt: skip
    for rank, (slug, name) in enumerate([("b", "Bee therapy"), ("a", "Ay therapy")], start=1):
        therapy = TherapyOld.objects.create(slug=slug, name=name, abbreviation=slug, **common)
        Link.objects.create(therapy=therapy, condition=depression, less_severe="listed",
                            less_severe_rank=rank, less_severe_note=f"row {rank}",
                            more_severe="listed")  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.migrate([("therapies", "0012_nice_tables_to_recommendations")])
    apps = executor.loader.project_state(
        [("therapies", "0012_nice_tables_to_recommendations")]
    ).apps
    Group = apps.get_model("therapies", "Recommendation")
    less = Group.objects.get(slug="less-severe")
    assert less.in_order
    assert [o.name for o in less.options.order_by("position")] == ["Bee therapy", "Ay therapy"]
    assert [o.note for o in less.options.order_by("position")] == ["row 1", "row 2"]
    more = Group.objects.get(slug="more-severe")
    # No rows known: alphabetical, and not claimed to be NICE's order.
    assert not more.in_order
    assert [o.name for o in more.options.order_by("position")] == ["Ay therapy", "Bee therapy"]
    assert not any(o.verified for o in more.options.all())
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
