"""Records shared by every request refuse to change.

The read model (therapies/read_model.py) hands the same model instances to
every request in a process. A change to one (a field set for one reader, a
save) would show to the next reader, or write stale data back, so
`share(record)` makes it refuse all three: setting an attribute, saving and
deleting.

It does so by giving the record a class of its own: a plain Python subclass
of its model, made once per model, whose __setattr__, save and delete raise
ReadOnlyRecord. Records loaded any other way (the admin, editors' previews,
the tests) are ordinary instances and pay nothing for this.
"""


class ReadOnlyRecord(Exception):
    """Raised when code tries to change, save or delete a shared record."""


MESSAGE = (
    "This record belongs to the shared read model and is read by every request. "
    "Load it from the database to change it."
)


def _refuse_setattr(record, name, value):
    raise ReadOnlyRecord(f"{MESSAGE} (setting {name!r})")


def _refuse(record, *args, **kwargs):
    raise ReadOnlyRecord(MESSAGE)


_read_only_classes: dict[type, type] = {}


def read_only_class(model: type) -> type:
    """`model` with __setattr__, save and delete refused.

    Made with type.__new__ rather than a class statement: a class statement
    would run Django's model metaclass, which registers a new model (a
    table, migrations, permissions). This is only a Python subclass, so
    isinstance(), _meta and every field behave exactly as the model's.
    """
    made = _read_only_classes.get(model)
    if made is None:
        attributes = {
            "__module__": model.__module__,
            "__qualname__": f"Shared{model.__qualname__}",
            "__setattr__": _refuse_setattr,
            "save": _refuse,
            "delete": _refuse,
        }
        made = type.__new__(type(model), f"Shared{model.__name__}", (model,), attributes)
        _read_only_classes[model] = made
    return made


def share(record) -> None:
    """Mark a fully loaded record as shared: from now on it cannot change.
    A record reached twice in the model (a source cited twice) is shared once."""
    if type(record) not in _read_only_classes.values():
        record.__class__ = read_only_class(type(record))
