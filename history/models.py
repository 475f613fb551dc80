"""Who changed what and when, for every content record, with revert.

Each committed change to a content record stores a full snapshot of it (a
Version). Per-field differences are computed between snapshots; reverting
applies an old snapshot and is itself recorded. Hand-written rather than a
library: it must work on Django 6.1 without warnings, under a strict CSP, and
alongside the edit-conflict check (EditVersioned).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class EditVersioned(models.Model):
    """Counts saves, so the admin can tell when a record changed after an editor opened it."""

    edit_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.edit_version = (self.edit_version or 0) + 1
        super().save(*args, **kwargs)


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
