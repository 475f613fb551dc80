"""What a guideline recommends: options for a condition and a population, in its order.

A guideline (NICE's NG222 for depression, CG113 for anxiety...) is a Source of
kind "guideline". For one condition and one population (less severe
depression; adults; children and young people) it recommends options, in an
order where it gives one. An option is a therapy on the site, or a named
option that is not one (medication, a combination, exercise, self-help
without a therapist), shown as what it is, with the guideline's own words.
Editors keep these in the admin; the condition pages, the chooser and the
open data read them.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from history.models import (
    EditVersioned,
    Reviewed,
    ReviewedQuerySet,
    choices_constraint,
    review_order_constraint,
)
from therapies.models.records import Condition, Source, SourceKind, Therapy


class Ages(models.TextChoices):
    ADULTS = "adults", "Adults"
    CHILDREN_YOUNG_PEOPLE = "children_young_people", "Children and young people"
    EVERYONE = "everyone", "People of any age"


class OptionKind(models.TextChoices):
    THERAPY = "therapy", "A talking therapy"
    SELF_HELP = "self_help", "Self-help without a therapist"
    MEDICATION = "medication", "Medication"
    COMBINATION = "combination", "A talking therapy together with medication"
    EXERCISE = "exercise", "Exercise"
    OTHER = "other", "Other help"


class Strength(models.TextChoices):
    """The guideline's verb: NICE says "offer" where the evidence is strong,
    "consider" where it is less sure. Blank: we have not read its verb."""

    OFFER = "offer", "Offer"
    CONSIDER = "consider", "Consider"

    @property
    def phrase(self) -> str:
        return {
            Strength.OFFER: "NICE says services should offer it",
            Strength.CONSIDER: "NICE says services can consider it",
        }[self]


class RecommendationQuerySet(ReviewedQuerySet):
    def with_options(self):
        """Each group with its guideline, condition, sources (for the group and
        for not having treatment now) and options (with theirs), in six queries.
        An option's therapy is not loaded: the read model gives it the therapy
        it already holds (therapies/read_model.py)."""
        return self.select_related("guideline", "condition").prefetch_related(
            "sources",
            "if_you_wait_sources",
            models.Prefetch(
                "options", queryset=RecommendedOption.objects.prefetch_related("sources")
            ),
        )


class Recommendation(Reviewed, EditVersioned):
    """A guideline's options for one condition and one population."""

    guideline = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="recommendations",
        limit_choices_to={"kind": SourceKind.GUIDELINE},
        help_text="The guideline, for example NICE NG222 (a source of the kind “Clinical guideline”).",
    )
    condition = models.ForeignKey(
        Condition, on_delete=models.PROTECT, related_name="recommendations"
    )
    population = models.CharField(
        "who it is for",
        max_length=120,
        help_text="Shown as the heading of the options, for example “Less severe depression” "
        "or “Children and young people”.",
    )
    slug = models.SlugField(
        "web-address name",
        max_length=60,
        help_text="Used in addresses and the chooser's answers, for example “less-severe”. "
        "Unique for the condition.",
    )
    ages = models.CharField(max_length=24, choices=Ages.choices, default=Ages.ADULTS)
    position = models.PositiveSmallIntegerField(
        default=100, help_text="Where this group comes on the condition's page: lower first."
    )
    in_order = models.BooleanField(
        "the guideline gives an order",
        default=False,
        help_text="Tick when the guideline lists these options in an order of its own "
        "(for example “in order of recommended use”, or steps). Readers are then shown its order.",
    )
    order_note = models.TextField(
        "about the order",
        blank=True,
        help_text="In plain words: how the guideline orders these options, or that it does not, "
        "and that a person can choose an option lower down.",
    )
    sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="recommendation_groups",
        help_text="Where the group and its order are stated.",
    )
    if_you_wait = models.TextField(
        "if you do not want treatment now",
        blank=True,
        help_text="In plain words: what the guideline says for people in this group who do not "
        "want treatment now (for example, a check on how they are a few weeks later). Leave "
        "empty if the guideline does not say. Cite it below.",
    )
    if_you_wait_words = models.TextField(
        "the guideline's words on not having treatment now",
        blank=True,
        help_text="A short quotation, exactly as the guideline words it. Shown in quotation marks.",
    )
    if_you_wait_sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="recommendation_waits",
        help_text="Where the guideline says what happens if you do not want treatment now.",
    )
    last_reviewed = models.DateField(help_text="When an editor last checked every fact.")
    next_review_due = models.DateField(
        help_text="When the facts must be checked again (at most 3 years after the last review)."
    )
    reviewer = models.CharField(
        max_length=120,
        help_text="Name and role of the person who reviewed it, shown to readers.",
    )

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["condition__name", "position", "pk"]
        verbose_name = "guideline recommendation"
        constraints = [
            choices_constraint("ages", Ages, "recommendation"),
            models.UniqueConstraint(
                fields=["condition", "slug"],
                name="recommendation_unique_slug",
                violation_error_message="This condition already has a group with that "
                "web-address name.",
            ),
            review_order_constraint("recommendation"),
        ]

    def __str__(self):
        return f"{self.guideline.key.upper()}: {self.condition.name}, {self.population}"

    def get_absolute_url(self):
        url = reverse("therapies:condition-detail", args=[self.condition.slug])
        return f"{url}#{self.slug}"


