from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Helpers every app may use (text, readability, JSON-LD, the site's template tags).

    It imports no other app of the project, so anything can depend on it.
    """

    name = "common"
    verbose_name = "Common helpers"
