"""The chooser's "12 to 16 sessions" answer marked a therapy as fitting when its
longest course was at least 12 sessions, so a 40-session therapy was "close to
what you said". Like "about 8", it now fits a therapy that can be done in 16
sessions or fewer and may fit less well one that needs more than 16.

Changes the shipped rule only where an editor has not changed it since.
"""

from django.db import migrations

OLD = {
    "attribute": "longest_course",
    "operator": "at_least",
    "value": "12",
    "fits": True,
    "reason": "{abbreviation} usually takes {sessions}, close to what you said.",
}
FITS = {
    "attribute": "shortest_course",
    "operator": "at_most",
    "value": "16",
    "fits": True,
    "reason": "{abbreviation} can be done in {shortest} sessions.{brief_note}",
}
FITS_LESS = {
    "attribute": "shortest_course",
    "operator": "at_least",
    "value": "17",
    "fits": False,
    "reason": "{abbreviation} usually takes {sessions}, more than 16.",
}


def mark_by_the_shortest_course(apps, schema_editor):
    Rule = apps.get_model("articles", "Rule")
    for rule in Rule.objects.filter(
        option__question__key="sessions", option__value="12-to-16", **OLD
    ):
        Rule.objects.filter(pk=rule.pk).update(**FITS)
        Rule.objects.create(option_id=rule.option_id, **FITS_LESS)


def mark_by_the_longest_course(apps, schema_editor):
    Rule = apps.get_model("articles", "Rule")
    rules = Rule.objects.filter(option__question__key="sessions", option__value="12-to-16")
    rules.filter(**FITS_LESS).delete()
    rules.filter(**FITS).update(**OLD)


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_draft_articles_need_no_author")]

    operations = [migrations.RunPython(mark_by_the_shortest_course, mark_by_the_longest_course)]
