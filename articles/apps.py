from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save

# Apps whose records are content: any change to them makes cached pages stale.
CONTENT_APPS = ["therapies", "articles"]


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles and pages"

    def ready(self):
        from articles.models import Article
        from articles.search.queries import refresh_after_save
        from config import checks  # noqa: F401  (registers the project's system checks)
        from config.page_cache import content_changed
        from therapies.models import Condition, Therapy

        # Search vectors are derived data stored beside each record; a save is
        # the one moment every writer (admin, commands, imports) goes through.
        for model in [Therapy, Condition, Article]:
            post_save.connect(
                refresh_after_save, sender=model, dispatch_uid=f"search-{model.__name__}"
            )

        # Any change to content, wherever it comes from (admin save, inline,
        # bulk delete, revert, import, starter content), makes every cached
        # page on every server stale. QuerySet.update() sends no signal, so
        # the site's own code never uses it on content outside search vectors.
        for app_label in CONTENT_APPS:
            for model in apps.get_app_config(app_label).get_models():
                label = model._meta.label
                post_save.connect(content_changed, sender=model, dispatch_uid=f"pages-save-{label}")
                post_delete.connect(
                    content_changed, sender=model, dispatch_uid=f"pages-delete-{label}"
                )
                for field in model._meta.many_to_many:
                    m2m_changed.connect(
                        content_changed,
                        sender=field.remote_field.through,
                        dispatch_uid=f"pages-m2m-{label}-{field.name}",
                    )
