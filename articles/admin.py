from django.contrib import admin
from markdownx.admin import MarkdownxModelAdmin

from articles.models import Article


@admin.register(Article)
class ArticleAdmin(MarkdownxModelAdmin):
    list_display = ["title", "status", "published_at", "next_review_due", "review_flag"]
    list_filter = ["status", "therapies"]
    search_fields = ["title", "standfirst", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["therapies", "sources"]
    readonly_fields = ["published_at", "updated_at"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "standfirst"]}),
        (
            "Text",
            {
                "description": "Write short sentences in everyday words. The preview below "
                "the editor shows exactly what readers will see.",
                "fields": ["body"],
            },
        ),
        ("What it covers", {"fields": ["therapies", "sources"]}),
        (
            "People and review",
            {
                "fields": [
                    ("author", "reviewer"),
                    ("last_reviewed", "next_review_due"),
                    ("published_at", "updated_at"),
                ]
            },
        ),
    ]

    @admin.display(description="Review", ordering="next_review_due")
    def review_flag(self, article):
        return "Overdue" if article.review_overdue else "Up to date"
