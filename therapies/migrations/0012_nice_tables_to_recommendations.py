"""Move depression's two NICE tables from the uses of therapies into records.

Until now each therapy's use for depression said whether it is in NICE
NG222's table for less severe or for more severe depression, with its row and
a note. Each table becomes a Recommendation (less-severe, more-severe) under
the guideline NG222, with one option per therapy: in NICE's order where every
row was known, else alphabetically and marked as not checked (the page says
so). A database with no depression uses, or no NG222 source, gets nothing
here; `load_starter_content` then creates the complete tables.
"""

from django.db import migrations

TABLES = [
    ("less-severe", "Less severe depression", "less_severe", 10),
    ("more-severe", "More severe depression", "more_severe", 20),
]
IN_THE_TABLE = {"listed", "family_listed"}


def forwards(apps, schema_editor):
    TherapyCondition = apps.get_model("therapies", "TherapyCondition")
    Source = apps.get_model("therapies", "Source")
    Recommendation = apps.get_model("therapies", "Recommendation")
    RecommendedOption = apps.get_model("therapies", "RecommendedOption")
    guideline = Source.objects.filter(key="ng222").first()
    if guideline is None:
        return
    for slug, population, field, position in TABLES:
        links = list(
            TherapyCondition.objects.filter(
                condition__slug="depression", **{f"{field}__in": IN_THE_TABLE}
            ).select_related("therapy", "condition")
        )
        if not links:
            continue
        in_order = all(getattr(link, f"{field}_rank") is not None for link in links)
        if in_order:
            links.sort(key=lambda link: getattr(link, f"{field}_rank"))
        else:
            links.sort(key=lambda link: link.therapy.name.lower())
        group = Recommendation.objects.create(
            guideline=guideline,
            condition=links[0].condition,
            population=population,
            slug=slug,
            ages="adults",
            position=position,
            in_order=in_order,
            order_note=""
            if in_order
            else "We have not checked NICE's order for this table, so these are in "
            "alphabetical order.",
        )
        for place, link in enumerate(links, start=1):
            option = RecommendedOption.objects.create(
                recommendation=group,
                position=place,
                name=link.therapy.name,
                therapy=link.therapy,
                kind="therapy",
                note=getattr(link, f"{field}_note"),
                verified=in_order,
            )
            option.sources.set(link.sources.all())


class Migration(migrations.Migration):
    dependencies = [
        ("therapies", "0011_recommendations"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
