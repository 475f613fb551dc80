from django.shortcuts import render

from articles.chooser.answers import NOT_SURE, SOMETHING_ELSE, profile_of, read_answers
from articles.chooser.marking import NO_MARKS, fits_most, marks
from articles.read_model import editorial_of
from common.caching import private, public
from common.jsonld import page_jsonld
from therapies.facts import Footnotes
from therapies.options import GroupView, groups_for, matching_groups, routes_for
from therapies.read_model import Knowledge, published_knowledge


def chooser_context(knowledge: Knowledge) -> dict:
    """The questions, and the conditions a reader can pick: every condition a
    guideline recommends options for, under the broader condition it is a kind of."""
    conditions = knowledge.with_recommendations()
    groups: dict[str, list] = {}
    for condition in conditions:
        label = condition.parent.name if condition.parent else ""
        groups.setdefault(label, []).append(condition)
    return {
        "questions": list(editorial_of(knowledge).questions),
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


@private  # it holds the reader's answers
def which_therapy_result(request):
    knowledge = published_knowledge(request)
    context = chooser_context(knowledge)
    read = read_answers(request.GET, context["questions"], context["conditions"])
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
    context.update(
        {
            "read": read,
            "chosen": read.chosen,
            "condition": condition,
            "population_note": population_note,
            "marked_groups": [marked(group, read) for group in groups],
            "preferences_given": bool(read.answers),
            "routes": routes_for(knowledge, footnotes),
            "footnotes": footnotes,
            "jsonld": page_jsonld(request, "WebPage", "Your options"),
        }
    )
    return render(request, "articles/chooser/which_therapy_result.html", context)


def marked(group: GroupView, read) -> dict:
    """The group's options in the guideline's order, each therapy marked with
    what fits the reader's answers and what may fit less well."""
    marked_views = {
        view.anchor: marks(profile_of(view.therapy), read.answers) if view.therapy else NO_MARKS
        for view in group.options
    }
    best = set(
        fits_most(
            {view.anchor: marked_views[view.anchor] for view in group.options if view.therapy}
        )
    )
    return {
        "group": group,
        "options": [{"view": view, "marks": marked_views[view.anchor]} for view in group.options],
        "fits_most": [view for view in group.options if view.anchor in best],
    }
