"""The one list of content models: what editors own.

History recording, export, import and the page cache's invalidation all read
this list; each app registers its own models in its AppConfig.ready(), so the
editing core never names a concrete model.

Register parents before the records that point at them: import --replace
deletes in the reverse order, so protected links never block a deletion.
"""

from collections.abc import Callable

from django.db import models
from django.dispatch import Signal

# Sent once after content was loaded in bulk (import_content), whose raw
# saves the per-record receivers skip or cannot tell apart.
content_loaded = Signal()

_content_models: list[type[models.Model]] = []
# Content that no public page shows (readers' reports of mistakes): kept in
# history and backups, but a change to it must not make pages stale, or any
# reader could empty every cache on every server (and the CDN) with one POST.
_not_on_pages: set[type[models.Model]] = set()


def register(*content_models: type[models.Model], on_pages: bool = True) -> None:
    for model in content_models:
        if model not in _content_models:
            _content_models.append(model)
        if not on_pages:
            _not_on_pages.add(model)


def content_models() -> list[type[models.Model]]:
    """Every registered content model, parents first."""
    return list(_content_models)


def content_labels() -> list[str]:
    """'app_label.ModelName' of each content model, for dumpdata."""
    return [model._meta.label for model in _content_models]


def connect(
    *,
    on_save: Callable[..., None],
    on_delete: Callable[..., None],
    on_m2m: Callable[..., None],
    delete_signal: Signal,
    uid: str,
    pages_only: bool = False,
) -> None:
    """Connect the receivers to every change of every content model.

    One place, so that no model is left out of history or of cache invalidation:
    a save, a delete (delete_signal: pre_delete or post_delete), and each
    many-to-many relation changed from either side. With pages_only, only
    the models that public pages show.
    """
    from django.db.models.signals import m2m_changed, post_save

    for model in _content_models:
        if pages_only and model in _not_on_pages:
            continue
        label = model._meta.label
        post_save.connect(on_save, sender=model, dispatch_uid=f"{uid}-save-{label}")
        delete_signal.connect(on_delete, sender=model, dispatch_uid=f"{uid}-delete-{label}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                on_m2m,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}-m2m-{label}-{field.name}",
            )
