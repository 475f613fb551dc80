from django.contrib import admin
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from articles.pages.models import REQUIRED_PAGES, Page
from history.admin import ContentAdmin, mark_reviewed


@admin.register(Page)
class PageAdmin(ContentAdmin):
    list_display = ["title", "slug", "next_review_due"]
    search_fields = ["title", "body"]
    formfield_overrides = {MarkdownxField: {"widget": AdminMarkdownxWidget}}
    actions = [mark_reviewed]
    fields = [
        "title",
        "slug",
        "standfirst",
        "body",
        "contact_email",
        "reviewer",
        ("last_reviewed", "next_review_due"),
    ]

    def has_delete_permission(self, request, obj=None):
        # Also asked per record by the "delete selected" action.
        if obj is not None and obj.slug in REQUIRED_PAGES:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.slug in REQUIRED_PAGES:
            return [*super().get_readonly_fields(request, obj), "slug"]
        return super().get_readonly_fields(request, obj)

    def view_on_site(self, page):
        return "/about/" if page.slug == "about" else None
