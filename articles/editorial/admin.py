from django.contrib import admin
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from articles.editorial.live_facts import fill_live_facts
from articles.editorial.models import Article
from common.readability import plain_text, reading_level
from history.admin import ContentAdmin, mark_reviewed, review_cell


@admin.register(Article)
class ArticleAdmin(ContentAdmin):
    list_display = ["title", "status", "published_at", "review_flag"]
    list_filter = ["status", "therapies"]
    search_fields = ["title", "standfirst", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["therapies", "sources"]
    readonly_fields = ["published_at", "updated_at", "reading_level"]
    formfield_overrides = {MarkdownxField: {"widget": AdminMarkdownxWidget}}
    actions = [mark_reviewed]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "standfirst"]}),
        (
            "Text",
            {
                "description": "Write short sentences in everyday words. The preview below "
                "the editor shows exactly what readers will see.",
                "fields": ["body", "reading_level"],
            },
        ),
        ("What it covers", {"fields": ["therapies", "sources"]}),
        (
            "People and review",
            {
                "description": "A draft can be saved without these; publishing needs the "
                "author, the reviewer and both review dates. New articles start with today and "
                "a year from today.",
                "fields": [
                    ("author", "reviewer"),
                    ("last_reviewed", "next_review_due"),
                    ("published_at", "updated_at"),
                ],
            },
        ),
    ]

    @admin.display(description="Reading level of the saved text")
    def reading_level(self, article):
        if not article.pk:
            return "Shown after saving."
        level = reading_level(plain_text(fill_live_facts(article.body_html, include_drafts=True)))
        return level.summary if level else "Too short to measure."

    @admin.display(description="Next review", ordering="next_review_due")
    def review_flag(self, article):
        return review_cell(article.next_review_due)
