from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "history"
    verbose_name = "History"

    def ready(self):
        from history import recording

        recording.connect_signals()
        from history import users_admin  # noqa: F401  (adds "Unlock sign-in" to Users)
