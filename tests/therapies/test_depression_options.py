"""'Depression: your options': NICE's two tables (less and more severe), built
from each therapy's record, in NICE's order only where a source gives it."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.pages import text_of
from therapies.models import NiceTablePlace, Therapy, TherapyCondition

# NICE's order for less severe depression, as its visual summary gives it,
# for the therapies this site covers (rows 6 and 9 are exercise and SSRIs).
LESS_SEVERE_IN_NICE_ORDER = [
    (1, "Guided self-help (GSH)"),
    (2, "Group cognitive behavioural therapy (Group CBT)"),
    (3, "Group behavioural activation (Group BA)"),
    (4, "Cognitive behavioural therapy (CBT)"),
    (5, "Behavioural activation (BA)"),
    (7, "Mindfulness-based cognitive therapy (MBCT)"),
    (8, "Interpersonal therapy (IPT)"),
    (10, "Counselling for depression (Counselling)"),
    (11, "Dynamic interpersonal therapy (DIT)"),
]
MORE_SEVERE_ALPHABETICAL = [
    "Behavioural activation (BA)",
    "Cognitive behavioural therapy (CBT)",
    "Counselling for depression (Counselling)",
    "Dynamic interpersonal therapy (DIT)",
    "Interpersonal therapy (IPT)",
]


def section(page: str, title: str, until: str) -> str:
    return page.split(title, 1)[1].split(until, 1)[0]


def less_severe_part(page: str) -> str:
    return section(page, "If your depression is less severe", "If your depression is more severe")


def more_severe_part(page: str) -> str:
    return section(page, "If your depression is more severe", "Choose any two to four therapies")


def positions(text: str, names) -> list[int]:
    return [text.index(name) for name in names]


def test_less_severe_options_are_in_nices_order_with_their_rows(client, starter):
    part = less_severe_part(text_of(client.get("/conditions/depression/")))
    names = [name for _, name in LESS_SEVERE_IN_NICE_ORDER]
    found = positions(part, names)
    assert found == sorted(found), "not in NICE's order"
    for row, name in LESS_SEVERE_IN_NICE_ORDER:
        assert f"{name} Row {row} of NICE's table." in part
    assert "In NICE's order." in part


def test_more_severe_options_say_their_order_is_not_checked(client, starter):
    part = more_severe_part(text_of(client.get("/conditions/depression/")))
    found = positions(part, MORE_SEVERE_ALPHABETICAL)
    assert found == sorted(found)
    assert (
        "We have not yet checked NICE's order for this table, so these are in alphabetical" in part
    )
    # The one row a source gives is shown, without putting DIT at the top.
    assert "Dynamic interpersonal therapy (DIT) Row 7 of NICE's table." in part
    assert "Cognitive behavioural therapy (CBT) Its row in NICE's table: not checked yet." in part
    # Options we have not checked for more severe depression are left out, not guessed.
    for name in ["Group CBT", "Group BA", "Guided self-help", "MBCT"]:
        assert name not in part


def test_a_row_for_a_type_of_therapy_says_so(client, starter):
    page = text_of(client.get("/conditions/depression/"))
    assert "NICE's row is for its type of therapy, not for DIT by name." in less_severe_part(page)
    assert "NICE's row is for its type of therapy, not for MBCT by name." in less_severe_part(page)
    assert "not for CBT by name" not in page


def test_options_explain_choice_severity_and_how_to_get_each(client, starter):
    page = text_of(client.get("/conditions/depression/"))
    assert "You can choose an option lower down a table: NICE says that is a valid choice." in page
    assert "You can also say no to treatment." in page
    assert "Only a professional can say how severe your depression is" in page
    part = less_severe_part(page)
    for abbreviation in ["GSH", "Group CBT", "CBT", "IPT", "DIT"]:
        assert f"How to get {abbreviation}" in part
    assert "What NICE says: NICE lists it first." in part
    # Urgent help is on every page a reader may read about themselves.
    assert "urgent" in page.lower()


def test_compare_links_take_the_first_four_of_each_table(client, starter):
    html = client.get("/conditions/depression/").content.decode()
    assert (
        "/compare/?therapy=guided-self-help&amp;therapy=group-cbt&amp;therapy=group-ba"
        "&amp;therapy=cbt" in html
    )
    response = client.get(
        "/compare/?therapy=guided-self-help&therapy=group-cbt&therapy=group-ba&therapy=cbt"
    )
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_an_editors_rows_reorder_the_table(client, starter, committed):
    """Once every option has a row, the page follows the records, not the alphabet."""
    links = TherapyCondition.objects.filter(condition__slug="depression").exclude(
        more_severe=NiceTablePlace.NOT_CHECKED
    )
    rows = {"ipt": 1, "dit": 2, "counselling": 3, "ba": 4, "cbt": 5}
    with committed():
        for link in links:
            link.more_severe_rank = rows[link.therapy.slug]
            link.save()
    part = more_severe_part(text_of(client.get("/conditions/depression/")))
    assert "In NICE's order." in part
    names = [
        "Interpersonal therapy (IPT) Row 1",
        "Dynamic interpersonal therapy (DIT) Row 2",
        "Counselling for depression (Counselling) Row 3",
        "Behavioural activation (BA) Row 4",
        "Cognitive behavioural therapy (CBT) Row 5",
    ]
    found = positions(part, names)
    assert found == sorted(found)


def test_a_draft_therapy_is_not_an_option(client, starter, committed):
    with committed():
        Therapy.objects.filter(slug="group-cbt").update(status="draft")
    page = text_of(client.get("/conditions/depression/"))
    assert "Group cognitive behavioural therapy" not in page
    assert client.get("/therapies/group-cbt/").status_code == 404


def test_profile_gives_the_rows_and_links_to_all_the_options(client, starter):
    response = client.get("/therapies/cbt/")
    page = text_of(response)
    assert "NICE's tables : less severe, row 4; more severe, listed." in page
    assert 'href="/conditions/depression/#your-options"' in response.content.decode()
    dit = text_of(client.get("/therapies/dit/"))
    assert (
        "NICE's tables : less severe, row 11 as its type of therapy; "
        "more severe, row 7 as its type of therapy." in dit
    )


def test_api_gives_the_tables(client, starter):
    data = client.get("/api/therapies/dit/").json()
    depression = next(c for c in data["conditions"] if c["slug"] == "depression")
    assert depression["nice_tables"]["less_severe"] == {
        "place": "family_listed",
        "rank": 11,
        "note": depression["nice_tables"]["less_severe"]["note"],
    }
    assert depression["nice_tables"]["more_severe"]["rank"] == 7
    cbt = client.get("/api/therapies/cbt/").json()
    depression = next(c for c in cbt["conditions"] if c["slug"] == "depression")
    assert depression["nice_tables"]["more_severe"]["rank"] is None


def test_depression_page_query_count(
    client, starter, read_models_loaded, django_assert_num_queries
):
    # Everything the page shows is in the read model.
    read_models_loaded()
    with django_assert_num_queries(0):
        assert client.get("/conditions/depression/").status_code == 200


def test_other_conditions_have_no_severity_tables(client, starter):
    page = text_of(client.get("/conditions/anxiety/"))
    assert "If your depression is" not in page


def test_a_row_without_a_place_in_the_table_is_refused(starter):
    link = TherapyCondition.objects.get(therapy__slug="group-cbt", condition__slug="depression")
    link.more_severe_rank = 3  # but more_severe is "not checked"
    with pytest.raises(ValidationError, match="Give a row only for a therapy that is in NICE"):
        link.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        link.save()
