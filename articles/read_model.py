"""What public pages know about articles, site pages and the chooser's
questions, loaded once per content generation (as therapies/read_model.py
does for therapies, whose rules this follows: records shared by every
request, never saved, and editors get their own model with drafts).
"""

from dataclasses import dataclass
from typing import Any

from articles.chooser.models import Question
from articles.editorial.models import Article
from articles.pages.models import Page
from history.generation import per_generation
from therapies.read_model import is_editor, make_read_only


@dataclass(frozen=True, eq=False)
class Editorial:
    articles: tuple[Article, ...]  # newest first
    pages: dict[str, Page]  # by slug
    questions: tuple[Question, ...]  # active ones, in order, with options and rules

    def article(self, slug: str) -> Article | None:
        return next((article for article in self.articles if article.slug == slug), None)

    def covering_exactly(self, therapies) -> Article | None:
        """The newest article about exactly these therapies, no more, no fewer."""
        wanted = {therapy.pk for therapy in therapies}
        return next(
            (
                article
                for article in self.articles
                if {therapy.pk for therapy in article.therapies.all()} == wanted
            ),
            None,
        )


def load(include_drafts: bool = False) -> Editorial:
    """Seven queries, whatever the number of articles."""
    articles = Article.objects.all() if include_drafts else Article.objects.published()
    articles = tuple(articles.prefetch_related("sources", "therapies"))
    pages = {page.slug: page for page in Page.objects.all()}
    questions = tuple(Question.objects.for_chooser())
    if not include_drafts:
        records: list[Any] = [*pages.values()]
        for article in articles:
            records += [article, *article.sources.all(), *article.therapies.all()]
        for question in questions:
            records.append(question)
            for option in question.options.all():
                records += [option, *option.rules.all()]
        make_read_only(records)
    return Editorial(articles=articles, pages=pages, questions=questions)


@per_generation
def published_editorial() -> Editorial:
    return load()


def editorial_for(request) -> Editorial:
    """The shared model of published content, or for an editor one with drafts."""
    if is_editor(request):
        editorial = getattr(request, "_editorial_with_drafts", None)
        if editorial is None:
            editorial = request._editorial_with_drafts = load(include_drafts=True)
        return editorial
    return published_editorial(request)
