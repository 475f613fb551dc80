from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from history import registry
from history.models import Reviewed, is_overdue

register = template.Library()


@register.inclusion_tag("admin/history/_reviews_due.html", takes_context=True)
def reviews_due(context):
    """Content whose review is overdue or due soon (REVIEW_DUE_SOON_DAYS), for the admin home."""
    today = timezone.localdate()
    days = settings.REVIEW_DUE_SOON_DAYS
    items = []
    for model in registry.content_models():
        if not issubclass(model, Reviewed):
            continue
        opts = model._meta
        for record in model._default_manager.review_due_within(days, today).order_by(
            "next_review_due"
        ):
            items.append(
                {
                    "record": record,
                    "kind": opts.verbose_name,
                    "due": record.next_review_due,
                    "overdue": is_overdue(record.next_review_due, today),
                    "url": reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]
                    ),
                }
            )
    items.sort(key=lambda item: item["due"])
    return {"items": items, "days": days}
