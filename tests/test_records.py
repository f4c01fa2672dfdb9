"""Every record class learnref defines behaves as the typing.NamedTuple it stands for: fields,
defaults, construction, equality, hashing, repr, _replace, _make, _asdict, pickling, marshal
and introspection; and none is compiled with eval()."""

from __future__ import annotations

import builtins
import collections
import copy
import importlib
import inspect
import marshal
import pickle
import pkgutil
from typing import TYPE_CHECKING, Any

import pytest

import learnref
from learnref._records import _RecordMeta

if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:
    from learnref._records import NamedTuple as Record
from learnref.model import Briefing, Resource, Theme


def record_classes() -> list[type]:
    """Every record class in every learnref module."""
    found: dict[str, type] = {}
    for module_info in pkgutil.walk_packages(learnref.__path__, "learnref."):
        if module_info.name == "learnref.__main__":
            continue
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if (
                isinstance(value, _RecordMeta)
                and value.__module__ == module.__name__
                and value is not Record
            ):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


RECORDS = record_classes()


def twin(cls: Any) -> Any:
    """The collections.namedtuple (what typing.NamedTuple builds) with cls's fields."""
    defaults = tuple(cls._field_defaults.values())
    return collections.namedtuple(cls.__name__, cls._fields, defaults=defaults or None)


def sample(cls: Any) -> tuple[Any, ...]:
    """Distinct, hashable, marshal-able values, one a field."""
    return tuple(f"value {index}" for index in range(len(cls._fields)))


def test_every_model_record_is_found() -> None:
    """The scan sees the records of every module (so the checks below cover them)."""
    names = {cls.__name__ for cls in RECORDS}
    assert {"Theme", "Briefing", "Problem", "Hit", "GlobalOptions", "RenderSettings"} <= names
    assert len(RECORDS) >= 40


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__qualname__)
def test_record_behaves_as_its_namedtuple(cls: Any) -> None:
    """Fields, defaults, construction, equality, hashing, repr, the _ methods and pickling
    match collections.namedtuple's."""
    other = twin(cls)
    values = sample(cls)
    record: Any = cls(*values)
    expected: Any = other(*values)
    assert cls._fields == other._fields
    assert cls._field_defaults == other._field_defaults
    assert cls.__match_args__ == other.__match_args__
    assert cls.__slots__ == ()
    assert not hasattr(record, "__dict__")
    assert issubclass(cls, tuple)
    assert record == expected
    assert tuple(record) == values
    assert hash(record) == hash(expected)
    assert repr(record) == repr(expected)
    for index, field in enumerate(cls._fields):
        assert getattr(record, field) == values[index] == record[index]
        with pytest.raises(AttributeError):
            setattr(record, field, "changed")
    assert cls(**dict(zip(cls._fields, values, strict=True))) == record
    assert cls._make(values) == record
    assert type(cls._make(values)) is cls
    assert record._asdict() == expected._asdict()
    changed = record._replace(**{cls._fields[0]: "new"})
    assert type(changed) is cls
    assert changed == expected._replace(**{cls._fields[0]: "new"})
    with pytest.raises(ValueError, match="unexpected field names"):
        record._replace(not_a_field=1)
    required = [f for f in cls._fields if f not in cls._field_defaults]
    if cls._field_defaults:
        short = cls(*values[: len(required)])
        assert short == other(*values[: len(required)])
    if required:
        with pytest.raises(TypeError):
            cls(*values[: len(required) - 1])
    with pytest.raises(TypeError):
        cls(*values, "one too many")
    with pytest.raises(TypeError):
        cls(*values[:1], **{cls._fields[0]: "twice"})
    with pytest.raises(TypeError):
        cls(*values, unknown="x")
    assert str(inspect.signature(cls)) == str(inspect.signature(other))
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(record, protocol))
        assert back == record
        assert type(back) is cls
    assert copy.copy(record) == record
    assert copy.deepcopy(record) == record
    assert marshal.loads(marshal.dumps(tuple(record))) == values
    with pytest.raises(ValueError, match="unmarshallable"):
        marshal.dumps(record)
    with pytest.raises(ValueError, match="unmarshallable"):
        marshal.dumps(expected)


def test_class_body_methods_and_properties_are_kept() -> None:
    """Methods and properties written in the class body work as before."""
    briefing = Briefing(
        "b1",
        "A briefing",
        "Example Partnership",
        "2023-09-12",
        (Theme("Think family", "think-family", ("One.",)),),
        publisher_short="EP",
    )
    assert briefing.publisher_label == "Example Partnership (EP)"
    assert briefing.citation() == (
        "Example Partnership (EP), A briefing, 12 September 2023, no link recorded"
    )
    assert briefing.themes[0].aliases == ()
    assert Resource("Further reading") == ("Further reading", None)
    match Resource("a", "https://example.org"):
        case Resource(title, url):
            assert (title, url) == ("a", "https://example.org")


def test_class_syntax_errors_as_namedtuple() -> None:
    """A field without a default after one with it, and an underscore name, are refused."""
    with pytest.raises(TypeError, match="cannot follow default"):

        class Wrong(Record):
            a: int = 0
            b: int  # type: ignore[misc]

    with pytest.raises(ValueError, match="underscore"):

        class Underscore(Record):
            _a: int  # type: ignore[misc]


def test_a_record_class_can_be_subclassed() -> None:
    """An ordinary subclass adds behaviour and keeps the fields."""

    class Point(Record):
        x: int
        y: int = 0

    class Labelled(Point):
        def label(self) -> str:
            return f"({self.x}, {self.y})"

    assert Labelled(1).label() == "(1, 0)"
    assert Labelled._fields == ("x", "y")


def test_no_record_class_is_compiled_with_eval(monkeypatch: pytest.MonkeyPatch) -> None:
    """Defining a record class calls neither eval() nor exec()."""
    calls: list[str] = []
    real_eval, real_exec = builtins.eval, builtins.exec

    def counted_eval(*args: Any, **kwargs: Any) -> Any:
        calls.append("eval")
        return real_eval(*args, **kwargs)

    def counted_exec(*args: Any, **kwargs: Any) -> Any:
        calls.append("exec")
        return real_exec(*args, **kwargs)

    monkeypatch.setattr(builtins, "eval", counted_eval)
    monkeypatch.setattr(builtins, "exec", counted_exec)

    class Point(Record):
        x: int
        y: int = 0

    assert Point(1) == (1, 0)
    assert calls == []
