"""NamedTuple classes built without eval(), for a faster start.

`typing.NamedTuple` (through `collections.namedtuple`) compiles each class's `__new__`
from source with eval(), about 0.15 ms a class; learnref defines about forty of them and
imports about twenty on every run. This `NamedTuple` takes the same class syntax and gives
the same behaviour (a tuple subclass without instance dictionaries: fields by name and
position, defaults, equality, hashing, repr, `_replace`, `_make`, `_asdict`, `_fields`,
`_field_defaults`, `__match_args__`, pickling, a signature for introspection) with one
shared `__new__`. Modules import it as

    if TYPE_CHECKING:
        from typing import NamedTuple
    else:
        from ._records import NamedTuple

so type checkers see typing.NamedTuple. tests/test_records.py compares every record class
with the typing.NamedTuple it stands for.
"""

from __future__ import annotations

import collections
from operator import itemgetter
from typing import Any


def _property_getter(index: int, doc: str) -> Any:  # pragma: no cover - not CPython
    return property(itemgetter(index), doc=doc)


# The C descriptor collections.namedtuple gives its fields (CPython), else a property.
_tuplegetter = getattr(collections, "_tuplegetter", _property_getter)

_tuple_new = tuple.__new__


def _make_new(name: str, fields: tuple[str, ...], defaults: tuple[Any, ...]) -> Any:
    """The class's __new__: positional values in field order are taken as they are (the
    common case, one length check); anything else is bound to the fields first."""
    count = len(fields)
    required = count - len(defaults)

    def __new__(cls: type, *args: Any, **kwargs: Any) -> Any:
        if kwargs or len(args) != count:
            args = _bind(name, fields, defaults, required, args, kwargs)
        return _tuple_new(cls, args)

    __new__.__qualname__ = f"{name}.__new__"
    __new__.__doc__ = f"Create new instance of {name}({', '.join(fields)})"
    return __new__


def _bind(
    name: str,
    fields: tuple[str, ...],
    defaults: tuple[Any, ...],
    required: int,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> tuple[Any, ...]:
    """The values in field order from positional and keyword arguments, with defaults; the
    same TypeErrors as a namedtuple's __new__ for a missing, repeated or unknown field."""
    count = len(fields)
    if len(args) > count:
        raise TypeError(
            f"{name}.__new__() takes {count + 1} positional arguments "
            f"but {len(args) + 1} were given"
        )
    values = list(args)
    missing = []
    for index in range(len(args), count):
        field = fields[index]
        if field in kwargs:
            values.append(kwargs.pop(field))
        elif index >= required:
            values.append(defaults[index - required])
        else:
            missing.append(field)
            values.append(None)
    if kwargs:
        unknown = next(iter(kwargs))
        if unknown in fields:
            raise TypeError(f"{name}.__new__() got multiple values for argument {unknown!r}")
        raise TypeError(f"{name}.__new__() got an unexpected keyword argument {unknown!r}")
    if missing:
        quoted = [repr(field) for field in missing]
        listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
        plural = "argument" if len(missing) == 1 else "arguments"
        raise TypeError(
            f"{name}.__new__() missing {len(missing)} required positional {plural}: {listed}"
        )
    return tuple(values)


class _RecordBase(tuple):  # type: ignore[type-arg]
    """What every record class shares: the namedtuple methods that need no field names."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()
    _field_defaults: dict[str, Any] = {}  # noqa: RUF012 - every class sets its own

    @classmethod
    def _make(cls, iterable: Any) -> Any:
        """Make a new instance from a sequence or iterable."""
        result = _tuple_new(cls, iterable)
        if len(result) != len(cls._fields):
            raise TypeError(f"Expected {len(cls._fields)} arguments, got {len(result)}")
        return result

    def _replace(self, /, **changes: Any) -> Any:
        """Return a new instance replacing the fields given with new values."""
        result = self._make(map(changes.pop, self._fields, self))
        if changes:
            raise ValueError(f"Got unexpected field names: {list(changes)!r}")
        return result

    def _asdict(self) -> dict[str, Any]:
        """Return a new dict which maps field names to their values."""
        return dict(zip(self._fields, self, strict=True))

    def __repr__(self) -> str:
        pairs = ", ".join(
            f"{name}={value!r}" for name, value in zip(self._fields, self, strict=True)
        )
        return f"{type(self).__name__}({pairs})"

    def __getnewargs__(self) -> tuple[Any, ...]:
        """Return self as a plain tuple: pickle and copy call __new__ with it."""
        return tuple(self)


class _RecordMeta(type):
    """Turns a class body of annotated fields into a record class."""

    def __new__(
        mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any
    ) -> Any:
        if namespace.get("_record_root"):
            return super().__new__(mcs, name, (_RecordBase,), namespace, **kwargs)
        if bases != (NamedTuple,):  # a subclass of a record class: an ordinary subclass
            return super().__new__(mcs, name, bases, namespace, **kwargs)
        fields = tuple(namespace.get("__annotations__", {}))
        for field in fields:
            if field.startswith("_"):
                raise ValueError(f"Field names cannot start with an underscore: {field!r}")
        defaults: dict[str, Any] = {}
        for field in fields:
            if field in namespace:
                defaults[field] = namespace.pop(field)
            elif defaults:
                raise TypeError(
                    f"Non-default namedtuple field {field} cannot follow default field"
                    f"{'s' if len(defaults) > 1 else ''} {', '.join(defaults)}"
                )
        namespace["__slots__"] = ()
        namespace["_fields"] = fields
        namespace["_field_defaults"] = defaults
        namespace["__match_args__"] = fields
        namespace["__new__"] = _make_new(name, fields, tuple(defaults.values()))
        for index, field in enumerate(fields):
            namespace[field] = _tuplegetter(index, f"Alias for field number {index}")
        return super().__new__(mcs, name, (_RecordBase,), namespace, **kwargs)

    @property
    def __signature__(cls) -> Any:
        """The signature of the class, as inspect (and Hypothesis) would read a namedtuple's:
        built only when asked for, so defining a class imports nothing."""
        import inspect

        defaults: dict[str, Any] = getattr(cls, "_field_defaults", {})
        return inspect.Signature(
            [
                inspect.Parameter(
                    field,
                    inspect.Parameter.POSITIONAL_OR_KEYWORD,
                    default=defaults.get(field, inspect.Parameter.empty),
                )
                for field in getattr(cls, "_fields", ())
            ]
        )


class NamedTuple(metaclass=_RecordMeta):
    """Base of the record classes: `class Point(NamedTuple): x: int; y: int = 0`."""

    _record_root = True
    __slots__ = ()
