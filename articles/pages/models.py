"""The site's own pages that editors keep current, such as /about/."""

from django.db import models

from articles.editorial.models import MarkdownBody
from history.models import EditVersioned, Reviewed, ReviewedQuerySet, review_order_constraint

# Pages that a URL of the site renders by slug (/about/): without them the
# site answers 404, so the admin lets nobody delete them or change their slug.
REQUIRED_PAGES = {"about", "editorial-policy"}


class Page(MarkdownBody, Reviewed, EditVersioned):
    """A page of the site's own words that editors keep current, such as /about/."""

    slug = models.SlugField(
        max_length=40, unique=True, help_text="“about” is the editorial policy."
    )
    title = models.CharField(max_length=200)
    standfirst = models.TextField(max_length=400)
    contact_email = models.EmailField(
        blank=True, help_text="Where readers report mistakes. Shown on the page when filled in."
    )
    reviewer = models.CharField(max_length=120, help_text="Shown to readers.")
    last_reviewed = models.DateField()
    next_review_due = models.DateField()
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewedQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        constraints = [
            review_order_constraint("page"),
        ]

    def __str__(self):
        return self.title
