from django.apps import AppConfig


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
