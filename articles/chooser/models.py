"""The chooser's questions, answer options and the rules that score therapies."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from articles.chooser.marking import (
    ATTRIBUTES,
    OPERATORS,
    REASON_PLACEHOLDERS,
    unknown_placeholders,
)
from history.models import EditVersioned, choices_constraint


class QuestionKind(models.TextChoices):
    CHOICE = "choice", "A preference: the reader picks one option, whose rules mark therapies"
    CONDITIONS = (
        "conditions",
        "What the reader wants help with: every condition a guideline recommends options for, "
        "“something else” and “I'm not sure” (no options or rules needed)",
    )
    POPULATION = (
        "population",
        "Which of a condition's groups of options apply: each option's short name is a "
        "group's web-address name (for example “less-severe”) or an age group (“adults”, "
        "“children-young-people”); “not-sure” shows every group",
    )


class QuestionQuerySet(models.QuerySet):
    def for_chooser(self):
        """Active questions with their options and rules, in three queries."""
        return self.filter(is_active=True).prefetch_related(
            models.Prefetch("options", queryset=AnswerOption.objects.prefetch_related("rules"))
        )


class Question(EditVersioned):
    key = models.SlugField(
        max_length=40,
        unique=True,
        help_text="A short name used in the result's web address, for example “recent-change”. "
        "Changing it breaks results people have bookmarked.",
    )
    text = models.CharField(max_length=300, help_text="The question, in plain words.")
    hint = models.TextField(blank=True, help_text="Optional: a sentence that helps people answer.")
    kind = models.CharField(
        max_length=12, choices=QuestionKind.choices, default=QuestionKind.CHOICE
    )
    position = models.PositiveSmallIntegerField(default=100, help_text="Lower numbers come first.")
    is_active = models.BooleanField("show on the site", default=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [choices_constraint("kind", QuestionKind, "question")]

    def __str__(self):
        return self.text


class AnswerOption(EditVersioned):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=200, help_text="What the reader sees, for example “Yes”.")
    value = models.SlugField(
        max_length=40, help_text="A short name used in the result's web address, for example “yes”."
    )
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["question", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "value"],
                name="answeroption_unique_value",
                violation_error_message="Another option of this question already uses that short name.",
            )
        ]

    def __str__(self):
        return f"{self.question.key}: {self.label}"


class Rule(models.Model):
    """When a reader picks the option, every therapy for which this holds is marked:
    it fits what the reader said, or it may fit less well."""

    option = models.ForeignKey(AnswerOption, on_delete=models.CASCADE, related_name="rules")
    attribute = models.CharField(
        "therapy attribute",
        max_length=20,
        choices=[(key, f"{key}: {meaning}") for key, meaning in ATTRIBUTES.items()],
    )
    operator = models.CharField(max_length=12, choices=list(OPERATORS.items()))
    value = models.CharField(
        max_length=60,
        help_text="What to compare with, for example “true” or “8”.",
    )
    fits = models.BooleanField(
        "it fits",
        default=True,
        help_text="Ticked: a therapy this holds for fits what the reader said. Not ticked: it "
        "may fit less well. Either way it keeps its place in the guideline's order.",
    )
    reason = models.CharField(
        max_length=300,
        help_text="A plain sentence shown to the reader when this rule applies. You can use "
        + ", ".join(f"{{{name}}} ({meaning})" for name, meaning in REASON_PLACEHOLDERS.items())
        + ".",
    )

    class Meta:
        ordering = ["option", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attribute__in=list(ATTRIBUTES)),
                name="rule_attribute_valid",
                violation_error_message="Choose one of the listed therapy attributes.",
            ),
            models.CheckConstraint(
                condition=Q(operator__in=list(OPERATORS)),
                name="rule_operator_valid",
                violation_error_message="Choose one of the listed comparisons.",
            ),
        ]

    def __str__(self):
        return f"{self.attribute} {OPERATORS.get(self.operator, self.operator)} {self.value or '(answer)'}"

    def clean(self):
        unknown = unknown_placeholders(self.reason)
        if unknown:
            raise ValidationError(
                {
                    "reason": "Unknown placeholder "
                    + ", ".join(f"{{{name}}}" for name in unknown)
                    + ". Use one of: "
                    + ", ".join(f"{{{name}}}" for name in REASON_PLACEHOLDERS)
                    + "."
                }
            )
        if self.operator in {"at_most", "at_least"} and self.value:
            try:
                float(self.value)
            except ValueError:
                raise ValidationError({"value": "This comparison needs a number."}) from None
