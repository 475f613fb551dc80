"""Articles: editorial prose in markdown, with live facts from the therapy records."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from markdownx.models import MarkdownxField

from articles.markdown import LIVE_FACT, fact_references, render_markdown
from therapies.facts import LIVE_FACTS, live_fact_help
from therapies.models import Source, Status, Therapy, choices_constraint


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        if user.is_authenticated and user.is_staff:
            return self
        return self.published()

    def covering_exactly(self, therapies):
        """Articles about exactly these therapies, no more and no fewer."""
        ids = [therapy.pk for therapy in therapies]
        return self.annotate(
            covered=Count("therapies", distinct=True),
            matching=Count("therapies", filter=Q(therapies__in=ids), distinct=True),
        ).filter(covered=len(ids), matching=len(ids))


class Article(models.Model):
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
    body = MarkdownxField(help_text="Markdown. " + live_fact_help())
    body_html = models.TextField(editable=False, default="")
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
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Set automatically when first published."
    )
    updated_at = models.DateTimeField(auto_now=True)
    author = models.CharField(max_length=120, help_text="Shown to readers.")
    reviewer = models.CharField(
        max_length=120, help_text="Who checked the facts. Shown to readers."
    )
    last_reviewed = models.DateField()
    next_review_due = models.DateField(help_text="At most 3 years after the last review.")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            choices_constraint("status", Status, "article"),
            models.CheckConstraint(
                condition=Q(next_review_due__gt=models.F("last_reviewed")),
                name="article_review_order",
                violation_error_message="The next review must be after the last review.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article-detail", args=[self.slug])

    def clean(self):
        problems = unknown_live_facts(self.body)
        if problems:
            raise ValidationError({"body": problems})

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def review_overdue(self) -> bool:
        return self.next_review_due < timezone.localdate()


ANY_BRACES = re.compile(r"\{\{(.*?)\}\}")


def unknown_live_facts(text: str) -> list[str]:
    """A clear message for each live fact in the text that names no real therapy or fact."""
    references = fact_references(text)
    known_slugs = set(
        Therapy.objects.filter(slug__in={slug for slug, _ in references}).values_list(
            "slug", flat=True
        )
    )
    problems = [
        f"{{{{{inner}}}}}: write a live fact as {{{{ therapy.fact }}}} in lower case, "
        "for example {{ ipt.sessions }}."
        for inner in ANY_BRACES.findall(text)
        if not LIVE_FACT.fullmatch("{{" + inner + "}}")
    ]
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
