"""factory_boy factories: valid, published records unless a test says otherwise."""

import datetime

import factory

from therapies.models import Citation, Condition, School, Source, Therapy, TherapyCondition


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"School {n}")
    slug = factory.Sequence(lambda n: f"school-{n}")
    description = "A school of therapy used in tests."


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Condition {n}")
    slug = factory.Sequence(lambda n: f"condition-{n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ["key"]

    key = factory.Sequence(lambda n: f"source{n}")
    title = factory.Sequence(lambda n: f"Test source {n}")
    publisher = "Test Publisher"
    kind = "research"
    url = "https://example.org/source"


class TherapyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Therapy
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Test therapy {n}")
    abbreviation = factory.Sequence(lambda n: f"T{n}")
    slug = factory.Sequence(lambda n: f"t{n}")
    status = "published"
    summary = "A therapy used in tests."
    school = factory.SubFactory(SchoolFactory)
    focus = "both"
    provider_route = "any_trained"
    sessions_min = 10
    sessions_max = 20
    evidence_level = "moderate"
    evidence_summary = "Some studies."
    last_reviewed = datetime.date(2026, 1, 1)
    next_review_due = datetime.date(2027, 1, 1)
    reviewer = "Test Reviewer"


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    therapy = factory.SubFactory(TherapyFactory)
    fact = "summary"
    source = factory.SubFactory(SourceFactory)


class TherapyConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TherapyCondition

    therapy = factory.SubFactory(TherapyFactory)
    condition = factory.SubFactory(ConditionFactory)
    evidence_level = "moderate"
    guideline_status = "not_checked"
