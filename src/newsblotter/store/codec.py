"""Records to and from JSON-safe dicts (dates as ISO strings, nested records as dicts).

pydantic's TypeAdapter does the work: it reads the dataclass annotations in records.py, so a
field added there is encoded without touching this module, and decoding validates types
(a stored "about" stays a valid Qualifier, "2024-05-01" becomes a date, pairs become tuples).
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from pydantic import TypeAdapter

from newsblotter.records import Annotated

T = TypeVar("T")

# Fields that hold live objects only meaningful in-process (the spaCy Doc); never stored.
_TRANSIENT: dict[type[Any], set[str]] = {Annotated: {"doc"}}


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def _adapter(cls: type[Any]) -> TypeAdapter[Any]:
    # Building an adapter costs milliseconds; records are encoded by the thousand.
    adapter = _ADAPTERS.get(cls)
    if adapter is None:
        adapter = _ADAPTERS[cls] = TypeAdapter(cls)
    return adapter


def to_dict(record: object) -> dict[str, Any]:
    """A JSON-safe dict of ``record`` (any dataclass in records.py)."""
    cls = type(record)
    data = _adapter(cls).dump_python(record, mode="json", exclude=_TRANSIENT.get(cls))
    return cast(dict[str, Any], data)


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a ``cls`` record from :func:`to_dict` output; raises ValueError on bad data."""
    return cast(T, _adapter(cls).validate_python(data))
