from django.apps import AppConfig
from django.db.models.signals import post_delete


class SiteConfig(AppConfig):
    """The project's wiring: system checks, cache invalidation, the Users admin.

    Listed last in INSTALLED_APPS, so every app has registered its content
    models (history/registry.py) before this connects to them.
    """

    name = "config"
    verbose_name = "Site"

    def ready(self):
        from config import (
            checks,  # noqa: F401  (registers the project's system checks)
            users_admin,  # noqa: F401  (adds "Unlock sign-in" to Users)
        )
        from config.page_cache import content_changed
        from history import registry

        # Any change to content, wherever it comes from (admin save, inline,
        # bulk delete, revert, import, starter content), makes every cached
        # page on every server stale (and bans them from Varnish). QuerySet.update() sends no signal, so
        # the site's own code never uses it on content outside search vectors.
        registry.connect(
            on_save=content_changed,
            on_delete=content_changed,
            on_m2m=content_changed,
            delete_signal=post_delete,
            uid="pages",
            pages_only=True,
        )
        registry.content_loaded.connect(content_changed, dispatch_uid="pages-loaded")
