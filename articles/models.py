"""The articles app's models, one module per domain package.

Django looks for an app's models in `articles.models`; each package owns its own.
"""

from articles.chooser.models import AnswerOption, Question, QuestionKind, Rule
from articles.editorial.models import MAX_BODY_LENGTH, Article, ArticleQuerySet, body_problems
from articles.pages.models import REQUIRED_PAGES, Page
from articles.reports.models import MistakeReport, ReportStatus

__all__ = [
    "MAX_BODY_LENGTH",
    "REQUIRED_PAGES",
    "AnswerOption",
    "Article",
    "ArticleQuerySet",
    "MistakeReport",
    "Page",
    "Question",
    "QuestionKind",
    "ReportStatus",
    "Rule",
    "body_problems",
]