class RecommendedOption(models.Model):
    """One option a guideline recommends, at its place in the guideline's list."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="options"
    )
    position = models.PositiveSmallIntegerField(
        help_text="Its place in the guideline's list: 1 is first. Each option has its own "
        "(checked when the list is saved, so two options can swap places in one save).",
    )
    name = models.CharField(
        max_length=200, help_text="The guideline's own name for it, for example “Group CBT”."
    )
    therapy = models.ForeignKey(
        Therapy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommended_as",
        help_text="The therapy's page on this site, if it has one. Leave empty for medication, "
        "exercise and anything else that is not a therapy here.",
    )
    kind = models.CharField(max_length=12, choices=OptionKind.choices, default=OptionKind.THERAPY)
    step = models.PositiveSmallIntegerField(
        "step of stepped care",
        null=True,
        blank=True,
        help_text="Only if the guideline puts it in a numbered step.",
    )
    strength = models.CharField(
        "the guideline's verb",
        max_length=10,
        choices=Strength.choices,
        blank=True,
        help_text="“Offer” or “consider”, as the guideline words it. Leave empty if we have "
        "not read its wording.",
    )
    nice_words = models.TextField(
        "the guideline's words",
        blank=True,
        help_text="A short quotation, exactly as the guideline words it: how strongly, for whom, "
        "how it is given. Shown in quotation marks.",
    )
    note = models.TextField(
        "in plain words",
        blank=True,
        help_text="Our own plain words: who it is for and how it is given (sessions, group).",
    )
    read_more = models.URLField(
        "where to read more",
        max_length=500,
        blank=True,
        help_text="For an option that is not a therapy here: a page where readers can read "
        "about it (for example on nhs.uk).",
    )
    verified = models.BooleanField(
        "checked against the guideline",
        default=True,
        help_text="Untick when we could not confirm this option or its place in a primary copy "
        "of the guideline. Readers are told.",
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="recommended_options")

    class Meta:
        ordering = ["recommendation", "position", "pk"]
        verbose_name = "recommended option"
        constraints = [
            choices_constraint("kind", OptionKind, "recommendedoption"),
            models.CheckConstraint(
                condition=Q(strength__in=["", *Strength.values]),
                name="recommendedoption_strength_valid",
                violation_error_message="Choose “offer”, “consider”, or leave it empty.",
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.name}"

    @property
    def option_kind(self) -> OptionKind:
        return OptionKind(self.kind)

    @property
    def strength_phrase(self) -> str:
        return Strength(self.strength).phrase if self.strength else ""


class Nation(models.TextChoices):
    ENGLAND = "england", "England"
    SCOTLAND = "scotland", "Scotland"
    WALES = "wales", "Wales"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"
    UK = "uk", "Anywhere in the UK"


class Route(Reviewed, EditVersioned):
    """One way to get help: NHS Talking Therapies in England, a GP in Wales,
    paying privately... Shown wherever a reader decides what to do next."""

    key = models.SlugField(
        max_length=60, unique=True, help_text="A short name used in addresses, e.g. “wales”."
    )
    nation = models.CharField(max_length=20, choices=Nation.choices)
    title = models.CharField(max_length=120, help_text="For example “Getting help in Wales”.")
    summary = models.TextField(
        help_text="In plain words: who it is for (ages), how to get it, what it costs. Cite it below."
    )
    url = models.URLField(
        "where to go",
        max_length=500,
        help_text="The page a reader uses to take this step. Check it opens the right page.",
    )
    position = models.PositiveSmallIntegerField(default=100, help_text="Lower numbers come first.")
    sources = models.ManyToManyField(Source, related_name="routes")
    last_reviewed = models.DateField(help_text="When an editor last checked every fact.")
    next_review_due = models.DateField(
        help_text="When the facts must be checked again (at most 3 years after the last review)."
    )
    reviewer = models.CharField(
        max_length=120,
        help_text="Name and role of the person who reviewed it, shown to readers.",
    )

    objects = ReviewedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "key"]
        verbose_name = "way to get help"
        verbose_name_plural = "ways to get help"
        constraints = [
            choices_constraint("nation", Nation, "route"),
            review_order_constraint("route"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{reverse('articles:getting-help')}#{self.key}"
