"""What public pages know about articles, site pages and the chooser's
questions: the "editorial" part of the read model (therapies/read_model.py,
whose rules it follows: loaded with the rest once per content generation,
records shared by every request and never saved, editors' own with drafts).
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from articles.chooser.models import Question
from articles.chooser.questions_to_ask import BRAN_SOURCES
from articles.editorial.models import Article
from articles.pages.models import Page
from therapies.models import Source, Therapy
from therapies.read_model import Knowledge, make_read_only


@dataclass(frozen=True, eq=False)
class Editorial:
    articles: tuple[Article, ...]  # newest first
    pages: dict[str, Page]  # by slug
    questions: tuple[Question, ...]  # active ones, in order, with options and rules
    # The sources of the questions the chooser's summary suggests asking, in
    # the order questions_to_ask.py names them (those that exist).
    sources_for_questions: tuple[Source, ...] = ()
    # Every article's therapies by pk, drafts included: readers never see a
    # draft named, but an article about IPT, DIT and CBT is not "about IPT
    # and CBT" while DIT is a draft.
    therapies_of: dict[int, frozenset[int]] = field(default_factory=dict)

    def article(self, slug: str) -> Article | None:
        return next((article for article in self.articles if article.slug == slug), None)

    def covering_exactly(self, therapies) -> Article | None:
        """The newest article about exactly these therapies, no more, no fewer."""
        wanted = {therapy.pk for therapy in therapies}
        return next(
            (article for article in self.articles if self.therapies_of.get(article.pk) == wanted),
            None,
        )


def load(include_drafts: bool) -> Editorial:
    """Nine queries, whatever the number of articles."""
    if include_drafts:
        queryset = Article.objects.all().prefetch_related("sources", "therapies")
    else:
        # A published article about a draft therapy must not name it to readers.
        published = Prefetch("therapies", queryset=Therapy.objects.published())
        queryset = Article.objects.published().prefetch_related("sources", published)
    articles = tuple(queryset)
    therapies_of: dict[int, set[int]] = {}
    for article_pk, therapy_pk in Article.therapies.through.objects.values_list(
        "article_id", "therapy_id"
    ):
        therapies_of.setdefault(article_pk, set()).add(therapy_pk)
    pages = {page.slug: page for page in Page.objects.all()}
    questions = tuple(Question.objects.for_chooser())
    by_key = {source.key: source for source in Source.objects.filter(key__in=BRAN_SOURCES)}
    sources_for_questions = tuple(by_key[key] for key in BRAN_SOURCES if key in by_key)
    if not include_drafts:
        records: list[Any] = [*pages.values(), *sources_for_questions]
        for article in articles:
            records += [article, *article.sources.all(), *article.therapies.all()]
        for question in questions:
            records.append(question)
            for option in question.options.all():
                records += [option, *option.rules.all()]
        make_read_only(records)
    return Editorial(
        articles=articles,
        pages=pages,
        questions=questions,
        sources_for_questions=sources_for_questions,
        therapies_of={pk: frozenset(pks) for pk, pks in therapies_of.items()},
    )


def editorial_of(knowledge: Knowledge) -> Editorial:
    """The articles, pages and questions of a model (therapies/read_model.py)."""
    return knowledge.parts["editorial"]
