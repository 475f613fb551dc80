from django import template
from django.urls import reverse

from articles.models import MistakeReport

register = template.Library()


@register.inclusion_tag("admin/articles/_open_reports.html", takes_context=True)
def open_reports(context):
    """Readers' reports of mistakes still waiting for an editor, for the admin home page."""
    user = context["request"].user
    if not user.has_perm("articles.view_mistakereport"):
        return {"count": 0}
    return {
        "count": MistakeReport.objects.open().count(),
        "url": reverse("admin:articles_mistakereport_changelist") + "?status__exact=open",
    }
