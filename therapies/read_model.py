"""What public pages render from: the published content, loaded once per content generation.

The whole knowledge base is small (tens of therapies, hundreds of citations),
so each app process loads all of it in a fixed number of queries and every
request reads the same objects until content changes (history/generation.py
says when). A reader's page runs no query at all.

The records are Django model instances with every relation a page reads
already loaded (school, citations with their sources, uses for conditions
with their conditions and sources, a condition's guidelines). Other apps add
their part with `register_part` (articles: articles, pages, the chooser's
questions). The records are shared by every request in the process, so
nothing may change them: setting an attribute, saving or deleting one
raises `ReadOnlyRecord` (history/read_only.py).

Two ways in: `knowledge_for(request)` in a view (editors, who preview
drafts, get a model of their own built for the request), and
`published_knowledge()` where there is no reader (feeds, sitemaps).
"""

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from history.generation import per_generation
from history.read_only import share
from therapies.claims import is_reviewed
from therapies.models import Condition, Recommendation, Route, Therapy, TherapyCondition


def make_read_only(records: Iterable) -> None:
    """Make each record refuse to change, be saved or be deleted (history/read_only.py)."""
    for record in records:
        share(record)


def is_editor(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


@dataclass(frozen=True, eq=False)
class Knowledge:
    therapies: tuple[Therapy, ...]  # in site order
    conditions: dict[str, Condition]  # every condition, by slug
    include_drafts: bool
    # Each condition's guideline recommendations, in the order of its page.
    recommendations: dict[str, tuple[Recommendation, ...]] = field(default_factory=dict)
    # The ways to get help, in the order readers see them.
    routes: tuple[Route, ...] = ()
    # What other apps add (register_part): articles, pages, the chooser's questions.
    parts: dict[str, Any] = field(default_factory=dict)
    _by_slug: dict[str, Therapy] = field(default_factory=dict, repr=False)
    _by_pk: dict[int, Therapy] = field(default_factory=dict, repr=False)

    def therapy(self, slug: str) -> Therapy | None:
        return self._by_slug.get(slug)

    def forms_of(self, therapy: Therapy) -> list[Therapy]:
        """The therapies in this model that are forms of this one (DIT of STPP)."""
        return [other for other in self.therapies if other.form_of_id == therapy.pk]

    def therapy_with_pk(self, pk: int | None) -> Therapy | None:
        """The therapy a record points at, if this model holds it (readers' models
        hold only published ones)."""
        return self._by_pk.get(pk) if pk is not None else None

    def published(self) -> list[Therapy]:
        return [therapy for therapy in self.therapies if therapy.is_published]

    def shown_conditions(self) -> list[Condition]:
        """The conditions readers have a page for, by name: those a guideline
        recommends options for, a published therapy is used for or NHS Talking
        Therapies treats, and the broader conditions they are kinds of."""
        shown = {
            link.condition.slug
            for therapy in self.published()
            for link in therapy.condition_links.all()
        }
        shown |= {slug for slug, groups in self.recommendations.items() if groups}
        shown |= {slug for slug, c in self.conditions.items() if c.talking_therapies}
        parents = [self.conditions[slug].parent for slug in shown]
        shown |= {parent.slug for parent in parents if parent is not None}
        return [self.conditions[slug] for slug in sorted(shown, key=self._condition_order)]

    def visible_condition(self, slug: str) -> Condition | None:
        """Editors preview every condition; readers those they have a page for."""
        condition = self.conditions.get(slug)
        if condition is None or self.include_drafts:
            return condition
        return condition if condition in self.shown_conditions() else None

    def with_recommendations(self) -> list[Condition]:
        """Conditions a guideline recommends options for, by name."""
        return [c for c in self.shown_conditions() if self.recommendations.get(c.slug)]

    def kinds_of(self, condition: Condition) -> list[Condition]:
        """The shown conditions that are kinds of this one, by name."""
        return [c for c in self.shown_conditions() if c.parent_id == condition.pk]

    def links_for(self, condition_slug: str) -> list[TherapyCondition]:
        """Every therapy's entry for one condition, in site order."""
        return [
            link
            for therapy in self.therapies
            for link in therapy.condition_links.all()
            if link.condition.slug == condition_slug
        ]

    def with_reviewed_evidence_for(self, condition_slug: str) -> list[Therapy]:
        """Therapies with evidence an editor reviewed for this condition (therapies/claims.py)."""
        return [
            link.therapy
            for link in self.links_for(condition_slug)
            if is_reviewed(link.evidence_level, link.guideline_status)
        ]

    def _condition_order(self, slug: str) -> str:
        return self.conditions[slug].name.lower()


# Loaders of the other apps' parts of the model, registered by the apps
# themselves (therapies never imports articles).
_part_loaders: dict[str, Callable[[bool], Any]] = {}


def register_part(name: str, load_part: Callable[[bool], Any]) -> None:
    """`load_part(include_drafts)` is loaded with every model, as `parts[name]`."""
    _part_loaders[name] = load_part


def load(include_drafts: bool = False, with_parts: bool = True) -> Knowledge:
    """Every therapy (published, or all for editors) with every fact a page
    prints, and the other apps' parts unless `with_parts` is false.

    A fixed number of queries, whatever the number of records, and the parts' own.
    """
    therapies = Therapy.objects.all() if include_drafts else Therapy.objects.published()
    loaded = tuple(therapies.with_facts())
    conditions = {
        condition.slug: condition
        for condition in Condition.objects.select_related("parent")
        .prefetch_related("guidelines", "sources", "search_terms")
        .order_by("name")
    }
    recommendations: dict[str, list[Recommendation]] = {}
    for group in Recommendation.objects.with_options():
        recommendations.setdefault(group.condition.slug, []).append(group)
    routes = tuple(Route.objects.prefetch_related("sources", "search_terms"))
    if not include_drafts:
        for therapy in loaded:
            # An address cannot change while the model lives; reverse() costs
            # about 10 µs, and a chooser result asks for each one twice.
            therapy.get_absolute_url = functools.partial(str, therapy.get_absolute_url())
        make_read_only(records_of(loaded, conditions.values(), recommendations.values()))
        make_read_only(
            [
                record
                for route in routes
                for record in [route, *route.sources.all(), *route.search_terms.all()]
            ]
        )
    return Knowledge(
        therapies=loaded,
        conditions=conditions,
        include_drafts=include_drafts,
        recommendations={slug: tuple(groups) for slug, groups in recommendations.items()},
        routes=routes,
        parts={
            name: load_part(include_drafts)
            for name, load_part in (_part_loaders.items() if with_parts else [])
        },
        _by_slug={therapy.slug: therapy for therapy in loaded},
        _by_pk={therapy.pk: therapy for therapy in loaded},
    )


def records_of(
    therapies: Iterable[Therapy],
    conditions: Iterable[Condition],
    recommendations: Iterable[list[Recommendation]],
) -> list:
    """Every record in the model, related ones included."""
    records: list = []
    for therapy in therapies:
        records += [therapy, therapy.school, *therapy.search_terms.all()]
        for citation in therapy.citations.all():
            records += [citation, citation.source]
        for link in therapy.condition_links.all():
            # link.therapy is the shared record itself (Django's prefetch sets it).
            records += [link, link.condition, *link.sources.all()]
    for condition in conditions:
        records += [condition, *condition.guidelines.all(), *condition.sources.all()]
        records += [*condition.search_terms.all()]
        if condition.parent is not None:
            records.append(condition.parent)
    for groups in recommendations:
        for group in groups:
            records += [group, group.guideline, group.condition, *group.sources.all()]
            records += [*group.if_you_wait_sources.all()]
            for option in group.options.all():
                records += [option, *option.sources.all()]
    return records


@per_generation
def published_knowledge() -> Knowledge:
    return load()


def knowledge_for(request) -> Knowledge:
    """The shared model of published content, or for an editor one with drafts."""
    if is_editor(request):
        knowledge = getattr(request, "_knowledge_with_drafts", None)
        if knowledge is None:
            knowledge = request._knowledge_with_drafts = load(include_drafts=True)
        return knowledge
    return published_knowledge(request)
