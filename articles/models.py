"""Articles: editorial prose in markdown, with live facts from the therapy records."""

import re

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from markdownx.models import MarkdownxField

from articles.chooser import ATTRIBUTES, OPERATORS, REASON_PLACEHOLDERS, unknown_placeholders
from articles.markdown import LIVE_FACT, fact_references, render_markdown
from history.models import EditVersioned
from therapies.facts import LIVE_FACTS, live_fact_help
from therapies.models import (
    Source,
    Status,
    Therapy,
    choices_constraint,
    review_order_constraint,
)


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


class Article(EditVersioned):
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
    # Required to publish, not to save a draft (see clean() and the constraint).
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="Needed before publishing. Readers see it."
    )
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text="Needed before publishing: after the last review, at most 3 years later.",
    )
    # Kept up to date on PostgreSQL only (see articles/search.py); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

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
        errors = {}
        problems = body_problems(self.body)
        if problems:
            errors["body"] = problems
        if self.status == Status.PUBLISHED:
            for name in ["last_reviewed", "next_review_due"]:
                if getattr(self, name) is None:
                    errors[name] = [
                        "Readers are shown when a published article was reviewed: fill this "
                        "in to publish, or save it as a draft for now."
                    ]
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def review_overdue(self) -> bool:
        return self.next_review_due is not None and self.next_review_due < timezone.localdate()


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


# Pages that a URL of the site renders by slug (/about/): without them the
# site answers 404, so the admin lets nobody delete them or change their slug.
REQUIRED_PAGES = {"about", "editorial-policy"}


class Page(EditVersioned):
    """A page of the site's own words that editors keep current, such as /about/."""

    slug = models.SlugField(
        max_length=40, unique=True, help_text="“about” is the editorial policy."
    )
    title = models.CharField(max_length=200)
    standfirst = models.TextField(max_length=400)
    body = MarkdownxField(help_text="Markdown. " + live_fact_help())
    body_html = models.TextField(editable=False, default="")
    contact_email = models.EmailField(
        blank=True, help_text="Where readers report mistakes. Shown on the page when filled in."
    )
    reviewer = models.CharField(max_length=120, help_text="Shown to readers.")
    last_reviewed = models.DateField()
    next_review_due = models.DateField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]
        constraints = [
            review_order_constraint("page"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def clean(self):
        problems = body_problems(self.body)
        if problems:
            raise ValidationError({"body": problems})

    @property
    def review_overdue(self) -> bool:
        return self.next_review_due < timezone.localdate()


# "Which therapy is for me?" -------------------------------------------------


class QuestionKind(models.TextChoices):
    CHOICE = "choice", "The reader picks one of this question's options"
    CONDITIONS = (
        "conditions",
        (
            "The reader picks a condition from the site's records; the rules of this "
            "question's first option apply to the condition they pick"
        ),
    )


class QuestionQuerySet(models.QuerySet):
    def for_chooser(self):
        """Active questions with their options and rules, in three queries."""
        return self.filter(is_active=True).prefetch_related(
            models.Prefetch("options", queryset=AnswerOption.objects.prefetch_related("rules"))
        )


class Question(EditVersioned):
    key = models.SlugField(
        max_length=40,
        unique=True,
        help_text="A short name used in the result's web address, for example “recent-change”. "
        "Changing it breaks results people have bookmarked.",
    )
    text = models.CharField(max_length=300, help_text="The question, in plain words.")
    hint = models.TextField(blank=True, help_text="Optional: a sentence that helps people answer.")
    kind = models.CharField(
        max_length=12, choices=QuestionKind.choices, default=QuestionKind.CHOICE
    )
    position = models.PositiveSmallIntegerField(default=100, help_text="Lower numbers come first.")
    is_active = models.BooleanField("show on the site", default=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [choices_constraint("kind", QuestionKind, "question")]

    def __str__(self):
        return self.text


class AnswerOption(EditVersioned):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=200, help_text="What the reader sees, for example “Yes”.")
    value = models.SlugField(
        max_length=40, help_text="A short name used in the result's web address, for example “yes”."
    )
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["question", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "value"],
                name="answeroption_unique_value",
                violation_error_message="Another option of this question already uses that short name.",
            )
        ]

    def __str__(self):
        return f"{self.question.key}: {self.label}"


