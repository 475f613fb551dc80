from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TherapiesConfig(AppConfig):
    name = "therapies"
    verbose_name = "Therapy facts"

    def ready(self):
        from history import registry
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
        from therapies.permissions import grant_editors_every_content_permission

        # Content: recorded in history, exported, and any change refreshes pages.
        # Parents first (see history/registry.py).
        registry.register(
            School,
            Source,
            Condition,
            Therapy,
            Citation,
            TherapyCondition,
            SearchTerm,
            Recommendation,
            RecommendedOption,
            Route,
        )
        post_migrate.connect(grant_editors_every_content_permission, sender=self)
