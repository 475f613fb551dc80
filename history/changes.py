"""Reading and applying versions: per-field differences, undo and restore.

History is read one *save* at a time: every version written by one save (a
record and the records inside it, such as a therapy's citations) shares a
save_id. A save can be undone (the fields it changed go back to their values
from before it, if nothing later changed them) or the record can be restored
as it was right after it. Either is itself recorded as a save, unless it
would change nothing.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models, transaction
from django.db.models import OuterRef, Subquery

from history.models import Action, Version
from history.recording import acting_as, snapshot

# A value longer than this (about two lines on a phone), or on several lines,
# is folded away in the history until the editor asks to see it.
SHORT_VALUE = 80
# A save that changed more records than this (the starter content's first save
# creates dozens of citations) shows the first few and folds the rest away.
RECORDS_SHOWN = 4


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str

    @property
    def is_long(self) -> bool:
        return any(len(value) > SHORT_VALUE or "\n" in value for value in (self.before, self.after))


def field_label(model, name: str) -> str:
    label = str(model._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


class RelatedNames:
    """Names of linked records (a school, sources), looked up once per kind of record
    for a whole page of history rather than once per change."""

    def __init__(self):
        self.wanted: dict = defaultdict(set)
        self.names: dict = {}

    def want(self, field, value) -> None:
        if isinstance(field, models.ManyToManyField):
            self.wanted[field.related_model].update(value or [])
        elif isinstance(field, models.ForeignKey) and value is not None:
            self.wanted[field.related_model].add(value)

    def load(self) -> None:
        for model, pks in self.wanted.items():
            found = model._base_manager.filter(pk__in=pks)
            self.names[model] = {item.pk: str(item) for item in found}
        self.wanted.clear()

    def name(self, model, pk) -> str | None:
        if model not in self.names:
            self.want_one(model, pk)
        return self.names[model].get(pk)

    def want_one(self, model, pk) -> None:
        self.wanted[model].add(pk)
        self.load()


def readable(field, value, names: RelatedNames | None = None) -> str:
    """A stored value as an editor would recognise it."""
    if value in (None, ""):
        return "(empty)"
    names = names or RelatedNames()
    if isinstance(field, models.ManyToManyField):
        found = [names.name(field.related_model, pk) for pk in value]
        return ", ".join(sorted(name for name in found if name)) or "(none)"
    if isinstance(field, models.ForeignKey):
        return names.name(field.related_model, value) or f"(deleted record {value})"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    return str(value)


def same(old, new) -> bool:
    # Many-to-many links are stored as lists of keys, in no particular order.
    if isinstance(old, list) and isinstance(new, list):
        return sorted(old) == sorted(new)
    return old == new


def changed_names(model, before: dict, after: dict) -> list[str]:
    """Names of the editor-visible fields that differ, in the model's field order."""
    names = []
    for model_field in model._meta.get_fields():
        concrete = getattr(model_field, "concrete", False)
        if not concrete and not isinstance(model_field, models.ManyToManyField):
            continue
        name = model_field.name
        if name not in before and name not in after:
            continue
        if not same(before.get(name), after.get(name)):
            names.append(name)
    return names


def field_changes(
    model, before: dict, after: dict, names: RelatedNames | None = None
) -> list[FieldChange]:
    changes = []
    for name in changed_names(model, before, after):
        model_field = model._meta.get_field(name)
        old = readable(model_field, before.get(name), names)
        new = readable(model_field, after.get(name), names)
        if old != new:  # a new record's empty fields are not news
            changes.append(FieldChange(field_label(model, name), old, new))
    return changes


# Reading history one save at a time --------------------------------------------


def with_previous(versions):
    """Each version with the data of the version before it, in the same query."""
    previous = Version.objects.filter(
        content_type=OuterRef("content_type"),
        object_id=OuterRef("object_id"),
        pk__lt=OuterRef("pk"),
    ).order_by("-pk")
    return versions.annotate(
        previous_data=Subquery(previous.values("data")[:1], output_field=models.JSONField()),
        previous_action=Subquery(previous.values("action")[:1]),
    ).select_related("content_type")


def data_before(version) -> dict | None:
    """The record as it was before this version; None if it did not exist."""
    if version.previous_action in (None, Action.DELETED):
        return None
    return version.previous_data


@dataclass(frozen=True)
class RecordChange:
    """What one save did to one record."""

    name: str
    action: str
    changes: list[FieldChange]
    is_main: bool


@dataclass
class Save:
    save_id: str
    created_at: datetime
    user_name: str
    records: list[RecordChange] = field(default_factory=list)
    reverted: bool = False
    creates_record: bool = False  # nothing before it to go back to

    @property
    def first_records(self) -> list[RecordChange]:
        return self.records[:RECORDS_SHOWN]

    @property
    def more_records(self) -> list[RecordChange]:
        return self.records[RECORDS_SHOWN:]


