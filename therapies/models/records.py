"""Therapy facts as records.

Every fact a page shows comes from here, and every fact can cite the sources
it rests on (Citation for a therapy's own facts, TherapyCondition.sources for
facts about a therapy *and* a condition). Closed lists owned by code are
TextChoices backed by database CheckConstraints; lists editors extend (schools,
conditions, sources) are models.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse

from common.text import range_phrase
from history.models import (
    EditVersioned,
    Publishable,
    PublishableQuerySet,
    Reviewed,
    ReviewedQuerySet,
    Status,
    choices_constraint,
    review_order_constraint,
)


class Focus(models.TextChoices):
    """Where a therapy looks for the root of a person's difficulties."""

    CURRENT_THOUGHTS_ACTIONS = (
        "current_thoughts_actions",
        "How you think and what you do now",
    )
    RECENT_EVENTS = "recent_events", "Recent life events and current relationships"
    WHAT_YOU_BRING = "what_you_bring", "Whatever you want to talk about"
    BOTH = "both", "Both recent events and patterns from earlier life"
    PAST_EVENTS = (
        "past_events",
        "The memory of a distressing event, and how it still affects you now",
    )
    CHILDHOOD_PATTERNS = (
        "childhood_patterns",
        "Patterns of relating learned in childhood",
    )

    @property
    def position(self) -> float:
        """Place on the picture's axis: 0 = the here and now, 1 = childhood patterns."""
        return {
            "current_thoughts_actions": 0.0,
            "recent_events": 0.15,
            "what_you_bring": 0.5,
            "both": 0.5,
            "past_events": 0.7,
            "childhood_patterns": 1.0,
        }[self.value]

    @property
    def short_label(self) -> str:
        # Not "present" versus "past": a therapy that traces a pattern back to
        # childhood still works on how it shows up in relationships now.
        return {
            "current_thoughts_actions": "how you think and act now",
            "recent_events": "recent events and current relationships",
            "what_you_bring": "whatever you want to talk about",
            "both": "recent events and earlier patterns",
            "past_events": "the memory of a distressing event",
            "childhood_patterns": "patterns learned early in life",
        }[self.value]


class ProviderRoute(models.TextChoices):
    """Who is allowed to offer a therapy."""

    ANY_TRAINED = "any_trained", "Any therapist who completes the training"
    REQUIRED_BACKGROUND = "required_background", "Only therapists with a set background"
    TRAINING_ROUTES = (
        "training_routes",
        "Therapists who complete the training, with entry rules that depend on the route",
    )
    TRAINED_PRACTITIONERS = (
        "trained_practitioners",
        "Practitioners trained to give it, who need not be qualified therapists",
    )
    NOT_KNOWN = "not_known", "Our sources do not say"


class EvidenceLevel(models.TextChoices):
    """How much good research there is, with its words for readers."""

    STRONG = "strong", "Strong"
    MODERATE = "moderate", "Moderate"
    LIMITED = "limited", "Limited"
    NOT_REVIEWED = "not_reviewed", "Not reviewed by us yet"

    @property
    def phrase(self) -> str:
        """Reads after "has": "IPT has strong evidence"."""
        return {
            EvidenceLevel.STRONG: "strong evidence",
            EvidenceLevel.MODERATE: "moderate evidence",
            EvidenceLevel.LIMITED: "limited evidence",
            EvidenceLevel.NOT_REVIEWED: "evidence we have not reviewed yet",
        }[self]

    @property
    def explainer(self) -> str:
        return {
            EvidenceLevel.STRONG: (
                "Good-quality research has tested it, and NICE or a large review found good "
                "evidence that it works. New research is unlikely to change the picture much."
            ),
            EvidenceLevel.MODERATE: (
                "A number of studies have tested it, but they were fewer or smaller, or had "
                "weaknesses in how they were done. New research could change the picture."
            ),
            EvidenceLevel.LIMITED: (
                "Only one or a few small studies have tested it. The early results "
                "may be promising, but we cannot be sure yet."
            ),
            # Worded so that a mention is never read as evidence either way.
            EvidenceLevel.NOT_REVIEWED: (
                "A source mentions it, but we have not reviewed the research. So we do not "
                "say that it works, or that it does not."
            ),
        }[self]


