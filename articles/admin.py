from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from articles.editorial.live_facts import fill_live_facts
from articles.models import (
    REQUIRED_PAGES,
    AnswerOption,
    Article,
    MistakeReport,
    Page,
    Question,
    ReportStatus,
    Rule,
)
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
                "description": "A draft can be saved without review dates; publishing needs "
                "them. New articles start with today and a year from today.",
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


class AnswerOptionInline(admin.TabularInline):
    model = AnswerOption
    extra = 0
    show_change_link = True
    verbose_name_plural = "Answer options (open an option to edit the rules it brings in)"


@admin.register(Question)
class QuestionAdmin(ContentAdmin):
    list_display = ["text", "key", "kind", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["text", "key"]
    prepopulated_fields = {"key": ["text"]}
    inlines = [AnswerOptionInline]


class RuleInline(admin.TabularInline):
    model = Rule
    extra = 1


@admin.register(AnswerOption)
class AnswerOptionAdmin(ContentAdmin):
    list_display = ["label", "question", "value", "rule_count"]
    list_select_related = ["question"]
    search_fields = ["label", "question__text"]
    autocomplete_fields = ["question"]
    inlines = [RuleInline]
    fields = ["question", "label", "value", "position"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(number_of_rules=Count("rules"))

    @admin.display(description="Rules", ordering="number_of_rules")
    def rule_count(self, option):
        return option.number_of_rules


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


@admin.register(MistakeReport)
class MistakeReportAdmin(admin.ModelAdmin):
    """Readers' reports. Their words are kept as sent; editors add a note and close them."""

    list_display = ["received_at", "page", "excerpt", "status", "handled_by"]
    list_filter = ["status"]
    search_fields = ["page", "message"]
    list_select_related = ["handled_by"]
    readonly_fields = ["page_link", "message", "email", "received_at", "handled_by", "closed_at"]
    fields = [
        "page_link",
        "message",
        "email",
        "received_at",
        "status",
        "editor_note",
        "handled_by",
        "closed_at",
    ]
    actions = ["close_reports"]

    def has_add_permission(self, request):
        return False  # reports come from readers only

    @admin.display(description="report")
    def excerpt(self, report):
        return report.message[:80] + ("…" if len(report.message) > 80 else "")

    @admin.display(description="page")
    def page_link(self, report):
        return format_html('<a href="{}">{}</a>', report.page, report.page)

    def save_model(self, request, obj, form, change):
        if obj.status == ReportStatus.CLOSED and obj.closed_at is None:
            obj.close(request.user)
        elif obj.status == ReportStatus.OPEN:
            obj.handled_by, obj.closed_at = None, None
        super().save_model(request, obj, form, change)

    @admin.action(description="Close the selected reports (checked and handled)")
    def close_reports(self, request, queryset):
        closed = 0
        for report in queryset.filter(status=ReportStatus.OPEN):
            report.close(request.user)
            report.save()
            closed += 1
        self.message_user(request, f"Closed {closed} report{'s' if closed != 1 else ''}.")