class Rule(models.Model):
    """When a reader picks the option, therapies for which this holds gain (or lose) weight."""

    option = models.ForeignKey(AnswerOption, on_delete=models.CASCADE, related_name="rules")
    attribute = models.CharField(
        "therapy attribute",
        max_length=20,
        choices=[(key, f"{key}: {meaning}") for key, meaning in ATTRIBUTES.items()],
    )
    operator = models.CharField(max_length=12, choices=list(OPERATORS.items()))
    value = models.CharField(
        max_length=60,
        blank=True,
        help_text="What to compare with, for example “recent_events” or “8”. Leave empty to use "
        "the reader's answer (the condition they picked).",
    )
    weight = models.SmallIntegerField(
        help_text="From -5 to 5, not 0. Positive favours matching therapies; negative counts against them."
    )
    reason = models.CharField(
        max_length=300,
        help_text="A plain sentence shown to the reader when this rule applies. You can use "
        + ", ".join(f"{{{name}}} ({meaning})" for name, meaning in REASON_PLACEHOLDERS.items())
        + ".",
    )

    class Meta:
        ordering = ["option", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attribute__in=list(ATTRIBUTES)),
                name="rule_attribute_valid",
                violation_error_message="Choose one of the listed therapy attributes.",
            ),
            models.CheckConstraint(
                condition=Q(operator__in=list(OPERATORS)),
                name="rule_operator_valid",
                violation_error_message="Choose one of the listed comparisons.",
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=-5, weight__lte=5) & ~Q(weight=0),
                name="rule_weight_range",
                violation_error_message="The weight must be between -5 and 5, and not 0.",
            ),
        ]

    def __str__(self):
        return f"{self.attribute} {OPERATORS.get(self.operator, self.operator)} {self.value or '(answer)'}"

    def clean(self):
        unknown = unknown_placeholders(self.reason)
        if unknown:
            raise ValidationError(
                {
                    "reason": "Unknown placeholder "
                    + ", ".join(f"{{{name}}}" for name in unknown)
                    + ". Use one of: "
                    + ", ".join(f"{{{name}}}" for name in REASON_PLACEHOLDERS)
                    + "."
                }
            )
        if self.operator in {"at_most", "at_least"} and self.value:
            try:
                float(self.value)
            except ValueError:
                raise ValidationError({"value": "This comparison needs a number."}) from None


# Reports of mistakes ----------------------------------------------------------


class ReportStatus(models.TextChoices):
    OPEN = "open", "Open: not yet handled"
    CLOSED = "closed", "Closed"


class MistakeReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ReportStatus.OPEN)


class MistakeReport(models.Model):
    """A reader's report of a mistake on a page: the one thing a reader can
    choose to send us. Seen by editors only, never shown on the site."""

    page = models.CharField(
        max_length=300, help_text="The address of the page the reader was looking at."
    )
    message = models.TextField(max_length=2000, help_text="What the reader told us.")
    email = models.EmailField(
        blank=True, help_text="Only if the reader wants a reply. Use it for nothing else."
    )
    received_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    handled_by = models.ForeignKey(
        "auth.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Set when an editor closes the report.",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    editor_note = models.TextField(
        blank=True, help_text="What was checked or changed. Editors only; never shown to readers."
    )

    objects = MistakeReportQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = "report of a mistake"
        verbose_name_plural = "reports of mistakes"
        constraints = [choices_constraint("status", ReportStatus, "mistakereport")]

    def __str__(self):
        return f"{self.page}: {self.message[:60]}"

    def close(self, editor) -> None:
        self.status = ReportStatus.CLOSED
        self.handled_by = editor
        self.closed_at = timezone.now()
