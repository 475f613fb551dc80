from urllib.parse import urlencode

from django.shortcuts import render

from articles.chooser.answers import NOT_SURE, SOMETHING_ELSE, profile_of, read_answers
from articles.chooser.marking import (
    NO_MARKS,
    TherapyProfile,
    fit_by_answer,
    fits_most,
    marks,
    without_delivery,
)
from articles.chooser.questions_to_ask import ABOUT_THE_OPTIONS, BRAN
from articles.models import QuestionKind
from articles.read_model import editorial_of
from common.caching import private, public
from common.jsonld import page_jsonld
from history.models import page_review
from therapies.facts import Footnotes
from therapies.options import (
    GroupView,
    RouteView,
    groups_for,
    matching_groups,
    reviewed_records,
    routes_for,
)
from therapies.read_model import Knowledge, published_knowledge


def chooser_context(knowledge: Knowledge) -> dict:
    """The questions, and the conditions a reader can pick: every condition a
    guideline recommends options for, under the broader condition it is a kind of."""
    conditions = knowledge.with_recommendations()
    groups: dict[str, list] = {}
    for condition in conditions:
        label = condition.parent.name if condition.parent else ""
        groups.setdefault(label, []).append(condition)
    questions = list(editorial_of(knowledge).questions)
    return {
        "questions": questions,
        # The form puts the preferences under "What matters most to you".
        "first_preference": next((q.key for q in questions if q.kind == QuestionKind.CHOICE), ""),
        "conditions": {condition.slug: condition.name for condition in conditions},
        # ("", those with no broader condition), then ("Anxiety", its kinds)...
        "condition_groups": sorted(groups.items(), key=lambda item: (item[0] != "", item[0])),
        "something_else": SOMETHING_ELSE,
        "not_sure": NOT_SURE,
    }


@public()
def which_therapy(request):
    context = {
        **chooser_context(published_knowledge(request)),
        "chosen": {},
        "jsonld": page_jsonld(request, "WebPage", "Which therapy might suit me?"),
    }
    return render(request, "articles/chooser/which_therapy.html", context)


def outcome(knowledge: Knowledge, query) -> dict:
    """What the reader's answers give: the result page and its printable summary
    show the same options, marked the same way, from this one function."""
    context = chooser_context(knowledge)
    read = read_answers(query, context["questions"], context["conditions"])
    condition = (
        knowledge.conditions.get(read.condition)
        if read.condition in context["conditions"]
        else None
    )
    footnotes = Footnotes()
    groups: list[GroupView] = []
    population_note = ""
    if condition is not None:
        groups, population_note = matching_groups(
            groups_for(knowledge, condition, footnotes), read.populations
        )
    routes = routes_for(knowledge, footnotes)
    # What the rules read about each option, once for the marks and "what matters".
    profiles = {
        anchor: profile for group in groups for anchor, profile in option_profiles(group).items()
    }
    context.update(
        {
            "read": read,
            "chosen": read.chosen,
            # The answers we could read, and nothing else the address carried.
            "answers_query": urlencode(read.chosen),
            "condition": condition,
            "population_note": population_note,
            "marked_groups": [marked(group, read, profiles) for group in groups],
            "nice_order": nice_order(groups),
            "what_matters": what_matters(groups, read, profiles),
            "preferences_given": bool(read.answers),
            "routes": routes,
            "footnotes": footnotes,
            "review": page_review(
                reviewed_records(groups, routes["england"] + routes["elsewhere"])
            ),
        }
    )
    return context


@private  # it holds the reader's answers
def which_therapy_result(request):
    context = outcome(published_knowledge(request), request.GET)
    context["jsonld"] = page_jsonld(request, "WebPage", "Your options")
    return render(request, "articles/chooser/which_therapy_result.html", context)


