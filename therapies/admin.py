from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html

from articles.readability import reading_level
from history.admin import ContentAdmin, mark_reviewed
from therapies.models import (
    Citation,
    Condition,
    School,
    Source,
    Therapy,
    TherapyCondition,
)

admin.site.site_header = "Therapy Compare: editors"
admin.site.site_title = "Therapy Compare editors"
admin.site.index_title = "Content"


class ReviewOverdueFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", "Review overdue"), ("due-soon", "Due in the next 90 days")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(next_review_due__lt=today)
        if self.value() == "due-soon":
            return queryset.filter(
                next_review_due__gte=today,
                next_review_due__lte=today + timezone.timedelta(days=90),
            )
        return queryset


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["source"]
    verbose_name = "source for a fact"
    verbose_name_plural = "Sources for each fact (every fact shown to readers should have one)"


class TherapyConditionInline(admin.StackedInline):
    model = TherapyCondition
    extra = 0
    autocomplete_fields = ["condition", "sources"]
    fields = [
        "condition",
        ("evidence_level", "guideline_status"),
        "evidence_note",
        "guideline_note",
        "sources",
    ]


@admin.register(Therapy)
class TherapyAdmin(ContentAdmin):
    list_display = [
        "name",
        "abbreviation",
        "school",
        "evidence_level",
        "status",
        "next_review_due",
        "review_flag",
    ]
    list_filter = ["status", "school", "evidence_level", ReviewOverdueFilter]
    list_select_related = ["school"]
    search_fields = ["name", "abbreviation", "summary"]
    prepopulated_fields = {"slug": ["abbreviation"]}
    autocomplete_fields = ["school"]
    inlines = [TherapyConditionInline, CitationInline]
    readonly_fields = ["reading_level"]
    actions = [mark_reviewed]
    save_on_top = True
    fieldsets = [
        ("Name and status", {"fields": [("name", "abbreviation"), "slug", ("status", "position")]}),
        (
            "What it is",
            {
                "description": "Write for someone who has never had therapy. Short sentences, "
                "everyday words. Cite a source for each fact in the list at the bottom.",
                "fields": [
                    "summary",
                    "reading_level",
                    "origin",
                    ("school", "focus"),
                    "influences",
                    "focus_detail",
                    "sessions_like",
                    "format",
                ],
            },
        ),
        (
            "Who can provide it",
            {
                "fields": [
                    ("provider_route", "min_supervised_hours"),
                    "provider_background",
                    "provider_detail",
                ]
            },
        ),
        (
            "How long it lasts",
            {
                "fields": [
                    ("sessions_min", "sessions_max"),
                    ("weeks_min", "weeks_max"),
                    "brief_sessions",
                    "duration_detail",
                    "maintenance",
                    "maintenance_detail",
                ]
            },
        ),
        ("Evidence", {"fields": ["evidence_level", "evidence_summary"]}),
        ("Review", {"fields": [("last_reviewed", "next_review_due"), "reviewer"]}),
    ]

    @admin.display(description="Reading level of the saved text")
    def reading_level(self, therapy):
        if not therapy.pk:
            return "Shown after saving."
        prose = [
            therapy.summary,
            therapy.focus_detail,
            therapy.sessions_like,
            therapy.provider_detail,
            therapy.evidence_summary,
        ]
        level = reading_level(" ".join(prose))
        return level.summary if level else "Too short to measure."

    @admin.display(description="Review", ordering="next_review_due")
    def review_flag(self, therapy):
        if therapy.review_overdue:
            return format_html('<strong class="review-overdue">{}</strong>', "Overdue")
        return "Up to date"


@admin.register(School)
class SchoolAdmin(ContentAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Condition)
class ConditionAdmin(ContentAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(ContentAdmin):
    list_display = ["key", "title", "publisher", "kind", "published"]
    list_filter = ["kind"]
    search_fields = ["key", "title", "authors", "publisher"]
