from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles and guidance"

    def ready(self):
        # Registers the project's system checks.
        from config import checks  # noqa: F401
