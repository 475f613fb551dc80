"""Admin for editors' safety: no lost updates, history with per-field changes, revert,
and the review workflow. Content ModelAdmins inherit ContentAdmin."""

from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst

from history.changes import (
    Refused,
    apply_steps,
    field_changes,
    restore_steps,
    saves_from,
    undo_steps,
    with_previous,
)
from history.models import Action, Version, is_overdue
from history.recording import snapshot

SAVES_PER_PAGE = 20


class EditConflictForm(forms.ModelForm):
    """Refuses a save when someone else saved the record after this form was opened.

    The editor's input stays in the form, with a list of what the other person
    changed; saving again (after reading it) keeps the editor's version.
    """

    edit_version_seen = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Set by ContentAdmin.get_form: (model, foreign key name) of inline records.
    inline_models: list = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edit_version_seen"].initial = self.instance.edit_version

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        model = type(self.instance)
        # Locks the row until this save commits (PostgreSQL; SQLite runs
        # writing transactions one at a time), so two saves cannot both pass.
        current = (
            model._base_manager.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("edit_version", flat=True)
            .first()
        )
        seen = cleaned.get("edit_version_seen")
        if seen is None or current is None or seen == current:
            return cleaned
        # Show the current version in the re-displayed form, so that saving
        # again, after reading what changed, goes through.
        data = self.data.copy()
        data[self.add_prefix("edit_version_seen")] = current
        self.data = data
        raise ValidationError(self.conflict_message(seen))

    def conflict_message(self, seen: int) -> str:
        model, pk = type(self.instance), self.instance.pk
        content_type = ContentType.objects.get_for_model(model)
        versions = Version.objects.filter(content_type=content_type, object_id=str(pk))
        opened = versions.filter(edit_version=seen).first()
        later = versions.filter(edit_version__gt=seen)
        names = ", ".join(sorted({v.user_name or "someone" for v in later})) or "someone"
        current = model._base_manager.get(pk=pk)
        changes = field_changes(model, opened.data, snapshot(current)) if opened else []
        described = [f"{c.label}: “{c.before}” → “{c.after}”" for c in changes]
        since = opened.created_at if opened else None
        for inline_model, fk_name in self.inline_models:
            child_versions = Version.objects.filter(
                content_type=ContentType.objects.get_for_model(inline_model),
                **{f"data__{fk_name}": pk},
            )
            if since:
                child_versions = child_versions.filter(created_at__gt=since)
            described += [
                f"{v.object_repr} ({v.get_action_display().lower()})" for v in child_versions
            ]
        what = "; ".join(described) or "no visible fields"
        return (
            f"{names} saved this record after you opened it, so your changes have not been "
            f"saved yet. What they changed: {what}. Everything you typed is still in the form "
            "below. Check it against their changes, then press Save again to keep your version."
        )


@dataclass(frozen=True)
class ErrorLink:
    """A field with an error, for the list under "Please correct the errors below"."""

    label: str
    message: str
    anchor: str  # the id of an element on the form


def error_links(adminform, inline_admin_formsets) -> list[ErrorLink]:
    """Every field with an error, in the order the form shows them, inlines included.

    On a long form the message at the top and the field can be screens apart
    (3,700 px on the therapy form); plain links need no script.
    """
    links = fields_with_errors(adminform.form, adminform.fieldsets, label_prefix="")
    for inline in inline_admin_formsets:
        formset = inline.formset
        if formset.non_form_errors():
            links.append(
                ErrorLink(
                    capfirst(inline.opts.verbose_name_plural),
                    formset.non_form_errors()[0],
                    f"{formset.prefix}-group",
                )
            )
        for index, form in enumerate(formset.forms):
            if not form.errors:
                continue
            which = f"{capfirst(inline.opts.verbose_name)} {index + 1}"
            if form.instance.pk:
                which += f" ({form.instance})"
            if NON_FIELD_ERRORS in form.errors:
                message = form.errors[NON_FIELD_ERRORS][0]
                links.append(ErrorLink(which, message, f"{formset.prefix}-{index}"))
            links += fields_with_errors(form, inline.fieldsets, label_prefix=f"{which}: ")
    return links


