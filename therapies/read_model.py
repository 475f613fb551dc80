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
from therapies.models import Condition, Therapy, TherapyCondition


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
    # What other apps add (register_part): articles, pages, the chooser's questions.
    parts: dict[str, Any] = field(default_factory=dict)
    _by_slug: dict[str, Therapy] = field(default_factory=dict, repr=False)

    def therapy(self, slug: str) -> Therapy | None:
        return self._by_slug.get(slug)

    def published(self) -> list[Therapy]:
        return [therapy for therapy in self.therapies if therapy.is_published]

    def conditions_with_published_therapies(self) -> list[Condition]:
        """Conditions at least one published therapy has an entry for, by name."""
        used = {
            link.condition.slug
            for therapy in self.published()
            for link in therapy.condition_links.all()
        }
        return [self.conditions[slug] for slug in sorted(used, key=self._condition_order)]

    def visible_condition(self, slug: str) -> Condition | None:
        """Editors preview every condition; readers those a published therapy is used for."""
        condition = self.conditions.get(slug)
        if condition is None or self.include_drafts:
            return condition
        published = self.conditions_with_published_therapies()
        return condition if condition in published else None

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

    Six queries, whatever the number of therapies, and the parts' own.
    """
    therapies = Therapy.objects.all() if include_drafts else Therapy.objects.published()
    loaded = tuple(therapies.with_facts())
    conditions = {
        condition.slug: condition
        for condition in Condition.objects.prefetch_related("guidelines").order_by("name")
    }
    if not include_drafts:
        for therapy in loaded:
            # An address cannot change while the model lives; reverse() costs
            # about 10 µs, and a chooser result asks for each one twice.
            therapy.get_absolute_url = functools.partial(str, therapy.get_absolute_url())
        make_read_only(records_of(loaded, conditions.values()))
    return Knowledge(
        therapies=loaded,
        conditions=conditions,
        include_drafts=include_drafts,
        parts={
            name: load_part(include_drafts)
            for name, load_part in (_part_loaders.items() if with_parts else [])
        },
        _by_slug={therapy.slug: therapy for therapy in loaded},
    )


def records_of(therapies: Iterable[Therapy], conditions: Iterable[Condition]) -> list:
    """Every record in the model, related ones included."""
    records: list = []
    for therapy in therapies:
        records += [therapy, therapy.school]
        for citation in therapy.citations.all():
            records += [citation, citation.source]
        for link in therapy.condition_links.all():
            # link.therapy is the shared record itself (Django's prefetch sets it).
            records += [link, link.condition, *link.sources.all()]
    for condition in conditions:
        records += [condition, *condition.guidelines.all()]
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
