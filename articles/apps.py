from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles and pages"

    def ready(self):
        from articles import read_model
        from articles.models import AnswerOption, Article, MistakeReport, Page, Question, Rule
        from history import registry
        from therapies import read_model as therapies_read_model

        # Content: recorded in history, exported, and any change refreshes pages.
        # Parents first (see history/registry.py). Readers' reports are never
        # shown on a page, so they do not refresh pages.
        registry.register(Article, Page, Question, AnswerOption, Rule)
        registry.register(MistakeReport, on_pages=False)

        # Articles, pages and questions are loaded with the read model that
        # public pages render from.
        therapies_read_model.register_part("editorial", read_model.load)