class GuidelineStatus(models.TextChoices):
    """What the NICE guideline for a condition says about a therapy."""

    LISTED = "listed", "Listed by NICE as a treatment option"
    FAMILY_LISTED = "family_listed", "NICE lists the type of therapy it belongs to"
    NOT_LISTED = "not_listed", "Not listed by NICE"
    NOT_CHECKED = "not_checked", "Not checked by us yet"


class Structure(models.TextChoices):
    """How much a session follows a plan. "Not known" is never read as "open"."""

    STRUCTURED = "structured", "Structured: sessions follow a plan towards goals"
    SOME = "some", "Some structure, with room to talk freely"
    OPEN = "open", "Open: you talk about what matters to you"
    NOT_KNOWN = "not_known", "Our sources do not say"


class Homework(models.TextChoices):
    YES = "yes", "Yes: tasks or practice between sessions"
    NO = "no", "No set tasks between sessions"
    NOT_KNOWN = "not_known", "Our sources do not say"


class NhsStep(models.TextChoices):
    """Where NHS Talking Therapies in England usually offer it (stepped care)."""

    LOW_INTENSITY = "low_intensity", "Lower-intensity help (step 2), often offered first"
    HIGH_INTENSITY = "high_intensity", "High-intensity therapy with a therapist (step 3)"
    RELAPSE_PREVENTION = (
        "relapse_prevention",
        "Help to stay well after depression, so it is less likely to come back",
    )
    NOT_KNOWN = "not_known", "Our sources do not say"


class Fact(models.TextChoices):
    """The facts about a therapy that can cite sources and be embedded in articles."""

    SUMMARY = "summary", "Summary"
    ORIGIN = "origin", "Where it came from"
    SCHOOL = "school", "School of thought"
    FOCUS = "focus", "Where it looks for the root of problems"
    SESSIONS_LIKE = "sessions_like", "What sessions are like"
    PROVIDERS = "providers", "Who can provide it"
    DURATION = "duration", "How long it lasts"
    BRIEF = "brief", "Brief format"
    MAINTENANCE = "maintenance", "Maintenance use"
    FORMAT = "format", "Format"
    EVIDENCE = "evidence", "Evidence"
    WHO_FOR = "who_for", "Who it may suit"
    NHS = "nhs", "On the NHS"
    PRIVATE = "private", "Privately"


class SourceKind(models.TextChoices):
    GUIDELINE = "guideline", "Clinical guideline"
    RESEARCH = "research", "Research study or review"
    PROFESSIONAL_BODY = "professional_body", "Professional or training body"
    SERVICE = "service", "NHS or other health service"
    ARTICLE = "article", "Article for the public"