@private  # it holds the reader's answers
def which_therapy_summary(request):
    """The result on at most two printed pages, to take to an assessment."""
    knowledge = published_knowledge(request)
    context = outcome(knowledge, request.GET)
    # Numbered afresh, in the order the summary cites them, so its list holds
    # only what it cites: it leaves out the options' notes and their sources.
    footnotes = Footnotes()
    groups = [
        {**item, "refs": [footnotes.ref(ref.source) for ref in item["group"].refs]}
        for item in context["marked_groups"]
    ]
    routes = summary_routes(knowledge, footnotes)
    context.update(
        {
            "marked_groups": groups,
            "bran": BRAN,
            "bran_refs": [
                footnotes.ref(source) for source in editorial_of(knowledge).sources_for_questions
            ],
            "ask_about": options_to_ask_about(groups),
            "about_the_options": ABOUT_THE_OPTIONS,
            "routes": routes,
            "footnotes": footnotes,
            # The ways to get help elsewhere are named only, so their facts are not shown.
            "review": page_review(
                reviewed_records([item["group"] for item in groups], routes["england"])
            ),
        }
    )
    response = render(request, "articles/chooser/which_therapy_summary.html", context)
    # The meta tag asks the same; the header also covers a copy saved or shared.
    response["X-Robots-Tag"] = "noindex"
    return response


def summary_routes(knowledge: Knowledge, footnotes: Footnotes) -> dict:
    """The ways to get help in England with their sources, and the others by
    name and address only: the summary makes no claim about those, so cites
    nothing for them, and stays within two printed pages."""
    routes = routes_for(knowledge, Footnotes())
    return {
        "england": [
            RouteView(view.route, [footnotes.ref(ref.source) for ref in view.refs])
            for view in routes["england"]
        ],
        "elsewhere": [view.route for view in routes["elsewhere"]],
    }


def options_to_ask_about(marked_groups: list[dict]) -> list[str]:
    """The options to name in "Can I have ... here?": those that fit most of
    what the reader said, or else NICE's first option of each group."""
    names: list[str] = []
    for item in marked_groups:
        views = item["fits_most"] or item["group"].options[:1]
        names += [view.option.name for view in views if view.option.name not in names]
    return names


def nice_order(groups: list[GroupView]) -> str:
    """Whether NICE puts "all", "some" or "none" of the groups shown in an order:
    the page says "in NICE's order" only where it does."""
    ordered = [group.recommendation.in_order for group in groups]
    if ordered and all(ordered):
        return "all"
    return "some" if any(ordered) else "none"


def option_profiles(group: GroupView) -> dict[str, TherapyProfile]:
    """What the rules read about each option that is a therapy here, by its anchor.
    A therapy the guideline lists more than once in the group, given in different
    ways, is marked only on what does not depend on how it is given."""
    return {
        view.anchor: (
            without_delivery(profile_of(view.therapy))
            if group.lists_more_than_once(view.therapy)
            else profile_of(view.therapy)
        )
        for view in group.options
        if view.therapy
    }


def what_matters(groups: list[GroupView], read, profiles: dict[str, TherapyProfile]) -> list[dict]:
    """Each thing the reader said, with the options it fits and those it may fit
    less well, named as the guideline names them, in the guideline's order (an
    option with the same name in two groups is named once, where it first appears)."""
    by_name: dict[str, TherapyProfile] = {}
    for group in groups:
        for view in group.options:
            if view.anchor in profiles:
                by_name.setdefault(view.option.name, profiles[view.anchor])
    return [
        {"answer": fit.answer, "fits": list(fit.fits), "fits_less": list(fit.fits_less)}
        for fit in fit_by_answer(by_name, read.answers)
    ]


def marked(group: GroupView, read, profiles: dict[str, TherapyProfile]) -> dict:
    """The group's options in the guideline's order, each therapy marked with
    what fits the reader's answers and what may fit less well (`profiles`:
    option_profiles of every group shown)."""
    marked_views = {
        view.anchor: marks(profiles[view.anchor], read.answers)
        if view.anchor in profiles
        else NO_MARKS
        for view in group.options
    }
    therapies = [view.anchor for view in group.options if view.anchor in profiles]
    best = set(fits_most({anchor: marked_views[anchor] for anchor in therapies}))
    return {
        "group": group,
        "options": [
            {
                "view": view,
                "marks": marked_views[view.anchor],
                "listed_twice": view.therapy is not None
                and group.lists_more_than_once(view.therapy),
            }
            for view in group.options
        ],
        "fits_most": [view for view in group.options if view.anchor in best],
    }
