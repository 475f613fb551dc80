from django.core.management.base import BaseCommand
from django.db import transaction

from articles import starter as article_starter
from articles.models import AnswerOption, Article, Page, Question, Rule
from history.recording import one_save
from therapies import starter
from therapies.models import (
    Citation,
    Condition,
    Recommendation,
    RecommendedOption,
    Route,
    School,
    SearchTerm,
    Source,
    Therapy,
    TherapyCondition,
)

CONDITION_LINKS = {"slug", "guidelines", "parent", "synonyms", "sources"}


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
        made_conditions = []
        for data in starter.CONDITIONS:
            fields = {k: v for k, v in data.items() if k not in CONDITION_LINKS}
            condition, made = Condition.objects.get_or_create(slug=data["slug"], defaults=fields)
            if made:
                condition.guidelines.set([sources[key] for key in data.get("guidelines", [])])
                condition.sources.set([sources[key] for key, _ in cited(data.get("sources"))])
                for words in data.get("synonyms", []):
                    SearchTerm.objects.create(condition=condition, words=words)
                made_conditions.append((condition, data))
            conditions[condition.slug] = condition
            created += [f"condition {condition.slug}"] if made else []
        # Once every condition exists, so a kind can name a broader one written after it.
        for condition, data in made_conditions:
            if data.get("parent"):
                condition.parent = conditions[data["parent"]]
                condition.save()
        for data in starter.THERAPIES:
            if Therapy.objects.filter(slug=data["slug"]).exists():
                # An existing therapy belongs to the editors, including which
                # citations and conditions they kept or removed.
                continue
            self.create_therapy(data, schools, conditions, sources)
            created.append(f"therapy {data['slug']}")
        therapies = {therapy.slug: therapy for therapy in Therapy.objects.all()}
        # Once every therapy exists, so a form can name a broader one written after it.
        for data in starter.THERAPIES:
            therapy = therapies[data["slug"]]
            if (
                data.get("form_of")
                and therapy.form_of_id is None
                and f"therapy {therapy.slug}" in created
            ):
                therapy.form_of = therapies[data["form_of"]]
                therapy.save()
        for guideline in starter.GUIDELINES:
            for position, data in enumerate(guideline["recommendations"], start=1):
                exists = Recommendation.objects.filter(
                    condition__slug=data["condition"], slug=data["population"]
                ).exists()
                if exists:
                    # The group and its options belong to the editors once it exists.
                    continue
                self.create_recommendation(
                    sources[guideline["guideline"]],
                    data,
                    position * 10,
                    conditions,
                    therapies,
                    sources,
                )
                created.append(f"recommendation {data['condition']} {data['population']}")
        for position, data in enumerate(starter.ROUTES, start=1):
            if Route.objects.filter(key=data["key"]).exists():
                continue
            fields = {k: v for k, v in data.items() if k not in {"sources", "synonyms"}}
            route = Route(**fields, position=position * 10, **self.starter_review())
            route.full_clean(exclude=["sources"])
            route.save()
            route.sources.set([sources[key] for key, _ in cited(data["sources"])])
            for words in data.get("synonyms", []):
                SearchTerm.objects.create(route=route, words=words)
            created.append(f"route {route.key}")
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

    def starter_review(self) -> dict:
        """Who reviewed the starter content and when (starter_data/review.yaml)."""
        return {
            "last_reviewed": starter.REVIEWED,
            "next_review_due": starter.NEXT_REVIEW,
            "reviewer": starter.REVIEWER,
        }

    def create_therapy(self, data, schools, conditions, sources):
        fields = {
            k: v
            for k, v in data.items()
            if k not in {"citations", "conditions", "synonyms", "form_of"}
        }
        fields["school"] = schools[fields["school"]]
        therapy = Therapy(**fields, **self.starter_review())
        therapy.full_clean()
        therapy.save()
        for fact, cited in data["citations"].items():
            for item in cited:
                key, note = item if isinstance(item, tuple) else (item, "")
                citation = Citation(therapy=therapy, fact=fact, source=sources[key], note=note)
                citation.full_clean()
                citation.save()
        for words in data.get("synonyms", []):
            SearchTerm.objects.create(therapy=therapy, words=words)
        for slug, use in data["conditions"].items():
            link = TherapyCondition.objects.create(
                therapy=therapy,
                condition=conditions[slug],
                **{k: v for k, v in use.items() if k != "sources"},
            )
            link.sources.set([sources[key] for key in use["sources"]])

    def create_recommendation(self, guideline, data, position, conditions, therapies, sources):
        group = Recommendation(
            guideline=guideline,
            condition=conditions[data["condition"]],
            population=data["population_name"],
            slug=data["population"],
            ages=data["ages"],
            position=position,
            in_order=data["in_order"],
            order_note=data.get("order_note", ""),
            if_you_wait=data.get("if_you_wait", ""),
            if_you_wait_words=data.get("if_you_wait_words", ""),
            **self.starter_review(),
        )
        group.full_clean()
        group.save()
        group.sources.set([sources[key] for key, _ in cited(data.get("sources"))])
        group.if_you_wait_sources.set(
            [sources[key] for key, _ in cited(data.get("if_you_wait_sources"))]
        )
        for place, item in enumerate(data["options"], start=1):
            option = RecommendedOption(
                recommendation=group,
                position=place,
                name=item["name"],
                therapy=therapies.get(item.get("therapy") or ""),
                kind=item["kind"],
                step=item.get("step"),
                strength=item.get("strength") or "",
                nice_words=item.get("nice_words") or "",
                note=item.get("note") or "",
                read_more=item.get("read_more") or "",
                verified=item.get("verified", True),
            )
            option.full_clean()
            option.save()
            option.sources.set([sources[key] for key, _ in cited(item.get("sources"))])

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
            for attribute, operator, compared, fits, reason in rules:
                rule = Rule(
                    option=option,
                    attribute=attribute,
                    operator=operator,
                    value=compared,
                    fits=fits,
                    reason=reason,
                )
                rule.full_clean()
                rule.save()


def cited(items) -> list[tuple[str, str]]:
    """Citations as (source key, note): each written as a key, or {source, note}."""
    return [starter.citation(item) for item in items or []]
