"""Reading and applying versions: per-field differences, and revert."""

from dataclasses import dataclass

from django.db import models, transaction

from history.models import Action, Version
from history.recording import acting_as


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


def readable(field, value) -> str:
    """A stored value as an editor would recognise it."""
    if value in (None, ""):
        return "(empty)"
    if isinstance(field, models.ManyToManyField):
        names = field.related_model._base_manager.filter(pk__in=value)
        return ", ".join(sorted(str(item) for item in names)) or "(none)"
    if isinstance(field, models.ForeignKey):
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related else f"(deleted record {value})"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    return str(value)


def field_changes(model, before: dict, after: dict) -> list[FieldChange]:
    changes = []
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False) and not isinstance(field, models.ManyToManyField):
            continue
        name = field.name
        if name not in before and name not in after:
            continue
        old, new = before.get(name), after.get(name)
        if isinstance(field, models.ManyToManyField):
            old, new = sorted(old or []), sorted(new or [])
        if old != new:
            label = str(field.verbose_name)
            changes.append(
                FieldChange(
                    label[:1].upper() + label[1:], readable(field, old), readable(field, new)
                )
            )
    return changes


def previous_version(version: Version) -> Version | None:
    return (
        Version.objects.filter(
            content_type=version.content_type, object_id=version.object_id, pk__lt=version.pk
        )
        .order_by("-pk")
        .first()
    )


def changes_in(version: Version) -> list[FieldChange]:
    """What this version changed compared with the one before it."""
    before = previous_version(version)
    return field_changes(version.model, before.data if before else {}, version.data)


def revert(version: Version, *, user_name: str):
    """Make the record as it was in `version`. Recorded as a new version."""
    model = version.model
    with transaction.atomic(), acting_as(user_name, Action.REVERTED):
        instance = model._base_manager.filter(pk=version.object_id).first() or model(
            pk=version.object_id
        )
        many_to_many = {}
        for field in model._meta.get_fields():
            if field.name not in version.data:
                continue
            value = version.data[field.name]
            if isinstance(field, models.ManyToManyField):
                many_to_many[field.name] = value
            elif field.concrete:
                setattr(instance, field.attname, field.to_python(value))
        instance.full_clean()
        instance.save()
        for name, pks in many_to_many.items():
            getattr(instance, name).set(pks)
    return instance
