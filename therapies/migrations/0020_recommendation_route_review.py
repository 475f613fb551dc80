import datetime

from django.db import migrations, models

# The starter content's review (therapies/starter_data/review.yaml), written out
# here because a migration must not import app code: the rows that exist before
# this migration were all loaded from the starter content, reviewed then.
REVIEWED = datetime.date(2026, 11, 26)
NEXT_REVIEW = datetime.date(2027, 11, 26)
REVIEWER = (
    "Therapy Compare editorial team (fact-checking against the sources, not a clinical review)"
)


def review_fields() -> list[tuple[str, models.Field]]:
    return [
        (
            "last_reviewed",
            models.DateField(default=REVIEWED, help_text="When an editor last checked every fact."),
        ),
        (
            "next_review_due",
            models.DateField(
                default=NEXT_REVIEW,
                help_text="When the facts must be checked again (at most 3 years after the last review).",
            ),
        ),
        (
            "reviewer",
            models.CharField(
                default=REVIEWER,
                help_text="Name and role of the person who reviewed it, shown to readers.",
                max_length=120,
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("therapies", "0019_recommendation_if_you_wait"),
    ]

    operations = [
        # preserve_default=False: the default fills the existing rows, and new
        # records get their dates from the admin or the starter loader.
        *(
            migrations.AddField(model_name=model, name=name, field=field, preserve_default=False)
            for model in ["recommendation", "route"]
            for name, field in review_fields()
        ),
        migrations.AddConstraint(
            model_name="recommendation",
            constraint=models.CheckConstraint(
                condition=models.Q(("next_review_due__gt", models.F("last_reviewed"))),
                name="recommendation_review_order",
                violation_error_message="The next review must be after the last review.",
            ),
        ),
        migrations.AddConstraint(
            model_name="route",
            constraint=models.CheckConstraint(
                condition=models.Q(("next_review_due__gt", models.F("last_reviewed"))),
                name="route_review_order",
                violation_error_message="The next review must be after the last review.",
            ),
        ),
    ]
