"""What public pages render from: the published content, loaded once per content generation.

The whole knowledge base is small (tens of therapies, hundreds of citations),
so each app process loads all of it in a fixed number of queries and every
request reads the same objects until content changes (history/generation.py
says when; after a change, a background thread loads the next model while
readers are answered from this one). A reader's page runs no query at all.

The records are Django model instances with every relation a page reads
already loaded (school, citations with their sources, uses for conditions
with their conditions and sources, a condition's guidelines). Other apps add
their part with `register_part` (articles: articles, pages, the chooser's
questions). The records are shared by every request in the process, so
nothing may change them: setting an attribute, saving or deleting one
raises `ReadOnlyRecord` (history/read_only.py).

Editors (staff) preview drafts: they get a model of their own, built for the
request and including drafts, and never the shared one.

`page(kind, *args)` keeps what a builder registered with `register_page`
makes of the model (a page's layout with holes, common/layout.py) for the
life of the model, so a reader's request only fills the holes in. When the
next model is loaded, the pages kept most recently are built again before it
replaces this one. Nothing a reader sends is ever part of what is kept, or
of its key beyond the address of a page that exists.
"""

import functools
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from history.generation import per_generation
from history.read_only import share
from therapies.claims import is_reviewed
from therapies.models import Condition, Therapy, TherapyCondition

logger = logging.getLogger(__name__)

# Rendered page bodies kept per model: every profile and condition page, and
# the comparisons most asked for (about 40 KB each).
MAX_KEPT = 400


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
    _kept: OrderedDict[tuple, Any] = field(default_factory=OrderedDict, repr=False)
    _kept_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

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

    def page(self, kind: str, *args: str) -> Any:
        """What the builder registered for `kind` (register_page) makes of this
        model and `args`, kept: a page's layout, rendered once per model."""
        return self.kept((kind, *args), lambda: _page_builders[kind](self, *args))

    def kept_keys(self) -> list[tuple]:
        """What is kept, least recently used first."""
        with self._kept_lock:
            return list(self._kept)

    def kept(self, key: tuple, build: Callable[[], Any]) -> Any:
        """What `build()` returns (HTML that depends only on the content, such
        as a profile's body), built once for this model and then reused.

        `key` names what it shows (a page and the records on it) and must
        never contain anything a reader sent but the address of a page that
        exists. The least recently used go first beyond MAX_KEPT, so the
        comparisons of many therapies (every pair, three and four) cannot
        fill the memory.
        """
        with self._kept_lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        # Built outside the lock: two threads may build the same value at
        # once; both are the same, and one is kept.
        value = build()
        with self._kept_lock:
            self._kept[key] = value
            while len(self._kept) > MAX_KEPT:
                self._kept.popitem(last=False)
        return value

    def _condition_order(self, slug: str) -> str:
        return self.conditions[slug].name.lower()


# Loaders of the other apps' parts of the model, and builders of kept pages,
# registered by the apps themselves (therapies never imports articles).
_part_loaders: dict[str, Callable[[bool], Any]] = {}
_page_builders: dict[str, Callable[..., Any]] = {}
# After a change, the pages kept most recently are rendered again before
# the new model replaces the old one, so no reader meets them unrendered.
PAGES_RENDERED_AHEAD = 60


def register_part(name: str, load_part: Callable[[bool], Any]) -> None:
    """`load_part(include_drafts)` is loaded with every model, as `parts[name]`."""
    _part_loaders[name] = load_part


def register_page(kind: str):
    """Decorator: `build(knowledge, *args)` makes what `knowledge.page(kind, *args)` keeps.

    It must depend on nothing but the model and its arguments: it is called
    again, without any request, for the next model.
    """

    def decorate(build: Callable[..., Any]) -> Callable[..., Any]:
        _page_builders[kind] = build
        return build

    return decorate


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


def refreshed(old: Knowledge) -> Knowledge:
    """The next model, with the pages most recently kept in `old` rendered again.

    A page that no longer exists (a therapy unpublished) is left out; one
    that fails is left to render on its first request (and fail there, where
    it is seen), rather than keep every reader on the old model.
    """
    new = load()
    for kind, *args in old.kept_keys()[-PAGES_RENDERED_AHEAD:]:
        try:
            new.page(kind, *args)
        except LookupError:
            continue
        except Exception:
            logger.exception("Could not render the %s page %s ahead", kind, args)
    return new


@per_generation(refresh=refreshed)
def published_knowledge() -> Knowledge:
    return load()


def published_for(request) -> Knowledge:
    """The shared model of published content, whoever asks (open data, feeds)."""
    return published_knowledge(request)


def knowledge_for(request) -> Knowledge:
    """The shared model of published content, or for an editor one with drafts."""
    if is_editor(request):
        knowledge = getattr(request, "_knowledge_with_drafts", None)
        if knowledge is None:
            knowledge = request._knowledge_with_drafts = load(include_drafts=True)
        return knowledge
    return published_for(request)
