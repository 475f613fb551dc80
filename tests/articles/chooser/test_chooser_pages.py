"""The chooser: what would you like help with, then NICE's options for it in
NICE's order, each marked with what fits the reader's answers."""

import logging
from urllib.parse import urlencode

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import AnswerOption, Question, Rule
from articles.starter import QUESTIONS
from tests.pages import text_of
from therapies import starter as data
from therapies.models import Recommendation, Therapy

pytestmark = pytest.mark.django_db
RESULT = "/which-therapy/result/"
GROUPS = {
    (group["condition"], group["population"]): group
    for guideline in data.GUIDELINES
    for group in guideline["recommendations"]
}


def option_names(html: str) -> list[str]:
    """The options' names as the page lists them, in its order."""
    import re

    return [
        re.sub(r"<[^>]+>", "", name).replace("&#x27;", "'").replace("&amp;", "&")
        for name in re.findall(r'<li class="card option"[^>]*>.*?<h3>(.*?)</h3>', html, re.S)
    ]


def names_in(condition: str, population: str) -> list[str]:
    return [option["name"] for option in GROUPS[condition, population]["options"]]


def test_form_asks_what_the_reader_wants_help_with_first_then_their_preferences(client):
    page = text_of(client.get("/which-therapy/"))
    texts = [question["text"] for question in QUESTIONS]
    positions = [page.index(text) for text in texts]
    assert positions == sorted(positions)
    assert texts[0] == "What would you like help with?"
    for name in [
        "Depression",
        "Panic disorder",
        "Post-traumatic stress disorder",
        "Bulimia nervosa",
    ]:
        assert name in page
    assert "Something else" in page and "I'm not sure" in page
    assert "Samaritans free on 116 123" in page and "NHS 111" in page and "999" in page
    assert "Nothing you answer is stored" in page


def test_form_works_as_a_plain_get_form(client):
    html = client.get("/which-therapy/").content.decode()
    assert '<form method="get" action="/which-therapy/result/"' in html
    assert "<script" not in html.split("</head>")[1]


def test_form_query_count(client, read_models_loaded, django_assert_num_queries):
    # Questions, options, rules and conditions are all in the read model.
    read_models_loaded()
    with django_assert_num_queries(0):
        assert client.get("/which-therapy/").status_code == 200


@pytest.mark.parametrize("population", ["less-severe", "more-severe"])
def test_depression_lists_nices_options_in_nices_order(client, population):
    html = client.get(RESULT, {"help-with": "depression", "severity": population}).content.decode()
    assert option_names(html) == names_in("depression", population)


def test_less_severe_with_every_answer_not_sure_gives_nices_order_and_no_winner(client):
    answers = {"help-with": "depression", "severity": "less-severe", "childhood": "not-sure",
               "past": "not-sure", "structure": "not-sure", "tasks": "not-sure"}  # fmt: skip
    response = client.get(RESULT, answers)
    assert option_names(response.content.decode()) == names_in("depression", "less-severe")
    page = text_of(response)
    assert "Guided self-help" in page.split("NICE's option 2")[0]
    assert "what fits most of what you said" not in page


def test_not_knowing_the_severity_shows_both_of_nices_lists(client):
    html = client.get(RESULT, {"help-with": "depression", "severity": "not-sure"}).content.decode()
    assert option_names(html) == names_in("depression", "less-severe") + names_in(
        "depression", "more-severe"
    )


def test_a_childhood_answer_marks_therapies_that_look_at_early_patterns_and_keeps_the_order(client):
    response = client.get(
        RESULT, {"help-with": "depression", "severity": "less-severe", "childhood": "yes"}
    )
    page = text_of(response)
    assert (
        "STPP looks at patterns of relating learned in childhood, which fits what you said" in page
    )
    assert option_names(response.content.decode()) == names_in("depression", "less-severe")
    # DIT, a form of short-term psychodynamic psychotherapy, is named on its card.
    card = page.split("What matters to you")[0].split("Short-term psychodynamic psychotherapy")[-1]
    assert "Dynamic interpersonal therapy (DIT)" in card


