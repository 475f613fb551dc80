from datetime import timedelta

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

register = template.Library()


@register.inclusion_tag("admin/history/_reviews_due.html", takes_context=True)
def reviews_due(context):
    """Content whose review is overdue or due soon (REVIEW_DUE_SOON_DAYS), for the admin home."""
    from articles.models import Article, Page
    from therapies.models import Therapy

    today = timezone.localdate()
    days = settings.REVIEW_DUE_SOON_DAYS
    horizon = today + timedelta(days=days)
    items = []
    for model in [Therapy, Article, Page]:
        opts = model._meta
        for record in model.objects.filter(next_review_due__lte=horizon).order_by(
            "next_review_due"
        ):
            items.append(
                {
                    "record": record,
                    "kind": opts.verbose_name,
                    "due": record.next_review_due,
                    "overdue": record.next_review_due < today,
                    "url": reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]
                    ),
                }
            )
    items.sort(key=lambda item: item["due"])
    return {"items": items, "days": days}
