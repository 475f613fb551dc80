from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminTextareaWidget, AutocompleteSelectMultiple
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.forms.models import BaseInlineFormSet

from common.readability import reading_level
from history.admin import (
    ContentAdmin,
    EditConflictForm,
    ReviewOverdueFilter,
    mark_reviewed,
    review_cell,
)
from therapies.models import (
    Citation,
    Condition,
    Fact,
    Recommendation,
    RecommendedOption,
    Route,
    School,
    SearchTerm,
    Source,
    Therapy,
    TherapyCondition,
)

admin.site.site_header = "Therapy Compare: editors"
admin.site.site_title = "Therapy Compare editors"
admin.site.index_title = "Content"


SOURCES_HELP = (
    "Start typing a source's title, publisher or short key. Readers see each source as a "
    "numbered link after this fact, and in full in the list of sources at the end of the page."
)


def sources_field(fact: Fact) -> forms.ModelMultipleChoiceField:
    """Choose the sources for one fact, beside the fact in the form."""
    return forms.ModelMultipleChoiceField(
        queryset=Source.objects.all(),
        required=False,
        label=f"Sources for “{fact.label}”",
        help_text=SOURCES_HELP,
        # The source search of a citation: Source's admin search, best match first.
        widget=AutocompleteSelectMultiple(Citation._meta.get_field("source"), admin.site),
    )


class TherapyForm(EditConflictForm):
    """The therapy, with each fact's sources chosen beside the fact (saved as Citations)."""

    sources_summary = sources_field(Fact.SUMMARY)
    sources_origin = sources_field(Fact.ORIGIN)
    sources_school = sources_field(Fact.SCHOOL)
    sources_focus = sources_field(Fact.FOCUS)
    sources_sessions_like = sources_field(Fact.SESSIONS_LIKE)
    sources_format = sources_field(Fact.FORMAT)
    sources_providers = sources_field(Fact.PROVIDERS)
    sources_duration = sources_field(Fact.DURATION)
    sources_brief = sources_field(Fact.BRIEF)
    sources_maintenance = sources_field(Fact.MAINTENANCE)
    sources_evidence = sources_field(Fact.EVIDENCE)
    sources_who_for = sources_field(Fact.WHO_FOR)
    sources_nhs = sources_field(Fact.NHS)
    sources_private = sources_field(Fact.PRIVATE)

    class Meta:
        model = Therapy
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for citation in self.instance.citations.all():
                self.initial.setdefault(f"sources_{citation.fact}", []).append(citation.source_id)

    def save_sources(self) -> None:
        """Make the therapy's citations match the sources chosen beside each fact.

        A citation that stays keeps its note; one removed from a fact is deleted.
        """
        therapy = self.instance
        existing = {(c.fact, c.source_id): c for c in therapy.citations.all()}
        wanted = {
            (fact.value, source.pk)
            for fact in Fact
            for source in self.cleaned_data.get(f"sources_{fact.value}") or []
        }
        for key, citation in existing.items():
            if key not in wanted:
                citation.delete()
        for fact, source_id in sorted(wanted - existing.keys()):
            Citation.objects.create(therapy=therapy, fact=fact, source_id=source_id)


class CitationNoteInline(admin.TabularInline):
    """Notes on citations. Which sources back a fact is chosen beside the fact."""

    model = Citation
    extra = 0
    can_delete = False
    # A row per citation (22 for IPT) with each source's full title: 4,700 px of
    # the form. Notes are optional, so they are folded until an editor opens them.
    classes = ["collapse"]
    fields = ["fact", "source", "note"]
    readonly_fields = ["fact", "source"]
    formfield_overrides = {models.TextField: {"widget": AdminTextareaWidget(attrs={"rows": 2})}}
    verbose_name = "note on a source"
    verbose_name_plural = (
        "Notes on sources (optional: readers see each note under its fact as “Source 3 says: "
        "…”). To add or remove a source, use “Sources for …” under the fact."
    )

    def has_add_permission(self, request, obj=None):
        return False


