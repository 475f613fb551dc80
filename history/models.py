"""Who changed what and when, for every content record, with revert.

Each committed change to a content record stores a full snapshot of it (a
Version). Per-field differences are computed between snapshots; reverting
applies an old snapshot and is itself recorded. Hand-written rather than a
library: it must work on Django 6.1 without warnings, under a strict CSP, and
alongside the edit-conflict check (EditVersioned).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone


class EditVersioned(models.Model):
    """Counts saves, so the admin can tell when a record changed after an editor opened it."""

    edit_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.edit_version = (self.edit_version or 0) + 1
        super().save(*args, **kwargs)


class Status(models.TextChoices):
    DRAFT = "draft", "Draft (only editors can see it)"
    PUBLISHED = "published", "Published"


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)


class Publishable(models.Model):
    """A record readers see only once an editor publishes it."""

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


def is_overdue(due: datetime.date | None, today: datetime.date | None = None) -> bool:
    """The one definition of an overdue review: the due date has passed.

    A record without a due date (a draft article not reviewed yet) is not overdue.
    """
    return due is not None and due < (today or timezone.localdate())


@dataclass(frozen=True)
class PageReview:
    """The review dates a page shows (templates/includes/_review.html)."""

    last_reviewed: datetime.date
    next_review_due: datetime.date
    reviewer: str  # empty when the records name different reviewers
    overdue: bool


def page_review(records: Iterable["Reviewed"]) -> PageReview | None:
    """The review of a page showing facts from several records.

    A page is only as current as its least recently checked part, so it gives
    the earliest last review and the earliest next review among them, and is
    overdue if any one is. It names a reviewer only when all have the same one:
    naming one would credit them with another's check. None without records
    (or with only undated drafts): there is no date to give.
    """
    dated = [
        (r.last_reviewed, r.next_review_due, r.reviewer)
        for r in records
        if r.last_reviewed is not None and r.next_review_due is not None
    ]
    if not dated:
        return None
    reviewers = {reviewer for _, _, reviewer in dated}
    next_review_due = min(due for _, due, _ in dated)
    return PageReview(
        last_reviewed=min(last for last, _, _ in dated),
        next_review_due=next_review_due,
        reviewer=reviewers.pop() if len(reviewers) == 1 else "",
        overdue=is_overdue(next_review_due),
    )


class ReviewedQuerySet(models.QuerySet):
    def review_overdue(self, today: datetime.date | None = None):
        return self.filter(next_review_due__lt=today or timezone.localdate())

    def review_due_within(self, days: int, today: datetime.date | None = None):
        """Overdue, or due in the next `days` days (the REVIEW_DUE_SOON_DAYS window)."""
        today = today or timezone.localdate()
        return self.filter(next_review_due__lte=today + datetime.timedelta(days=days))


class Reviewed(models.Model):
    """A record an editor checks on a cycle: `last_reviewed`, `next_review_due`, `reviewer`.

    Each model declares the three fields itself, because their rules differ (a
    draft article may have no dates yet); this gives them one meaning of "overdue".
    """

    class Meta:
        abstract = True

    # declared by each model
    last_reviewed: datetime.date | None
    next_review_due: datetime.date | None
    reviewer: str

    @property
    def review_overdue(self) -> bool:
        return is_overdue(self.next_review_due)


def choices_constraint(field: str, choices: type[models.TextChoices], model: str):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": choices.values}),
        name=f"{model}_{field}_valid",
        violation_error_message=f"Choose one of the listed options for “{field}”.",
    )


def review_order_constraint(model: str):
    return models.CheckConstraint(
        condition=Q(next_review_due__gt=models.F("last_reviewed")),
        name=f"{model}_review_order",
        violation_error_message="The next review must be after the last review.",
    )


class Action(models.TextChoices):
    CREATED = "created", "Created"
    CHANGED = "changed", "Changed"
    DELETED = "deleted", "Deleted"
    REVERTED = "reverted", "Reverted to an earlier version"


class Version(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(max_length=200)
    action = models.CharField(max_length=10, choices=Action.choices)
    data = models.JSONField(help_text="The record's fields after the change.")
    edit_version = models.PositiveIntegerField(null=True, blank=True)
    # A name, not a link to the user: history must survive moving content to
    # another database, and users leaving.
    user_name = models.CharField(max_length=150, blank=True)
    # Every version written by one save (a record and the records inside it,
    # saved from one admin form) shares this, so history reads one row per save.
    save_id = models.CharField(max_length=32, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="version_object")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=Action.values),
                name="version_action_valid",
                violation_error_message="Unknown action.",
            )
        ]

    def __str__(self):
        return f"{self.object_repr}: {self.get_action_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def model(self):
        return self.content_type.model_class()