def test_a_recent_change_marks_every_therapy_that_works_on_the_present(client):
    page = text_of(
        client.get(
            RESULT, {"help-with": "depression", "severity": "less-severe", "recent-change": "yes"}
        )
    )
    for abbreviation in ["GSH", "Group CBT", "CBT", "BA", "IPT"]:
        assert f"{abbreviation} works on" in page, abbreviation
    assert "STPP works on" not in page


def test_an_upsetting_past_marks_the_past_as_fitting_less_well(client):
    page = text_of(
        client.get(
            RESULT, {"help-with": "depression", "severity": "less-severe", "past": "upsetting"}
        )
    )
    assert "which you said you find upsetting" in page
    assert (
        "STPP looks at patterns of relating learned in childhood, so it means talking about your past"
        in page
    )
    assert (
        "IPT works on recent life events and current relationships, so you would spend little time on the past"
        in page
    )


def test_more_severe_one_to_one_marks_group_options_and_says_which_fit_most(client):
    response = client.get(
        RESULT, {"help-with": "depression", "severity": "more-severe", "group": "one-to-one"}
    )
    page = text_of(response)
    assert option_names(response.content.decode()) == names_in("depression", "more-severe")
    assert "what fits most of what you said" in page
    assert (
        "(NICE's option"
        in page.split("what fits most of what you said")[1].split("Options above")[0]
    )


def test_recent_divorce_practical_and_short_marks_the_brief_form_with_what_it_is(client):
    answers = {"help-with": "depression", "severity": "less-severe", "recent-change": "yes",
               "structure": "structured", "sessions": "about-8"}  # fmt: skip
    page = text_of(client.get(RESULT, answers))
    assert "IPT can be done in 8 sessions. That is its brief form, not its usual course" in page
    assert "people who are unlikely to manage 16 sessions" in page


def test_prefers_a_group_marks_every_therapy_offered_in_a_group(client):
    page = text_of(
        client.get(RESULT, {"help-with": "depression", "severity": "less-severe", "group": "group"})
    )
    for abbreviation in ["Group CBT", "Group BA", "MBCT"]:
        assert f"{abbreviation} is offered in a group." in page


def test_changing_every_therapys_site_order_changes_no_result(client, committed):
    query = {
        "help-with": "depression",
        "severity": "more-severe",
        "childhood": "yes",
        "group": "one-to-one",
    }
    before = client.get(RESULT, query).content.decode()
    for position, therapy in enumerate(Therapy.objects.order_by("-position")):
        therapy.position = position
        with committed():
            therapy.save()
    after = client.get(RESULT, query).content.decode()
    assert option_names(after) == option_names(before)
    assert text_of_marks(after) == text_of_marks(before)


def text_of_marks(html: str) -> list[str]:
    import re

    return re.findall(r'<div class="marks">(.*?)</div>', html, re.S)


@pytest.mark.parametrize("answer", ["something-else", "not-sure"])
def test_something_else_or_not_sure_gets_an_honest_next_step(client, answer):
    page = text_of(client.get(RESULT, {"help-with": answer}))
    assert "Talk to your GP" in page
    assert "refer themselves to NHS Talking Therapies" in page
    assert "NICE's option 1" not in page


def test_the_risk_answer_yes_puts_urgent_help_first_and_folds_the_options(client):
    response = client.get(RESULT, {"risk": "yes", "help-with": "depression"})
    page = text_of(response).split("Skip to main content", 1)[1]
    assert page.index("Please talk to someone now") < page.index("Your options")
    assert "Samaritans free on 116 123" in page
    assert '<details class="later-results">' in response.content.decode()


def test_the_risk_answer_no_puts_the_options_first_and_help_compact(client):
    response = client.get(
        RESULT, {"risk": "no", "help-with": "depression", "severity": "less-severe"}
    )
    page = text_of(response)
    assert page.index("Need help now? Urgent help") < page.index("NICE's option 1")
    assert page.index("NICE's option 1") < page.index("Samaritans free on 116 123")


def test_result_always_says_it_is_not_a_diagnosis_and_that_the_choice_is_yours(client):
    page = text_of(client.get(RESULT, {"help-with": "depression"}))
    assert "This is not a diagnosis" in page
    assert "matters as much as the type of therapy" in page
    assert "Choosing is your right" in page


