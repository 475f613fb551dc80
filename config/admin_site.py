"""The editors' admin site: Django's, with the chooser's records under a heading
readers would recognise, and the README's editors' guide one click from home."""

import re

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import NON_FIELD_ERRORS
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.safestring import mark_safe

from articles.editorial.markdown import render_markdown

# The records behind "Which therapy is for me?": its questions, their options
# and (inside each option) the rules that score therapies.
CHOOSER_MODELS = {"Question", "AnswerOption", "Rule"}
CHOOSER_HEADING = "“Which therapy is for me?” (questions, options and rules)"


class EditorsAdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        grouped = []
        for app in super().get_app_list(request, app_label):
            chooser = [m for m in app["models"] if m["object_name"] in CHOOSER_MODELS]
            if not chooser:
                grouped.append(app)
                continue
            others = [m for m in app["models"] if m["object_name"] not in CHOOSER_MODELS]
            grouped.append({**app, "models": others})
            grouped.append({**app, "name": CHOOSER_HEADING, "models": chooser})
        return grouped

    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if form is not None and form.has_error(NON_FIELD_ERRORS, "unavailable"):
            # The shared cache is down (config/login.py): say so to browsers
            # and monitoring alike.
            response.status_code = 503
            response.headers["Retry-After"] = "60"
        return response

    def get_urls(self):
        guide = path("editors-guide/", self.admin_view(self.editors_guide), name="editors-guide")
        return [guide, *super().get_urls()]

    def editors_guide(self, request):
        """README's "For editors" section: one text for the repository and the admin."""
        context = {
            **self.each_context(request),
            "title": "How to edit this site",
            "guide": mark_safe(render_markdown(editors_section())),  # the sanitising renderer
        }
        return TemplateResponse(request, "admin/editors_guide.html", context)


def editors_section() -> str:
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    found = re.search(r"^## For editors\n(.*?)(?=^## )", readme, flags=re.MULTILINE | re.DOTALL)
    return found.group(1) if found else "The editors' guide is in README.md."


class EditorsAdminConfig(AdminConfig):
    default_site = "config.admin_site.EditorsAdminSite"
