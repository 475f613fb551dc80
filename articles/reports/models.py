"""Readers' reports of mistakes: seen by editors only."""

from django.db import models
from django.utils import timezone

from history.models import choices_constraint


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
