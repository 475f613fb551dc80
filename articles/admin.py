"""Django's admin finds `articles.admin`; each package registers its own models."""

from articles.chooser import admin as chooser_admin
from articles.editorial import admin as editorial_admin
from articles.pages import admin as pages_admin
from articles.reports import admin as reports_admin

__all__ = ["chooser_admin", "editorial_admin", "pages_admin", "reports_admin"]
