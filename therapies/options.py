"""A condition's options as a guideline recommends them, ready to print.

The condition page and the chooser show the same thing: for each population
(less severe depression; adults; children and young people), the guideline's
options in its order, each with what it is, the guideline's words, and, for a
therapy on this site, the evidence for this condition. Built here once, from
the read model, so the two pages can never disagree.
"""

from dataclasses import dataclass

from therapies.claims import UseClaim, claim_for_link
from therapies.facts import Footnotes, Reference
from therapies.models import (
    Condition,
    Nation,
    Recommendation,
    RecommendedOption,
    Route,
    Therapy,
)
from therapies.read_model import Knowledge


@dataclass(frozen=True)
class OptionView:
    option: RecommendedOption
    place: int  # 1 for the guideline's first option
    therapy: Therapy | None  # its page on this site, when the reader can see it
    claim: UseClaim | None  # the evidence for this condition, when we have reviewed it
    refs: list[Reference]
    forms: list[Therapy]  # therapies on this site that are forms of it

    @property
    def anchor(self) -> str:
        return f"option-{self.option.recommendation.slug}-{self.place}"


@dataclass(frozen=True)
class GroupView:
    recommendation: Recommendation
    options: list[OptionView]
    refs: list[Reference]
    wait_refs: list[Reference]  # the sources of what happens if you do not want treatment now

    @property
    def therapies(self) -> list[Therapy]:
        """The therapies on this site among the options, in the guideline's order,
        each once (a guideline may list one therapy given in two ways)."""
        therapies = [view.therapy for view in self.options if view.therapy is not None]
        return list(dict.fromkeys(therapies))

    def lists_more_than_once(self, therapy: Therapy) -> bool:
        return sum(1 for view in self.options if view.therapy == therapy) > 1


def groups_for(knowledge: Knowledge, condition: Condition, footnotes: Footnotes) -> list[GroupView]:
    """Every recommendation group for the condition, each option at its place."""
    return [
        group_view(knowledge, group, condition, footnotes)
        for group in knowledge.recommendations.get(condition.slug, ())
    ]


def group_view(
    knowledge: Knowledge, group: Recommendation, condition: Condition, footnotes: Footnotes
) -> GroupView:
    refs = [footnotes.ref(source) for source in group.sources.all()]
    options = []
    for place, option in enumerate(group.options.all(), start=1):
        therapy = knowledge.therapy_with_pk(option.therapy_id)
        options.append(
            OptionView(
                option=option,
                place=place,
                therapy=therapy,
                claim=claim_for(therapy, condition) if therapy else None,
                refs=[footnotes.ref(source) for source in option.sources.all()],
                forms=knowledge.forms_of(therapy) if therapy else [],
            )
        )
    # Numbered after the options: the page shows it after them.
    wait_refs = [footnotes.ref(source) for source in group.if_you_wait_sources.all()]
    return GroupView(group, options, refs, wait_refs)


def claim_for(therapy: Therapy, condition: Condition) -> UseClaim | None:
    link = next(
        (link for link in therapy.condition_links.all() if link.condition_id == condition.pk),
        None,
    )
    return claim_for_link(link) if link else None


def matching_groups(groups: list[GroupView], answers: list[str]) -> tuple[list[GroupView], str]:
    """The groups that apply to what the reader said about themselves, in the
    condition's order, and a note when an answer matched no group.

    Each answer is a group's web-address name ("less-severe") or an age group
    ("adults", "children-young-people"); "not-sure" and unknown values narrow
    nothing. An answer that would leave no group narrows nothing either: the
    reader sees every group, told why, rather than nothing.
    """
    note = ""
    for answer in answers:
        narrowed = [group for group in groups if answers_match(group.recommendation, answer)]
        if narrowed:
            groups = narrowed
        elif answer in AGE_ANSWERS:
            note = (
                f"NICE's options here are not written for {AGE_ANSWERS[answer]}, so these are "
                "the ones it gives. Ask your GP which apply to you."
            )
    return groups, note


# The chooser's age answers, and who they are about.
AGE_ANSWERS = {
    "adults": "adults",
    "children-young-people": "children and young people",
}


def answers_match(group: Recommendation, answer: str) -> bool:
    if answer == group.slug:
        return True
    if answer in AGE_ANSWERS:
        return group.ages in {answer.replace("-", "_"), "everyone"}
    return False


@dataclass(frozen=True)
class RouteView:
    route: Route
    refs: list[Reference]


def routes_for(knowledge: Knowledge, footnotes: Footnotes) -> dict[str, list[RouteView]]:
    """The ways to get help, in England first and then elsewhere, each with its sources."""
    views = [
        RouteView(route, [footnotes.ref(source) for source in route.sources.all()])
        for route in knowledge.routes
    ]
    return {
        "england": [view for view in views if view.route.nation == Nation.ENGLAND],
        "elsewhere": [view for view in views if view.route.nation != Nation.ENGLAND],
    }


def reviewed_records(
    groups: list[GroupView], routes: list[RouteView]
) -> list[Recommendation | Therapy | Route]:
    """The records whose facts these groups and routes show, for the page's
    review dates (history.models.page_review): each group, each therapy an
    option links to (its evidence and sessions are on the card) and each way
    to get help."""
    return [
        *(group.recommendation for group in groups),
        *(therapy for group in groups for therapy in group.therapies),
        *(view.route for view in routes),
    ]
