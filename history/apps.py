from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "history"
    verbose_name = "History"

    def ready(self):
        from history import recording

        # After the content apps in INSTALLED_APPS: they register their models first.
        recording.connect_signals()
