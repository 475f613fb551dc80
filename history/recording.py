"""Recording versions: one snapshot per record per committed transaction.

Saving a record in the admin fires several signals (the record, then its
many-to-many fields); snapshots are taken once, when the transaction
commits, so each version is the record as it really ended up.
"""

import contextvars
import json
import uuid
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models.signals import pre_delete

from history import registry
from history.models import Action, Version

# Derived or bookkeeping fields: not part of what an editor wrote.
IGNORED_FIELDS = {"body_html", "edit_version", "updated_at"}

current_user_name = contextvars.ContextVar("current_user_name", default="")
current_action = contextvars.ContextVar("current_action", default="")
# Set for the length of one save (one admin request, one revert, one starter
# load); outside one, each recorded version is a save of its own.
current_save_id = contextvars.ContextVar("current_save_id", default="")
# Set while a backup is loaded: it brings its own history, and loaddata's
# many-to-many links send signals that are not edits.
loading_backup = contextvars.ContextVar("loading_backup", default=False)


def new_save_id() -> str:
    return uuid.uuid4().hex


def snapshot(instance) -> dict:
    """The record's own fields and many-to-many links, as JSON-ready data."""
    fields = serializers.serialize("python", [instance])[0]["fields"]
    data = {name: value for name, value in fields.items() if name not in IGNORED_FIELDS}
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def record(model, pk, user_name: str, forced_action: str, save_id: str) -> None:
    """Store the record as it is now, unless the last version already says the same."""
    instance = model._base_manager.filter(pk=pk).first()
    if instance is None:
        return  # deleted later in the same transaction; the deletion was recorded
    content_type = ContentType.objects.get_for_model(model)
    data = snapshot(instance)
    previous = Version.objects.filter(content_type=content_type, object_id=str(pk)).first()
    if previous is not None and previous.action != Action.DELETED and previous.data == data:
        return  # one change reported by several signals (the record, then its links)
    Version.objects.create(
        content_type=content_type,
        object_id=str(pk),
        object_repr=str(instance)[:200],
        action=forced_action or (Action.CHANGED if previous else Action.CREATED),
        data=data,
        edit_version=getattr(instance, "edit_version", None),
        user_name=user_name,
        save_id=save_id,
    )


def schedule(instance) -> None:
    """Record the instance when the current transaction commits (at once outside one)."""
    model, pk = type(instance), instance.pk
    user_name, forced_action = current_user_name.get(), current_action.get()
    save_id = current_save_id.get() or new_save_id()
    transaction.on_commit(lambda: record(model, pk, user_name, forced_action, save_id))


def on_save(sender, instance, raw=False, **kwargs):
    if not raw and not loading_backup.get():  # a backup brings its own history
        schedule(instance)


def on_m2m(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"} or loading_backup.get():
        return
    if reverse:
        # Changed from the other side (a therapy removed from an article, seen
        # from the therapy): the records that own the link changed.
        for related in model._base_manager.filter(pk__in=pk_set or []):
            schedule(related)
    else:
        schedule(instance)


def on_delete(sender, instance, **kwargs):
    Version.objects.create(
        content_type=ContentType.objects.get_for_model(sender),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        action=Action.DELETED,
        data=snapshot(instance),
        edit_version=getattr(instance, "edit_version", None),
        user_name=current_user_name.get(),
        save_id=current_save_id.get() or new_save_id(),
    )


def connect_signals() -> None:
    registry.connect(
        on_save=on_save,
        on_delete=on_delete,
        on_m2m=on_m2m,
        delete_signal=pre_delete,  # before the row goes, while its links can still be read
        uid="history",
    )


@contextmanager
def acting_as(user_name: str, action: str = ""):
    """Attribute the changes made inside to a person (and optionally an action)."""
    token_user = current_user_name.set(user_name)
    token_action = current_action.set(action)
    try:
        yield
    finally:
        current_user_name.reset(token_user)
        current_action.reset(token_action)


@contextmanager
def backup_loading():
    """Records loaded from a backup are not edits: nothing is recorded meanwhile."""
    token = loading_backup.set(True)
    try:
        yield
    finally:
        loading_backup.reset(token)


@contextmanager
def one_save():
    """Everything recorded inside is one save: one row of history, undone together."""
    token = current_save_id.set(new_save_id())
    try:
        yield
    finally:
        current_save_id.reset(token)


class HistoryUserMiddleware:
    """Attributes changes made during a signed-in request to that person."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        # One request is one save: an admin form saves the record and the
        # records inside it (citations, uses) together.
        with acting_as(user.get_full_name() or user.get_username()), one_save():
            return self.get_response(request)
