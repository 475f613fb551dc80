"""Articles: editorial prose in markdown, with live facts from the therapy records."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from markdownx.models import MarkdownxField

from articles.editorial.markdown import LIVE_FACT, fact_references, render_markdown
from history.models import (
    EditVersioned,
    Publishable,
    PublishableQuerySet,
    Reviewed,
    ReviewedQuerySet,
    Status,
    choices_constraint,
    review_order_constraint,
)
from therapies.facts import LIVE_FACTS, live_fact_help
from therapies.models import Source, Therapy


class MarkdownBody(models.Model):
    """A markdown body with live facts, rendered and sanitised once, on save.

    Shared by articles and the site's pages, so both refuse the same mistakes.
    """

    body = MarkdownxField(help_text="Markdown. " + live_fact_help())
    body_html = models.TextField(editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def clean(self):
        errors = self.problems()
        if errors:
            raise ValidationError(errors)

    def problems(self) -> dict[str, list[str]]:
        """Field name → messages; models with more rules add theirs."""
        problems = body_problems(self.body)
        return {"body": problems} if problems else {}


class ArticleQuerySet(PublishableQuerySet, ReviewedQuerySet):  # type: ignore[override]  # django-stubs types as_manager once per QuerySet base
    pass


class Article(MarkdownBody, Publishable, Reviewed, EditVersioned):
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="Used in the address, for example /articles/ipt-and-dit-are-they-the-same/.",
    )
    standfirst = models.TextField(
        max_length=400,
        help_text="One or two plain sentences under the title: what the reader will learn.",
    )
    therapies = models.ManyToManyField(
        Therapy,
        blank=True,
        related_name="articles",
        help_text="The therapies this article is about. An article about exactly two therapies "
        "is shown on their comparison page.",
    )
    sources = models.ManyToManyField(
        Source, blank=True, related_name="articles", help_text="Sources the article relies on."
    )
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Set automatically when first published."
    )
    updated_at = models.DateTimeField(auto_now=True)
    # These four are required to publish, not to save a draft (see problems()
    # and the constraints): a draft is often started before anyone checks it.
    author = models.CharField(
        max_length=120, blank=True, help_text="Needed before publishing. Shown to readers."
    )
    reviewer = models.CharField(
        max_length=120,
        blank=True,
        help_text="Who checked the facts. Needed before publishing. Shown to readers.",
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="Needed before publishing. Readers see it."
    )
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text="Needed before publishing: after the last review, at most 3 years later.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            choices_constraint("status", Status, "article"),
            review_order_constraint("article"),
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED)
                | Q(last_reviewed__isnull=False, next_review_due__isnull=False),
                name="article_published_reviewed",
                violation_error_message="A published article needs both review dates.",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | (~Q(author="") & ~Q(reviewer="")),
                name="article_published_credited",
                violation_error_message="A published article needs its author and reviewer.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article-detail", args=[self.slug])

    def problems(self) -> dict[str, list[str]]:
        errors = super().problems()
        if self.status == Status.PUBLISHED:
            for name, shown in PEOPLE_SHOWN_TO_READERS.items():
                if not getattr(self, name).strip():
                    errors[name] = [
                        f"Readers are shown {shown}: fill in the {name} to publish, or save "
                        "it as a draft for now."
                    ]
            for name in ["last_reviewed", "next_review_due"]:
                if getattr(self, name) is None:
                    errors[name] = [
                        "Readers are shown when a published article was reviewed: fill this "
                        "in to publish, or save it as a draft for now."
                    ]
        return errors


PEOPLE_SHOWN_TO_READERS = {
    "author": "who wrote a published article",
    "reviewer": "who checked the facts of a published article",
}

# About 8,000 words: far more than a page for readers should hold, and a bound
# on what each cached copy of a page costs in memory.
MAX_BODY_LENGTH = 50_000


def body_problems(text: str) -> list[str]:
    if len(text) > MAX_BODY_LENGTH:
        return [
            f"This text is {len(text):,} characters long; the most an article or page can "
            f"hold is {MAX_BODY_LENGTH:,}. Shorten it, or split it into two articles."
        ]
    return unknown_live_facts(text)


# Across lines too: a token split by a newline is still a token to check.
ANY_BRACES = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
LIVE_FACT_SYNTAX = (
    "write a live fact as {{ therapy.fact }} in lower case, for example {{ ipt.sessions }}."
)


def unknown_live_facts(text: str) -> list[str]:
    """A clear message for each live fact in the text that names no real therapy or fact."""
    references = fact_references(text)
    known_slugs = set(
        Therapy.objects.filter(slug__in={slug for slug, _ in references}).values_list(
            "slug", flat=True
        )
    )
    problems = [
        f"{{{{{inner}}}}}: {LIVE_FACT_SYNTAX}"
        for inner in ANY_BRACES.findall(text)
        if not LIVE_FACT.fullmatch("{{" + inner + "}}")
    ]
    # Braces left once the well-formed tokens are taken out are a stray half
    # or one token nested in another; either could be filled in unexpectedly.
    leftover = LIVE_FACT.sub("", text)
    if not problems and ("{{" in leftover or "}}" in leftover):
        problems.append(f"A “{{{{” or “}}}}” without its other half: {LIVE_FACT_SYNTAX}")
    for slug, key in references:
        token = f"{{{{ {slug}.{key} }}}}"
        if slug not in known_slugs:
            problems.append(f"{token}: there is no therapy with the web-address name “{slug}”.")
        elif key not in LIVE_FACTS:
            problems.append(
                f"{token}: “{key}” is not a fact we can show. Use one of: "
                + ", ".join(LIVE_FACTS)
                + "."
            )
    return problems