class School(EditVersioned):
    name = models.CharField(max_length=100, unique=True, help_text="For example “Psychodynamic”.")
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(
        help_text="One or two plain sentences a reader can understand without training."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ConditionQuerySet(models.QuerySet):
    def with_published_therapies(self):
        """Conditions that at least one published therapy is used for.

        EXISTS rather than a join and DISTINCT: one row per condition, so the
        queryset can be ranked and combined with others (the search's UNION).
        """
        used = TherapyCondition.objects.filter(
            condition=OuterRef("pk"), therapy__status=Status.PUBLISHED
        )
        return self.filter(Exists(used))


class Condition(EditVersioned):
    name = models.CharField(max_length=100, unique=True, help_text="For example “Depression”.")
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.TextField(
        blank=True,
        help_text="A short plain-language description shown on the condition page.",
    )
    nhs_url = models.URLField(
        "NHS page",
        max_length=500,
        blank=True,
        help_text="The NHS website's page about this condition (www.nhs.uk), linked under the "
        "description. Leave empty rather than guess: check the address opens the right page.",
    )
    guidelines = models.ManyToManyField(  # type: ignore[var-annotated]
        "Source",
        blank=True,
        related_name="guideline_for",
        help_text="The clinical guidelines for this condition, such as NICE's. Readers are "
        "pointed to them, above all when no therapy here has reviewed evidence for it.",
    )
    support = models.TextField(
        blank=True,
        help_text="Optional: specialist support in one or two plain sentences, for example a "
        "charity's helpline. Shown to readers. Check every number on the organisation's own "
        "website first.",
    )
    support_url = models.URLField(
        "support web address",
        max_length=500,
        blank=True,
        help_text="The support organisation's own page, where readers can check the details.",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kinds",
        help_text="Optional: the broader condition this is a kind of (panic disorder is a kind "
        "of anxiety). It is listed on the broader condition's page, so readers can find theirs.",
    )
    affects = models.TextField(
        "who it affects",
        blank=True,
        help_text="How common it is and who it affects, in plain words. Cite it below.",
    )
    talking_therapies = models.BooleanField(
        "NHS Talking Therapies treats it",
        default=False,
        help_text="Tick only when the NHS says NHS Talking Therapies (England, adults) treats "
        "it. Cite it below.",
    )
    sources = models.ManyToManyField(  # type: ignore[var-annotated]
        "Source",
        blank=True,
        related_name="about_conditions",
        help_text="The sources of the description, “who it affects” and the NHS Talking "
        "Therapies tick.",
    )

    objects = ConditionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("therapies:condition-detail", args=[self.slug])


class Source(EditVersioned):
    key = models.SlugField(
        max_length=40,
        unique=True,
        help_text="A short label for this source, for example “ng222”. Used in citations.",
    )
    title = models.CharField(max_length=300)
    authors = models.CharField(max_length=300, blank=True)
    publisher = models.CharField(
        max_length=200, help_text="Who published it, for example “NICE” or a journal."
    )
    kind = models.CharField(max_length=20, choices=SourceKind.choices)
    url = models.URLField(max_length=500, blank=True, verbose_name="URL")
    published = models.CharField(
        max_length=40,
        blank=True,
        help_text="When it was published, as precisely as known: “29 June 2022” or “2016”.",
    )
    notes = models.TextField(
        blank=True,
        help_text="How far to trust it, for example “pilot trial, 147 people”. Shown to readers.",
    )

    class Meta:
        ordering = ["key"]
        constraints = [choices_constraint("kind", SourceKind, "source")]

    def __str__(self):
        return f"{self.title} ({self.publisher})"

    @property
    def citation_text(self) -> str:
        parts = [self.authors, f"“{self.title}”", self.publisher, self.published]
        return ". ".join(part.rstrip(".") for part in parts if part) + "."


class TherapyQuerySet(PublishableQuerySet, ReviewedQuerySet):  # type: ignore[override]  # django-stubs types as_manager once per QuerySet base
    def with_facts(self):
        """Everything a profile or comparison prints, in a fixed number of queries."""
        return self.select_related("school").prefetch_related(
            Prefetch("citations", queryset=Citation.objects.select_related("source")),
            Prefetch(
                "condition_links",
                queryset=TherapyCondition.objects.select_related("condition").prefetch_related(
                    "sources"
                ),
            ),
            "search_terms",
        )


class Therapy(Publishable, Reviewed, EditVersioned):
    # Identity
    name = models.CharField(
        max_length=120,
        unique=True,
        help_text="Full name, for example “Interpersonal therapy”.",
    )
    abbreviation = models.CharField(max_length=12, help_text="Short name, for example “IPT”.")
    slug = models.SlugField(
        max_length=40,
        unique=True,
        help_text="Used in web addresses such as /therapies/ipt/. Lower-case letters, numbers "
        "and single hyphens; cannot contain “-vs-”. Changing it breaks links people saved.",
    )
    position = models.PositiveSmallIntegerField(
        "order on the site",
        default=100,
        help_text="Lower numbers come first in lists and in comparison page addresses "
        "(IPT before DIT gives /compare/ipt-vs-dit/).",
    )

    # What it is
    summary = models.TextField(
        help_text="Two to four short sentences in plain English (reading age 11 to 14)."
    )
    origin = models.TextField(blank=True, help_text="Who developed it, and when.")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="therapies")
    influences = models.TextField(
        blank=True, help_text="Other ideas it draws on, in a plain sentence."
    )
    form_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forms",
        help_text="Only if it is one form of a broader therapy on the site (DIT is one form of "
        "short-term psychodynamic psychotherapy): pages about the broader one name it. Cite it "
        "under “School of thought”.",
    )
    focus = models.CharField(
        "root-of-problem focus",
        max_length=30,
        choices=Focus.choices,
        help_text="Where it mainly looks for the cause of difficulties.",
    )
    focus_detail = models.TextField(
        blank=True, help_text="A plain explanation of what it looks at, with examples."
    )
    sessions_like = models.TextField(
        "what sessions are like",
        blank=True,
        help_text="What a person can expect in sessions.",
    )
    format = models.TextField(
        blank=True,
        help_text="How it is delivered, in a plain sentence. Cite it under “Format”.",
    )
    # Ways it is offered, each ticked only when a cited source says so: an
    # unticked box reads "our sources do not describe it", never "not offered".
    one_to_one = models.BooleanField("offered one to one", default=False)
    in_a_group = models.BooleanField("offered in a group", default=False)
    online = models.BooleanField("offered online or by video", default=False)
    by_phone = models.BooleanField("offered by phone", default=False)
    structure = models.CharField(
        "how structured sessions are",
        max_length=12,
        choices=Structure.choices,
        default=Structure.NOT_KNOWN,
        help_text="Cite it under “What sessions are like”.",
    )
    homework = models.CharField(
        "tasks between sessions",
        max_length=12,
        choices=Homework.choices,
        default=Homework.NOT_KNOWN,
        help_text="Cite it under “What sessions are like”.",
    )
    suits = models.TextField(
        "who it may suit",
        blank=True,
        help_text="In plain words, as the guideline or service puts it. Cite it under "
        "“Who it may suit”.",
    )
    may_not_suit = models.TextField(
        "who it may not suit",
        blank=True,
        help_text="Who it may not suit, or what it asks of you. Cite it under “Who it may suit”.",
    )

    # Getting it
    nhs_step = models.CharField(
        "where the NHS usually offers it",
        max_length=20,
        choices=NhsStep.choices,
        default=NhsStep.NOT_KNOWN,
        help_text="In NHS Talking Therapies in England. Cite it under “On the NHS”.",
    )
    nhs_detail = models.TextField(
        "more about getting it on the NHS", blank=True, help_text="Cite it under “On the NHS”."
    )
    register_name = models.CharField(
        "register to check a private therapist",
        max_length=200,
        blank=True,
        help_text="The professional register or accrediting body that lists practitioners of "
        "this therapy. Cite it under “Privately”.",
    )
    register_url = models.URLField("register web address", max_length=500, blank=True)

    # Who can provide it
    provider_route = models.CharField(
        "who can provide it", max_length=30, choices=ProviderRoute.choices
    )
    provider_background = models.CharField(
        max_length=120,
        blank=True,
        help_text="The background required, if any, written to follow the word “Only”, "
        "for example “psychodynamic therapists”.",
    )
    min_supervised_hours = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Minimum hours of supervised practice needed before training, if any.",
    )
    provider_detail = models.TextField(
        "training and other requirements",
        blank=True,
        help_text="Other requirements, and where sources disagree about them.",
    )

    # Duration
    sessions_min = models.PositiveSmallIntegerField(
        "fewest sessions (usual course)",
        help_text="The usual course, not the brief format.",
    )
    sessions_max = models.PositiveSmallIntegerField("most sessions (usual course)")
    weeks_min = models.PositiveSmallIntegerField(
        "fewest weeks", null=True, blank=True, help_text="Fill in both weeks, or neither."
    )
    weeks_max = models.PositiveSmallIntegerField("most weeks", null=True, blank=True)
    brief_sessions = models.PositiveSmallIntegerField(
        "sessions in the brief format",
        null=True,
        blank=True,
        help_text="Leave empty if there is no shorter, brief format.",
    )
    brief_detail = models.CharField(
        "about the brief format",
        max_length=300,
        blank=True,
        help_text="Who the brief format was made for, or where it was tested, in one plain "
        "sentence. The chooser shows it beside the brief format. Cite it under “Brief format”.",
    )
    session_minutes_min = models.PositiveSmallIntegerField(
        "shortest session (minutes)",
        null=True,
        blank=True,
        help_text="The usual length of one session. Cite it under “How long it lasts”.",
    )
    session_minutes_max = models.PositiveSmallIntegerField(
        "longest session (minutes)", null=True, blank=True
    )
    duration_detail = models.TextField(
        blank=True,
        help_text="Anything readers should know about length, for example phases.",
    )
    maintenance = models.BooleanField(
        "used as maintenance therapy",
        default=False,
        help_text="Tick if it is also offered as occasional sessions over a long time "
        "to help people stay well.",
    )
    maintenance_detail = models.TextField(blank=True)

    # Evidence
    evidence_level = models.CharField(
        "overall evidence", max_length=20, choices=EvidenceLevel.choices
    )
    evidence_summary = models.TextField(
        help_text="What the research found, in plain English, with its size (number of "
        "studies or people)."
    )

    # Review
    last_reviewed = models.DateField(help_text="When an editor last checked every fact.")
    next_review_due = models.DateField(
        help_text="When the facts must be checked again (at most 3 years after the last review)."
    )
    reviewer = models.CharField(
        max_length=120,
        help_text="Name and role of the person who reviewed it, shown to readers.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = TherapyQuerySet.as_manager()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name_plural = "therapies"
        constraints = [
            choices_constraint("status", Status, "therapy"),
            choices_constraint("focus", Focus, "therapy"),
            choices_constraint("provider_route", ProviderRoute, "therapy"),
            choices_constraint("evidence_level", EvidenceLevel, "therapy"),
            models.CheckConstraint(
                condition=Q(sessions_min__gte=1, sessions_min__lte=models.F("sessions_max")),
                name="therapy_sessions_range",
                violation_error_message="The fewest sessions must be at least 1 and no more "
                "than the most sessions.",
            ),
            models.CheckConstraint(
                condition=Q(weeks_min__isnull=True)
                | Q(weeks_max__isnull=True)
                | Q(weeks_min__lte=models.F("weeks_max")),
                name="therapy_weeks_range",
                violation_error_message="The fewest weeks must be no more than the most weeks.",
            ),
            models.CheckConstraint(
                condition=Q(session_minutes_min__isnull=True)
                | Q(session_minutes_max__isnull=True)
                | Q(session_minutes_min__lte=models.F("session_minutes_max")),
                name="therapy_session_minutes_range",
                violation_error_message="The shortest session must be no longer than the "
                "longest session.",
            ),
            choices_constraint("structure", Structure, "therapy"),
            choices_constraint("homework", Homework, "therapy"),
            choices_constraint("nhs_step", NhsStep, "therapy"),
            models.CheckConstraint(
                condition=Q(brief_sessions__isnull=True)
                | Q(brief_sessions__gte=1, brief_sessions__lt=models.F("sessions_max")),
                name="therapy_brief_shorter",
                violation_error_message="A brief format must have fewer sessions than the "
                "usual course.",
            ),
            review_order_constraint("therapy"),
            models.CheckConstraint(
                condition=~Q(slug__contains="-vs-"),
                name="therapy_slug_no_vs",
                violation_error_message="The web address name cannot contain “-vs-”: "
                "comparison pages use it to join names.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.abbreviation})"

    def get_absolute_url(self):
        return reverse("therapies:therapy-detail", args=[self.slug])

    def clean(self):
        """Refuse facts that contradict each other, naming both fields.

        Only clear contradictions are refused; what may be right but looks odd
        (more sessions than weeks, a note quoting other numbers) is a warning
        (consistency_warnings), shown to the editor after saving.
        """
        errors: dict[str, list[str]] = {}

        def refuse(message: str, *fields: str) -> None:
            for name in fields:
                errors.setdefault(name, []).append(message)

        label = self.field_label
        smin, smax, wmin, wmax = (
            self.sessions_min,
            self.sessions_max,
            self.weeks_min,
            self.weeks_max,
        )
        if smin is not None and smax is not None and smin > smax:
            refuse(
                f"{label('sessions_min')} ({smin}) is more than {label('sessions_max')} ({smax}).",
                "sessions_min",
                "sessions_max",
            )
        if (wmin is None) != (wmax is None):
            refuse(
                f"Fill in both {label('weeks_min')} and {label('weeks_max')}, or leave both "
                "empty: readers are shown the weeks only as a range.",
                "weeks_min",
                "weeks_max",
            )
        elif wmin is not None and wmin > wmax:
            refuse(
                f"{label('weeks_min')} ({wmin}) is more than {label('weeks_max')} ({wmax}).",
                "weeks_min",
                "weeks_max",
            )
        if smin and wmax and smin > MAX_SESSIONS_A_WEEK * wmax:
            refuse(
                f"{label('sessions_min')} ({smin}) cannot fit in {label('weeks_max')} ({wmax}): "
                f"that is more than {MAX_SESSIONS_A_WEEK} sessions a week. Check both numbers "
                "(were months typed as weeks?).",
                "sessions_min",
                "weeks_max",
            )
        if self.brief_sessions and smax and self.brief_sessions >= smax:
            refuse(
                f"{label('brief_sessions')} ({self.brief_sessions}) must be fewer than "
                f"{label('sessions_max')} ({smax}).",
                "brief_sessions",
                "sessions_max",
            )
        if errors:
            raise ValidationError(errors)

    def consistency_warnings(self) -> list[str]:
        """Facts that may be right but look inconsistent: for the editor to check."""
        label = self.field_label
        warnings = []
        if self.weeks_max and self.sessions_max > self.weeks_max:
            warnings.append(
                f"{label('sessions_max')} ({self.sessions_max}) is more than {label('weeks_max')} "
                f"({self.weeks_max}), so readers will read it as more than one session a week "
                "for some people. If that is not right, change one of them; if it is, say so in "
                f"{label('duration_detail')}."
            )
        if SOURCES_DIFFER.search(self.duration_detail or ""):
            # The note already tells readers that services differ (DIT's does).
            return warnings
        for low, high in quoted_ranges(self.duration_detail, "sessions"):
            if high > self.sessions_max or low < min(self.sessions_min, self.brief_sessions or 999):
                warnings.append(
                    f"{label('duration_detail')} mentions {quoted(low, high)} sessions, but "
                    f"{label('sessions_min')} and {label('sessions_max')} say {self.session_range}. "
                    "If the note quotes a source that differs, say so in the note; otherwise "
                    "update one of them."
                )
        for low, high in quoted_ranges(self.duration_detail, "weeks"):
            if (
                self.weeks_min is None
                or self.weeks_max is None
                or low < self.weeks_min
                or high > self.weeks_max
            ):
                warnings.append(
                    f"{label('duration_detail')} mentions {quoted(low, high)} weeks, but "
                    f"{label('weeks_min')} and {label('weeks_max')} say "
                    f"{self.week_range or 'nothing'}. Check both."
                )
        return warnings

    @classmethod
    def field_label(cls, name: str) -> str:
        field = cls._meta.get_field(name)
        label = str(getattr(field, "verbose_name", name))
        return "“" + label[:1].upper() + label[1:] + "”"

    @property
    def focus_choice(self) -> Focus:
        return Focus(self.focus)

    @property
    def evidence(self) -> EvidenceLevel:
        return EvidenceLevel(self.evidence_level)

    @property
    def session_range(self) -> str:
        return range_phrase(self.sessions_min, self.sessions_max, "sessions")

    @property
    def session_minutes(self) -> str:
        low, high = self.session_minutes_min, self.session_minutes_max
        if not low and not high:
            return ""
        if not low or not high or low == high:
            return f"about {low or high} minutes"
        return f"{low} to {high} minutes"

    @property
    def ways_offered(self) -> list[str]:
        """The ways our sources say it is offered, in words."""
        ways = [
            (self.one_to_one, "one to one"),
            (self.in_a_group, "in a group"),
            (self.online, "online or by video"),
            (self.by_phone, "by phone"),
        ]
        return [words for offered, words in ways if offered]

    @property
    def week_range(self) -> str:
        if self.weeks_min is None or self.weeks_max is None:
            return ""
        return range_phrase(self.weeks_min, self.weeks_max, "weeks")


# Twice a week is already an intensive course; more, on average over the whole
# course, means one of the numbers is wrong (months typed as weeks).
MAX_SESSIONS_A_WEEK = 2
# "16 sessions", "8 to 16 sessions", "12-16 weekly sessions": a number or range
# directly before the word. "Sessions 1 to 4" (which sessions) is not a count.
QUOTED_RANGE = r"\b(\d+)(?:\s*(?:to|-|–)\s*(\d+))?\s+(?:weekly\s+|more\s+)?{unit}\b"


SOURCES_DIFFER = re.compile(r"\b(differ|differs|vary|varies)\b", re.IGNORECASE)


def quoted_ranges(text: str, unit: str) -> list[tuple[int, int]]:
    """The counts of `unit` ("sessions", "weeks") that a note quotes, as (low, high)."""
    found = re.findall(QUOTED_RANGE.format(unit=unit), text or "", flags=re.IGNORECASE)
    return [(int(low), int(high or low)) for low, high in found]


def quoted(low: int, high: int) -> str:
    return str(low) if low == high else f"{low} to {high}"


class Citation(models.Model):
    """One source supporting one fact about one therapy."""

    therapy = models.ForeignKey(Therapy, on_delete=models.CASCADE, related_name="citations")
    fact = models.CharField(max_length=20, choices=Fact.choices)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    note = models.TextField(
        blank=True,
        help_text="Optional, and shown to readers under the fact as “Source 3 says: …” (3 is "
        "the source's number on the page). Use it only when this source says something "
        "different from the others.",
    )

    class Meta:
        ordering = ["therapy", "fact", "source__key"]
        constraints = [
            choices_constraint("fact", Fact, "citation"),
            models.UniqueConstraint(
                fields=["therapy", "fact", "source"],
                name="citation_unique",
                violation_error_message="This source is already cited for this fact.",
            ),
        ]

    def __str__(self):
        return f"{self.get_fact_display()}: {self.source}"


class TherapyCondition(models.Model):
    """What is known about one therapy for one condition."""

    therapy = models.ForeignKey(Therapy, on_delete=models.CASCADE, related_name="condition_links")
    condition = models.ForeignKey(Condition, on_delete=models.PROTECT, related_name="therapy_links")
    evidence_level = models.CharField(
        max_length=20, choices=EvidenceLevel.choices, default=EvidenceLevel.NOT_REVIEWED
    )
    evidence_note = models.TextField(
        blank=True,
        help_text="What the research found for this condition, in plain English.",
    )
    guideline_status = models.CharField(
        "NICE guideline status",
        max_length=20,
        choices=GuidelineStatus.choices,
        default=GuidelineStatus.NOT_CHECKED,
    )
    guideline_note = models.TextField(
        blank=True,
        help_text="Exactly what the guideline says, and anything uncertain or disputed.",
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="therapy_conditions")

    class Meta:
        ordering = ["condition__name"]
        verbose_name = "use for a condition"
        verbose_name_plural = "uses for conditions"
        constraints = [
            choices_constraint("evidence_level", EvidenceLevel, "therapycondition"),
            choices_constraint("guideline_status", GuidelineStatus, "therapycondition"),
            models.UniqueConstraint(
                fields=["therapy", "condition"],
                name="therapycondition_unique",
                violation_error_message="This therapy already has an entry for this condition.",
            ),
        ]

    def __str__(self):
        return f"{self.therapy.abbreviation} for {self.condition.name}"

    @property
    def evidence(self) -> EvidenceLevel:
        return EvidenceLevel(self.evidence_level)

    @property
    def guideline(self) -> GuidelineStatus:
        return GuidelineStatus(self.guideline_status)


class SearchTerm(models.Model):
    """Readers' own words for a condition, a therapy or a way to get help
    ("panic attacks", "talking therapy", "self refer"), which the search finds it by."""

    words = models.CharField(
        max_length=100,
        help_text="A word or phrase a reader might type, for example “flashbacks”.",
    )
    condition = models.ForeignKey(
        Condition, on_delete=models.CASCADE, null=True, blank=True, related_name="search_terms"
    )
    therapy = models.ForeignKey(
        Therapy, on_delete=models.CASCADE, null=True, blank=True, related_name="search_terms"
    )
    route = models.ForeignKey(
        "therapies.Route",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="search_terms",
    )

    class Meta:
        ordering = ["words"]
        verbose_name = "reader's word"
        constraints = [
            models.CheckConstraint(
                condition=Q(condition__isnull=False, therapy__isnull=True, route__isnull=True)
                | Q(condition__isnull=True, therapy__isnull=False, route__isnull=True)
                | Q(condition__isnull=True, therapy__isnull=True, route__isnull=False),
                name="searchterm_for_one_record",
                violation_error_message="A reader's word belongs to one condition, therapy or "
                "way to get help.",
            )
        ]

    def __str__(self):
        return self.words


# How many therapies one comparison shows (the compare form, the chooser's link).
MIN_COMPARED = 2
MAX_COMPARED = 4


def comparison_url(therapies) -> str:
    """The canonical address comparing these therapies: slugs in site order."""
    ordered = sorted(therapies, key=lambda therapy: (therapy.position, therapy.slug))
    return reverse("articles:comparison", args=["-vs-".join(t.slug for t in ordered)])
