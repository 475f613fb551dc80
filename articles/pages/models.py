"""The site's own pages that editors keep current, such as /about/."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from markdownx.models import MarkdownxField

from articles.editorial.markdown import render_markdown
from articles.editorial.models import body_problems
from history.models import EditVersioned
from therapies.facts import live_fact_help
from therapies.models import review_order_constraint

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
