from django.apps import AppConfig
from django.db.models.signals import post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles and guidance"

    def ready(self):
        # Registers the project's system checks.
        from articles.models import Article
        from articles.search import refresh_search_vector
        from config import checks  # noqa: F401
        from therapies.models import Condition, Therapy

        # Search vectors are derived data stored beside each record; a save is
        # the one moment every writer (admin, commands, imports) goes through.
        def refresh_after_save(sender, instance, **kwargs):
            refresh_search_vector(instance)

        for model in [Therapy, Condition, Article]:
            post_save.connect(
                refresh_after_save, sender=model, dispatch_uid=f"search-{model.__name__}"
            )