def test_result_keeps_answers_in_the_form_to_change_them(client):
    html = client.get(RESULT, {"childhood": "yes"}).content.decode()
    assert 'id="q-childhood-yes" name="childhood" value="yes" checked' in html


def test_a_draft_therapy_is_named_as_nices_option_but_not_linked(client, committed):
    dit = Therapy.objects.get(slug="dit")
    dit.status = "draft"
    with committed():
        dit.save()
    html = client.get(
        RESULT, {"help-with": "depression", "severity": "less-severe"}
    ).content.decode()
    assert 'href="/therapies/dit/"' not in html
    assert "Dynamic interpersonal therapy" not in text_of_marks(html)


def test_result_query_count(client, read_models_loaded, django_assert_num_queries):
    # The answers are marked against the read model: no query at all.
    read_models_loaded()
    with django_assert_num_queries(0):
        client.get(RESULT, {"childhood": "yes", "help-with": "depression", "sessions": "about-8"})


@pytest.mark.parametrize(
    "query",
    [
        {"childhood": "maybe"},
        {"childhood": ["yes", "no"]},
        {"childhood": "y" * 5000},
        {"help-with": "no-such-condition"},
        {"help-with": "<script>alert(1)</script>"},
    ],
)
def test_unreadable_answers_are_left_out_with_a_message(client, query):
    response = client.get(RESULT, query)
    assert response.status_code == 200
    assert "We could not read your answer to" in text_of(response)
    assert "<script>alert(1)" not in response.content.decode()


def test_unknown_parameters_are_ignored(client):
    response = client.get(RESULT, {"utm_source": "x", "childhood": "yes"})
    assert response.status_code == 200
    assert "We could not read" not in text_of(response)


ANSWERS = {question["key"]: [option[0] for option in question["options"]] for question in QUESTIONS}
ANSWERS["help-with"] = [
    *sorted({condition for condition, _ in GROUPS}),
    "something-else",
    "not-sure",
]


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.fixed_dictionaries(
        {}, optional={key: st.sampled_from([*values, ""]) for key, values in ANSWERS.items()}
    )
)
def test_for_every_answer_the_options_keep_the_guidelines_order(client, answers):
    html = client.get(RESULT + "?" + urlencode(answers)).content.decode()
    shown = option_names(html)
    condition = answers.get("help-with", "")
    groups = [g for (c, _), g in GROUPS.items() if c == condition]
    if not groups:
        assert shown == []
        return
    expected_lists = [[o["name"] for o in g["options"]] for g in groups]
    # Whatever groups apply, each is shown whole and in the guideline's order.
    position = 0
    while position < len(shown):
        match = next(
            names for names in expected_lists if shown[position : position + len(names)] == names
        )
        position += len(match)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["childhood", "past", "sessions", "help-with", "severity", "x", ""]),
            st.text(max_size=300),
        ),
        max_size=8,
    )
)
def test_any_query_string_gives_200_or_400_never_500(client, pairs):
    response = client.get(RESULT + "?" + urlencode(pairs))
    assert response.status_code in {200, 400}


def count_all_rows() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.parametrize("page", [RESULT, "/which-therapy/summary/"])
def test_the_chooser_stores_logs_and_sets_nothing(client, caplog, page):
    before = count_all_rows()
    secret = "bereavement-secret-answer"
    with caplog.at_level(logging.DEBUG):
        response = client.get(page, {"childhood": "yes", "help-with": secret, "past": secret})
    assert response.status_code == 200
    assert count_all_rows() == before
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    assert secret not in caplog.text
    assert "childhood=yes" not in caplog.text