def saves_from(versions, main_model, main_pk) -> list[Save]:
    """Versions (newest first, annotated by with_previous) grouped into saves.

    Linked records' names are looked up in one query per kind of record.
    """
    versions = list(versions)
    names = RelatedNames()
    for version in versions:
        before = data_before(version) or {}
        for name in changed_names(version.model, before, version.data):
            model_field = version.model._meta.get_field(name)
            names.want(model_field, before.get(name))
            names.want(model_field, version.data.get(name))
    names.load()
    saves: dict[str, Save] = {}
    for version in versions:
        save = saves.setdefault(
            version.save_id, Save(version.save_id, version.created_at, version.user_name)
        )
        model = version.model
        before = data_before(version) or {}
        if version.action == Action.DELETED:
            action, changes = "Deleted", []
        else:
            action = "Created" if not before else "Changed"
            changes = field_changes(model, before, version.data, names)
        is_main = model is main_model and version.object_id == str(main_pk)
        save.reverted = save.reverted or version.action == Action.REVERTED
        save.creates_record = save.creates_record or (is_main and action == "Created")
        if changes or action != "Changed":
            save.records.append(RecordChange(version.object_repr, action, changes, is_main))
    for save in saves.values():
        save.records.sort(key=lambda record: not record.is_main)  # the record itself first
    return list(saves.values())


# Undo and restore ----------------------------------------------------------------


class Refused(Exception):
    """The undo or restore would overwrite a later save, or cannot be done."""


@dataclass(frozen=True)
class Step:
    kind: str  # "set", "create" or "delete"
    model: type[models.Model]
    pk: str
    values: dict
    described: list[str]


def current_data(model, pk) -> dict | None:
    instance = model._base_manager.filter(pk=pk).first()
    return snapshot(instance) if instance is not None else None


def undo_steps(versions, main_model, main_pk) -> list[Step]:
    """Put back what one save changed. Refuses, naming the fields, if a later
    save changed any of them since; a field already back as it was is left alone."""
    steps, conflicts = [], []
    for version in versions:
        model, pk = version.model, version.object_id
        now, before = current_data(model, pk), data_before(version)
        name = version.object_repr
        if version.action == Action.DELETED:
            if now is None:
                steps.append(Step("create", model, pk, version.data, [f"{name}: put back"]))
            continue
        if before is None:
            if model is main_model and pk == str(main_pk):
                raise Refused(
                    "This save created the record, so there is nothing before it to go back to."
                )
            if now is None:
                continue  # already removed
            later = changed_names(model, version.data, now)
            if later:
                conflicts += [f"{name}: {field_label(model, n)}" for n in later]
            else:
                steps.append(Step("delete", model, pk, {}, [f"{name}: removed"]))
            continue
        if now is None:
            conflicts.append(f"{name} (deleted since)")
            continue
        undo = {}
        for field_name in changed_names(model, before, version.data):
            if same(now.get(field_name), before.get(field_name)):
                continue  # already back as it was
            if not same(now.get(field_name), version.data.get(field_name)):
                conflicts.append(f"{name}: {field_label(model, field_name)}")
                continue
            undo[field_name] = before.get(field_name)
        if undo:
            described = [
                f"{field_label(model, n)} back to “{readable(model._meta.get_field(n), v)}”"
                for n, v in undo.items()
            ]
            steps.append(Step("set", model, pk, undo, described))
    if conflicts:
        raise Refused(
            "Not undone: a later save changed the same facts since ("
            + "; ".join(conflicts)
            + "). Undo the later save first, or edit the record."
        )
    return steps


def restore_steps(states: dict, created_later: list, main_key) -> list[Step]:
    """Make each record as it was right after a save.

    `states`: (model, pk) → the newest version at or before that save;
    `created_later`: (model, pk) of records first made after it.
    """
    steps = []
    for (model, pk), version in states.items():
        now = current_data(model, pk)
        if version.action == Action.DELETED:
            if now is not None and (model, pk) != main_key:
                steps.append(Step("delete", model, pk, {}, [f"{version.object_repr}: removed"]))
        elif now is None:
            steps.append(
                Step("create", model, pk, version.data, [f"{version.object_repr}: put back"])
            )
        else:
            names = changed_names(model, now, version.data)
            if names:
                values = {n: version.data.get(n) for n in names}
                described = [f"{version.object_repr}: {field_label(model, n)}" for n in names]
                steps.append(Step("set", model, pk, values, described))
    for model, pk in created_later:
        instance = model._base_manager.filter(pk=pk).first()
        if instance is not None and (model, pk) != main_key:
            steps.append(Step("delete", model, pk, {}, [f"{instance}: removed"]))
    return steps


def assign(instance, model, values: dict) -> dict:
    """Set concrete fields from stored values; returns the many-to-many ones to set after saving."""
    many_to_many = {}
    for name, value in values.items():
        model_field = model._meta.get_field(name)
        if isinstance(model_field, models.ManyToManyField):
            many_to_many[name] = value
        elif model_field.concrete:
            setattr(instance, model_field.attname, model_field.to_python(value))
    return many_to_many


def apply_steps(steps: list[Step], main: models.Model, *, user_name: str) -> None:
    """Apply the steps as one recorded save, checked by each model's rules."""
    with transaction.atomic(), acting_as(user_name, Action.REVERTED):
        for step in steps:
            if step.kind == "delete":
                step.model._base_manager.get(pk=step.pk).delete()
                continue
            if step.kind == "create":
                instance = step.model(pk=step.pk)
            else:
                instance = step.model._base_manager.get(pk=step.pk)
            many_to_many = assign(instance, step.model, step.values)
            instance.full_clean()
            instance.save()
            for name, pks in many_to_many.items():
                getattr(instance, name).set(pks)
        # Counts as a save of the record itself, so a colleague with the form
        # open is told (see EditConflictForm), even if only records inside it changed.
        main.refresh_from_db()
        main.save()
