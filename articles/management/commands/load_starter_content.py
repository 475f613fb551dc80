from django.core.management.base import BaseCommand
from django.db import transaction

from articles import starter as article_starter
from articles.models import AnswerOption, Article, Page, Question, Rule
from history.recording import one_save
from therapies import starter
from therapies.models import (
    Citation,
    Condition,
    School,
    Source,
    Therapy,
    TherapyCondition,
)


class Command(BaseCommand):
    help = (
        "Create the starter content (IPT, DIT, schools, conditions, sources, the IPT and "
        "DIT article) where it "
        "is missing. Safe to run again: it never changes a record that already exists, "
        "so editors' changes are kept."
    )

    def handle(self, *args, **options):
        # One save in each record's history, not one per citation and use.
        with one_save():
            self.load()

    @transaction.atomic
    def load(self):
        created = []
        sources = {}
        for data in starter.SOURCES:
            source, made = Source.objects.get_or_create(key=data["key"], defaults=data)
            sources[source.key] = source
            created += [f"source {source.key}"] if made else []
        schools = {}
        for data in starter.SCHOOLS:
            school, made = School.objects.get_or_create(slug=data["slug"], defaults=data)
            schools[school.slug] = school
            created += [f"school {school.slug}"] if made else []
        conditions = {}
        for data in starter.CONDITIONS:
            fields = {k: v for k, v in data.items() if k not in {"slug", "guidelines"}}
            condition, made = Condition.objects.get_or_create(slug=data["slug"], defaults=fields)
            if made:
                condition.guidelines.set([sources[key] for key in data.get("guidelines", [])])
            conditions[condition.slug] = condition
            created += [f"condition {condition.slug}"] if made else []
        for data in starter.THERAPIES:
            if Therapy.objects.filter(slug=data["slug"]).exists():
                # An existing therapy belongs to the editors, including which
                # citations and conditions they kept or removed.
                continue
            self.create_therapy(data, schools, conditions, sources)
            created.append(f"therapy {data['slug']}")
        for data in article_starter.ARTICLES:
            if Article.objects.filter(slug=data["slug"]).exists():
                continue
            self.create_article(data, sources)
            created.append(f"article {data['slug']}")
        for position, data in enumerate(article_starter.QUESTIONS, start=1):
            if Question.objects.filter(key=data["key"]).exists():
                continue
            self.create_question(data, position * 10)
            created.append(f"question {data['key']}")
        for data in article_starter.PAGES:
            if Page.objects.filter(slug=data["slug"]).exists():
                continue
            page = Page(**data)
            page.full_clean()
            page.save()
            created.append(f"page {data['slug']}")
        self.stdout.write(
            f"Created {', '.join(created)}." if created else "Starter content already present."
        )

    def create_therapy(self, data, schools, conditions, sources):
        fields = {k: v for k, v in data.items() if k not in {"citations", "conditions"}}
        fields["school"] = schools[fields["school"]]
        therapy = Therapy(
            **fields,
            last_reviewed=starter.REVIEWED,
            next_review_due=starter.NEXT_REVIEW,
            reviewer=starter.REVIEWER,
        )
        therapy.full_clean()
        therapy.save()
        for fact, cited in data["citations"].items():
            for item in cited:
                key, note = item if isinstance(item, tuple) else (item, "")
                Citation.objects.create(therapy=therapy, fact=fact, source=sources[key], note=note)
        for slug, use in data["conditions"].items():
            link = TherapyCondition.objects.create(
                therapy=therapy,
                condition=conditions[slug],
                **{k: v for k, v in use.items() if k != "sources"},
            )
            link.sources.set([sources[key] for key in use["sources"]])

    def create_article(self, data, sources):
        fields = {k: v for k, v in data.items() if k not in {"therapies", "sources"}}
        article = Article(**fields)
        article.full_clean()
        article.save()
        article.therapies.set(Therapy.objects.filter(slug__in=data["therapies"]))
        article.sources.set([sources[key] for key in data["sources"]])

    def create_question(self, data, position):
        question = Question.objects.create(
            key=data["key"],
            text=data["text"],
            hint=data["hint"],
            kind=data.get("kind", "choice"),
            position=position,
        )
        for option_position, (value, label, rules) in enumerate(data["options"], start=1):
            option = AnswerOption.objects.create(
                question=question, value=value, label=label, position=option_position
            )
            for attribute, operator, compared, weight, reason in rules:
                rule = Rule(
                    option=option,
                    attribute=attribute,
                    operator=operator,
                    value=compared,
                    weight=weight,
                    reason=reason,
                )
                rule.full_clean()
                rule.save()