def test_an_option_and_rule_added_by_an_editor_mark_the_next_result(editor_client, client):
    question = Question.objects.get(key="sessions")
    response = editor_client.post(
        "/admin/articles/answeroption/add/",
        {
            "question": question.pk,
            "label": "Only 4 or 5",
            "value": "four-or-five",
            "position": 5,
            "rules-TOTAL_FORMS": 1,
            "rules-INITIAL_FORMS": 0,
            "rules-0-attribute": "maintenance",
            "rules-0-operator": "equals",
            "rules-0-value": "false",
            "rules-0-fits": "on",
            "rules-0-reason": "{abbreviation} is a fixed, short course.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "Only 4 or 5" in text_of(client.get("/which-therapy/"))
    page = text_of(
        client.get(
            RESULT,
            {"help-with": "depression", "severity": "less-severe", "sessions": "four-or-five"},
        )
    )
    assert "GSH is a fixed, short course." in page


def test_a_rule_with_an_unknown_placeholder_is_refused_with_a_clear_message(editor_client):
    option = AnswerOption.objects.get(question__key="childhood", value="yes")
    response = editor_client.post(
        f"/admin/articles/answeroption/{option.pk}/change/",
        {
            "question": option.question_id,
            "label": option.label,
            "value": option.value,
            "position": option.position,
            "rules-TOTAL_FORMS": 1,
            "rules-INITIAL_FORMS": 0,
            "rules-0-attribute": "early_patterns",
            "rules-0-operator": "equals",
            "rules-0-value": "true",
            "rules-0-fits": "on",
            "rules-0-reason": "{abbreviation} costs {price}.",
        },
    )
    assert response.status_code == 200
    assert "Unknown placeholder {price}" in response.content.decode()
    assert not Rule.objects.filter(reason__contains="{price}").exists()


def test_structure_answers_mark_therapies_with_that_structure(client):
    page = text_of(
        client.get(
            RESULT,
            {"help-with": "depression", "severity": "less-severe", "structure": "structured"},
        )
    )
    assert "Group CBT has structured sessions that follow a plan towards goals." in page
    talk = text_of(
        client.get(
            RESULT,
            {"help-with": "depression", "severity": "less-severe", "structure": "talk-freely"},
        )
    )
    assert "Counselling has some structure, with room to talk freely." in talk
    assert "CBT follows a set plan, so there may be less room to talk freely." in talk


def test_every_condition_and_population_is_reachable_from_the_form(client):
    for (condition, population), group in GROUPS.items():
        assert Recommendation.objects.filter(condition__slug=condition, slug=population).exists()
        html = client.get(RESULT, {"help-with": condition, "severity": population}).content.decode()
        shown = option_names(html)
        names = [o["name"] for o in group["options"]]
        assert any(shown[i : i + len(names)] == names for i in range(len(shown))), (
            condition,
            population,
        )


def test_what_matters_shows_each_answer_with_the_options_it_fits_in_nices_order(client):
    answers = {"help-with": "depression", "severity": "less-severe", "group": "one-to-one",
               "past": "upsetting"}  # fmt: skip
    response = client.get(RESULT, answers)
    html = response.content.decode()
    section = text_of(response).split("What matters to you, option by option")[1]
    section = section.split("How well you get on with your therapist")[0]
    nice_order = names_in("depression", "less-severe")
    one_to_one = section.split("You said: “On my own")[1].split("How long you might wait")[0]
    fits = one_to_one.split("Fits: ")[1].split(".")[0].split(", ")
    fits_less = one_to_one.split("May fit less well: ")[1].split(".")[0].split(", ")
    assert fits == [name for name in nice_order if name in fits]
    assert all("Group" in name or "group" in name for name in fits_less)
    assert not any("Group" in name for name in fits)
    # Waiting is a trade-off readers weigh; we say plainly we have no figures.
    assert "We have no source that gives waiting times for each option" in section
    assert 'id="what-matters-title"' in html


def test_without_preferences_there_is_no_what_matters_section(client):
    page = text_of(client.get(RESULT, {"help-with": "depression", "severity": "less-severe"}))
    assert "What matters to you, option by option" not in page


def test_the_form_puts_the_preferences_under_what_matters_most(client):
    page = text_of(client.get("/which-therapy/"))
    heading = page.index("What matters most to you")
    assert page.index("Is the help for an adult") < heading
    assert heading < page.index("Do you feel your difficulties go back to your childhood?")


@pytest.mark.parametrize(
    "path",
    [
        "/conditions/depression/",
        RESULT + "?help-with=depression&severity=less-severe",
        "/conditions/ptsd/",
    ],
)
def test_the_decision_is_said_in_one_sentence(client, path):
    page = text_of(client.get(path))
    condition = "depression" if "depression" in path else "post-traumatic stress disorder"
    assert f"The decision: whether to have treatment for {condition}" in page


def card_of(html: str, name: str) -> str:
    """The option card whose heading is `name`."""
    import re

    for card in html.split('<li class="card option"')[1:]:
        heading = re.search(r"<h3>(.*?)</h3>", card, re.S)
        if heading and re.sub(r"<[^>]+>", "", heading.group(1)) == name:
            return card.split("</section>")[0]
    raise AssertionError(f"no card for {name}")


def test_a_therapy_nice_lists_twice_is_not_marked_on_how_it_is_given(client):
    # NICE's binge eating options 2 and 3 are group and individual CBT-ED: one
    # record on this site, given in a group or one to one. "On my own" must not
    # mark the group option as "offered one to one".
    answers = {"help-with": "binge-eating-disorder", "group": "one-to-one", "sessions": "about-8"}
    html = client.get(RESULT, answers).content.decode()
    group_option, individual = names_in("binge-eating-disorder", "all-ages")[1:3]
    for name in [group_option, individual]:
        card = card_of(html, name)
        assert "one to one" not in card.split("What fits what you said")[-1].lower() or (
            "What fits what you said" not in card
        )
        assert "sessions" not in "".join(card.split('class="marks"')[1:])
        assert "NICE lists CBT-ED more than once here" in card
    # Options named once each keep their marks.
    first = card_of(html, names_in("binge-eating-disorder", "all-ages")[0])
    assert "more than once" not in first


def test_what_matters_names_each_option_under_its_own_name(client):
    # OCD in adults: NICE's first two options are both CBT with ERP on this site.
    answers = {"help-with": "ocd", "age": "adults", "structure": "structured"}
    section = text_of(client.get(RESULT, answers)).split("What matters to you, option by option")[1]
    first, second = names_in("ocd", "adults")[:2]
    assert first in section and second in section


def test_the_page_says_in_nices_order_only_where_nice_gives_one(client):
    ordered = text_of(client.get(RESULT, {"help-with": "depression", "severity": "less-severe"}))
    assert "These are the options NICE recommends, in NICE's order" in ordered
    assert not GROUPS["ptsd", "adults"]["in_order"]
    unordered = text_of(client.get(RESULT, {"help-with": "ptsd", "structure": "structured"}))
    assert "in NICE's order" not in unordered
    assert "We could not find an order for them in NICE's text" in unordered
    summary = text_of(client.get("/which-therapy/summary/", {"help-with": "ptsd"}))
    assert "in NICE's order" not in summary


@pytest.mark.parametrize("risk", [["yes", "no"], ["no", "yes"], ["yes", ""]])
def test_a_yes_to_the_risk_question_counts_however_often_it_is_asked(client, risk):
    response = client.get(
        f"{RESULT}?{urlencode({'risk': risk, 'help-with': 'depression'}, doseq=True)}"
    )
    assert "Please talk to someone now" in text_of(response)


def test_12_to_16_sessions_marks_what_can_be_done_in_16_and_what_takes_more(client):
    answers = {"help-with": "anorexia-nervosa", "age": "adults", "sessions": "12-to-16"}
    html = client.get(RESULT, answers).content.decode()
    assert "close to what you said" not in html
    fpt = card_of(html, "Eating-disorder-focused focal psychodynamic therapy (FPT)")
    assert "more than 16" in fpt.split("What may fit less well")[1]
    assert "What fits what you said" not in fpt


def test_the_12_to_16_migration_changes_the_shipped_rule_and_not_an_edited_one(starter):
    from importlib import import_module

    migration = import_module(
        "articles.migrations.0016_sessions_12_to_16_marks_by_the_shortest_course"
    )
    option = AnswerOption.objects.get(question__key="sessions", value="12-to-16")
    fields = list(migration.OLD)

    def rules():
        return sorted(option.rules.values(*fields), key=lambda rule: rule["operator"])

    option.rules.all().delete()
    Rule.objects.create(option=option, **migration.OLD)
    migration.mark_by_the_shortest_course(apps, None)
    assert rules() == sorted([migration.FITS, migration.FITS_LESS], key=lambda r: r["operator"])
    migration.mark_by_the_longest_course(apps, None)
    assert rules() == [migration.OLD]

    edited = {**migration.OLD, "value": "10"}
    option.rules.all().delete()
    Rule.objects.create(option=option, **edited)
    migration.mark_by_the_shortest_course(apps, None)
    assert rules() == [edited]
