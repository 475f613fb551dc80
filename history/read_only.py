"""Records shared by every request refuse to change.

The read model (therapies/read_model.py) hands the same model instances to
every request in a process. A change to one (a field set for one reader, a
save) would show to the next reader, or write stale data back, so a shared
record refuses all three: setting an attribute, saving and deleting.

`ReadOnlyWhenShared` is a plain mixin on the content models: records loaded
any other way (the admin, editors' previews, the tests) behave as usual.
"""


class ReadOnlyRecord(Exception):
    """Raised when code tries to change, save or delete a shared record."""


MESSAGE = (
    "This record belongs to the shared read model and is read by every request. "
    "Load it from the database to change it."
)


def _refuse(*args, **kwargs):
    raise ReadOnlyRecord(MESSAGE)


class ReadOnlyWhenShared:
    def __setattr__(self, name, value):
        if self.__dict__.get("_shared"):
            raise ReadOnlyRecord(f"{MESSAGE} (setting {name!r})")
        super().__setattr__(name, value)


def share(record) -> None:
    """Mark a fully loaded record as shared: from now on it cannot change.

    Written to the instance's __dict__ directly, past __setattr__.
    """
    if not isinstance(record, ReadOnlyWhenShared):
        raise TypeError(f"{type(record).__name__} does not mix in ReadOnlyWhenShared")
    record.__dict__["save"] = _refuse
    record.__dict__["delete"] = _refuse
    record.__dict__["_shared"] = True