def fields_with_errors(form, fieldsets, *, label_prefix: str) -> list[ErrorLink]:
    links = []
    for name in flatten_fieldsets(fieldsets):
        if name not in form.errors or name not in form.fields:
            continue  # no error, or a read-only field
        field = form[name]
        if field.is_hidden:
            continue  # nothing the editor could correct there
        # A group of radio buttons or checkboxes has no single input to point
        # at; its id is on the element around them.
        anchor = field.id_for_label or field.auto_id
        links.append(ErrorLink(f"{label_prefix}{field.label}", field.errors[0], anchor))
    return links


class ContentAdmin(admin.ModelAdmin):
    """Base for every content ModelAdmin: conflict check, history, revert."""

    form = EditConflictForm
    change_form_template = "admin/history/change_form.html"
    object_history_template = "admin/history/object_history.html"

    class Media:
        # The editors' styles on every content form and list (the preview's
        # mark for a mistyped live fact is red only with these).
        css = {"all": ["history/editors.css"]}

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["error_links"] = error_links(
            context["adminform"], context.get("inline_admin_formsets", [])
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.inline_models = [
            (inline.model, inline.fk_name or self.inline_fk_name(inline.model))
            for inline in self.inlines
        ]
        return form

    def inline_fk_name(self, inline_model) -> str:
        for field in inline_model._meta.fields:
            if getattr(field, "related_model", None) is self.model:
                return field.name
        raise ValueError(f"{inline_model} has no link to {self.model}")

    def get_changeform_initial_data(self, request):
        """A new record starts reviewed today, next review in a year: the usual case.
        A draft may have its dates cleared; publishing needs them."""
        initial = super().get_changeform_initial_data(request)
        fields = {field.name for field in self.model._meta.fields}
        if {"last_reviewed", "next_review_due"} <= fields:
            today = timezone.localdate()
            initial.setdefault("last_reviewed", today)
            initial.setdefault("next_review_due", today + timedelta(days=365))
        return initial

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        first_name, first_options = fieldsets[0]
        fields = [*first_options["fields"], "edit_version_seen"]
        return [(first_name, {**first_options, "fields": fields}), *fieldsets[1:]]

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "<path:object_id>/history/<str:save_id>/undo/",
                self.admin_site.admin_view(self.undo_view),
                name=f"{name}_undo",
            ),
            path(
                "<path:object_id>/history/<str:save_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name=f"{name}_restore",
            ),
            *super().get_urls(),
        ]

    def versions_for(self, obj):
        """Versions of the record and of the records inside it (its inlines)."""
        own = Version.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model), object_id=str(obj.pk)
        )
        for inline in self.inlines:
            fk_name = inline.fk_name or self.inline_fk_name(inline.model)
            own = own | Version.objects.filter(
                content_type=ContentType.objects.get_for_model(inline.model),
                **{f"data__{fk_name}": obj.pk},
            )
        return own

    def object_or_404(self, request, object_id):
        """The record named in the URL; 404, not a 500, for an id that is not
        one at all ("abc" where a number belongs), as the admin's own views do."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such record.")
        return obj

    def history_view(self, request, object_id, extra_context=None):
        opts = self.model._meta
        obj = self.object_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = self.versions_for(obj)
        # One row per save, newest first; a page of saves costs the same few
        # queries however long the history is.
        saves = versions.values("save_id").annotate(last=Max("pk")).order_by("-last")
        page = Paginator(saves, SAVES_PER_PAGE).get_page(request.GET.get("page"))
        on_page = [row["save_id"] for row in page]
        page_versions = with_previous(versions.filter(save_id__in=on_page)).order_by("-pk")
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {obj}",
            "subtitle": None,
            "object": obj,
            "opts": opts,
            "module_name": opts.verbose_name_plural,
            "saves": saves_from(page_versions, self.model, obj.pk),
            "page": page,
            "can_revert": self.has_change_permission(request, obj),
            "undo_url_name": f"admin:{opts.app_label}_{opts.model_name}_undo",
            "restore_url_name": f"admin:{opts.app_label}_{opts.model_name}_restore",
        }
        return TemplateResponse(request, self.object_history_template, context)

    def save_or_404(self, request, object_id, save_id):
        """The record, and its versions written by one save; POST and change permission only."""
        obj = self.object_or_404(request, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        versions = list(
            with_previous(self.versions_for(obj).filter(save_id=save_id)).order_by("pk")
        )
        if not versions:
            raise Http404("No such save of this record.")
        return obj, versions

    def undo_view(self, request, object_id, save_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj, versions = self.save_or_404(request, object_id, save_id)
        when = saved_when(versions[-1])
        try:
            steps = undo_steps(versions, self.model, obj.pk)
        except Refused as refused:
            messages.error(request, f"The change of {when} was not undone. {refused}")
            return self.back_to_history(obj)
        if not steps:
            messages.info(
                request,
                f"Nothing to undo: “{obj}” already has the values from before the change of "
                f"{when}. Nothing was changed or recorded.",
            )
            return self.back_to_history(obj)
        return self.apply(request, obj, steps, f"Undid the change of {when}")

    def restore_view(self, request, object_id, save_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj, versions = self.save_or_404(request, object_id, save_id)
        when = saved_when(versions[-1])
        last = versions[-1].pk
        states, created_later = {}, []
        for version in self.versions_for(obj).select_related("content_type").order_by("-pk"):
            key = (version.model, version.object_id)
            if version.pk <= last:
                states.setdefault(key, version)
            elif version.action == Action.CREATED:
                created_later.append(key)
        created_later = [key for key in created_later if key not in states]
        steps = restore_steps(states, created_later, (self.model, str(obj.pk)))
        if not steps:
            messages.info(
                request,
                f"“{obj}” is already as it was after the save of {when}. "
                "Nothing was changed or recorded.",
            )
            return self.back_to_history(obj)
        return self.apply(request, obj, steps, f"Restored as it was after the save of {when}")

    def apply(self, request, obj, steps, done: str):
        name = request.user.get_full_name() or request.user.get_username()
        try:
            apply_steps(steps, obj, user_name=name)
        except ValidationError as error:
            messages.error(
                request,
                "Nothing was changed: the record would break one of its rules. "
                + " ".join(error.messages),
            )
            return self.back_to_history(obj)
        described = "; ".join(text for step in steps for text in step.described)
        self.log_change(request, obj, f"{done}: {described}.")
        messages.success(
            request, f"{done}: {described}. This is recorded, so it can be undone too."
        )
        return self.back_to_history(obj)

    def back_to_history(self, obj):
        opts = self.model._meta
        return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]))


def saved_when(version) -> str:
    moment = timezone.localtime(version.created_at)
    who = f" by {version.user_name}" if version.user_name else ""
    return f"{moment:%-d %B %Y at %H:%M}{who}"


class ReviewOverdueFilter(admin.SimpleListFilter):
    """The review filter of a content list: overdue, or due within REVIEW_DUE_SOON_DAYS."""

    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        days = settings.REVIEW_DUE_SOON_DAYS
        return [("overdue", "Review overdue"), ("due-soon", f"Due in the next {days} days")]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.review_overdue()
        if self.value() == "due-soon":
            today = timezone.localdate()
            return queryset.review_due_within(settings.REVIEW_DUE_SOON_DAYS, today).filter(
                next_review_due__gte=today
            )
        return queryset


def review_cell(due) -> str:
    """The review column of a list: one short cell, so it fits at 1,280 px."""
    if due is None:
        return "Not reviewed yet (draft)"
    if is_overdue(due):
        return format_html(
            '<strong class="review-overdue">Overdue since {}</strong>', f"{due:%-d %b %Y}"
        )
    return f"Due {due:%-d %b %Y}"


@admin.action(description="Mark as reviewed today (by me)")
def mark_reviewed(modeladmin, request, queryset):
    """Sets the review date and reviewer in one step; the next review is due in a year."""
    today = timezone.localdate()
    # Readers see the reviewer's name; a login name must never be published.
    name = request.user.get_full_name()
    if not name:
        modeladmin.message_user(
            request,
            "Nothing was marked as reviewed: readers are shown who reviewed a page, and your "
            "account has no name to show. Add your name to your account (an administrator can "
            "set it under Users), or type it into the record's reviewer field and save.",
            messages.ERROR,
        )
        return
    for record in queryset:
        record.last_reviewed = today
        record.next_review_due = today + timedelta(days=365)
        record.reviewer = name
        record.save()
        modeladmin.log_change(request, record, "Marked as reviewed.")
    modeladmin.message_user(request, f"Marked {queryset.count()} as reviewed today by {name}.")