class TherapyConditionInline(admin.StackedInline):
    model = TherapyCondition
    extra = 0
    # Eleven uses made the form thousands of pixels long: folded away (an
    # HTML <details>, so it opens without JavaScript) until an editor needs it.
    classes = ["collapse"]
    autocomplete_fields = ["condition", "sources"]
    fields = [
        "condition",
        ("evidence_level", "guideline_status"),
        "evidence_note",
        "guideline_note",
        "sources",
    ]
    formfield_overrides = {models.TextField: {"widget": AdminTextareaWidget(attrs={"rows": 3})}}


class SearchTermInline(admin.TabularInline):
    model = SearchTerm
    extra = 1
    verbose_name_plural = "Readers' own words (the search finds this record by them)"


@admin.register(Therapy)
class TherapyAdmin(ContentAdmin):
    form = TherapyForm
    change_form_template = "admin/history/change_form_with_contents.html"
    # Review dates and status only: at 1,280 px every column fits beside the filters.
    list_display = ["name", "abbreviation", "evidence_level", "status", "review_flag"]
    list_filter = ["status", "school", "evidence_level", ReviewOverdueFilter]
    list_select_related = ["school"]
    search_fields = ["name", "abbreviation", "summary"]
    prepopulated_fields = {"slug": ["abbreviation"]}
    autocomplete_fields = ["school"]
    inlines = [TherapyConditionInline, CitationNoteInline, SearchTermInline]
    readonly_fields = ["reading_level"]
    actions = [mark_reviewed]
    save_on_top = True
    # Three lines a text box (they grow as the editor types), so the whole
    # form is a few screens rather than fifteen.
    formfield_overrides = {models.TextField: {"widget": AdminTextareaWidget(attrs={"rows": 3})}}
    fieldsets = [
        ("Name and status", {"fields": [("name", "abbreviation"), "slug", ("status", "position")]}),
        (
            "What it is",
            {
                "description": "Write for someone who has never had therapy. Short sentences, "
                "everyday words. Choose the sources for each fact just below it.",
                "fields": [
                    "summary",
                    "sources_summary",
                    "reading_level",
                    "origin",
                    "sources_origin",
                    ("school", "focus"),
                    ("sources_school", "sources_focus"),
                    "influences",
                    "focus_detail",
                    "sessions_like",
                    ("structure", "homework"),
                    "sources_sessions_like",
                    "format",
                    ("one_to_one", "in_a_group", "online", "by_phone"),
                    "sources_format",
                    "suits",
                    "may_not_suit",
                    "sources_who_for",
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
                    "sources_providers",
                ]
            },
        ),
        (
            "How long it lasts",
            {
                "description": "Sessions and weeks are checked against each other, and against "
                "numbers quoted in the duration note, when you save.",
                "fields": [
                    ("sessions_min", "sessions_max"),
                    ("weeks_min", "weeks_max"),
                    ("session_minutes_min", "session_minutes_max"),
                    "duration_detail",
                    "sources_duration",
                    "brief_sessions",
                    "brief_detail",
                    "sources_brief",
                    "maintenance",
                    "maintenance_detail",
                    "sources_maintenance",
                ],
            },
        ),
        ("Evidence", {"fields": ["evidence_level", "evidence_summary", "sources_evidence"]}),
        (
            "How to get it",
            {
                "description": "Shown in “How to get it” on the therapy's page, above the "
                "general advice about NHS Talking Therapies and private therapists.",
                "fields": [
                    "nhs_step",
                    "nhs_detail",
                    "sources_nhs",
                    ("register_name", "register_url"),
                    "sources_private",
                ],
            },
        ),
        ("Review", {"fields": [("last_reviewed", "next_review_due"), "reviewer"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for warning in obj.consistency_warnings():
            messages.warning(request, f"Please check {obj.abbreviation}: {warning}")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.save_sources()

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

    @admin.display(description="Next review", ordering="next_review_due")
    def review_flag(self, therapy):
        return review_cell(therapy.next_review_due)


@admin.register(School)
class SchoolAdmin(ContentAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Condition)
class ConditionAdmin(ContentAdmin):
    list_display = ["name", "slug", "parent", "talking_therapies"]
    list_filter = ["talking_therapies", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "search_terms__words"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "guidelines", "sources"]
    inlines = [SearchTermInline]


class OptionPlacesFormSet(BaseInlineFormSet):
    """Each option has a place of its own in the list. Checked over the list as
    submitted, not row by row against the database, so that an editor can swap
    two options' places in one save."""

    def clean(self):
        super().clean()
        taken: dict[int, str] = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or data.get("position") is None:
                continue
            position = data["position"]
            if position in taken:
                form.add_error(
                    "position",
                    f"“{taken[position]}” already has place {position}: "
                    "give each option a place of its own.",
                )
            else:
                taken[position] = data.get("name") or "Another option"


class RecommendedOptionInline(admin.StackedInline):
    model = RecommendedOption
    formset = OptionPlacesFormSet
    extra = 0
    autocomplete_fields = ["therapy", "sources"]
    fields = [
        ("position", "step"),
        "name",
        ("therapy", "kind"),
        ("strength", "verified"),
        "nice_words",
        "note",
        "read_more",
        "sources",
    ]
    formfield_overrides = {models.TextField: {"widget": AdminTextareaWidget(attrs={"rows": 2})}}


@admin.display(description="Next review", ordering="next_review_due")
def next_review(record):
    return review_cell(record.next_review_due)


@admin.register(Recommendation)
class RecommendationAdmin(ContentAdmin):
    """Grouped under their guideline: the list is ordered and filtered by it."""

    list_display = [
        "population",
        "condition",
        "guideline",
        "option_count",
        "in_order",
        next_review,
    ]
    list_filter = ["guideline", "condition", "ages", ReviewOverdueFilter]
    actions = [mark_reviewed]
    list_select_related = ["guideline", "condition"]
    ordering = ["guideline__key", "condition__name", "position"]
    search_fields = ["population", "condition__name", "guideline__key", "options__name"]
    prepopulated_fields = {"slug": ["population"]}
    autocomplete_fields = ["guideline", "condition", "sources", "if_you_wait_sources"]
    inlines = [RecommendedOptionInline]

    @admin.display(description="Options")
    def option_count(self, group):
        return len(group.options.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("options")


@admin.register(Route)
class RouteAdmin(ContentAdmin):
    list_display = ["title", "nation", "position", next_review]
    list_filter = ["nation", ReviewOverdueFilter]
    actions = [mark_reviewed]
    list_editable = ["position"]
    search_fields = ["title", "summary"]
    autocomplete_fields = ["sources"]
    inlines = [SearchTermInline]


@admin.register(Source)
class SourceAdmin(ContentAdmin):
    list_display = ["key", "title", "publisher", "kind", "published"]
    list_filter = ["kind"]
    search_fields = ["key", "title", "publisher", "authors"]

    def get_search_results(self, request, queryset, search_term):
        """Best matches first, in the list and in every source search box: a key,
        title or publisher that is the words typed, then one that starts with
        them or a publisher named by them, then the rest ("NICE" finds NICE's
        guidelines before a journal paper that mentions NICE)."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term:
            return results, may_have_duplicates
        exact = Q(key__iexact=term) | Q(title__iexact=term) | Q(publisher__iexact=term)
        prefix = (
            Q(key__istartswith=term)
            | Q(title__istartswith=term)
            | Q(publisher__istartswith=term)
            # A publisher known by the words typed: "… Excellence (NICE)".
            | Q(publisher__icontains=f"({term})")
            | Q(publisher__icontains=f" {term} ")
            | Q(publisher__iendswith=f" {term}")
        )
        ranked = results.annotate(
            match=Case(
                When(exact, then=Value(0)),
                When(prefix, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        ).order_by("match", "key")
        return ranked, may_have_duplicates
