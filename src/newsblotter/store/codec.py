"""Records to and from JSON-safe dicts (dates as ISO strings, nested records as dicts).

pydantic's TypeAdapter does the work: it reads the dataclass annotations in records.py, so a
field added there is encoded without touching this module, and decoding validates types
(a stored "about" stays a valid Qualifier, "2024-05-01" becomes a date, pairs become tuples).
"""

from __future__ import annotations

import base64
from typing import Any, TypeVar, cast

from pydantic import TypeAdapter

from newsblotter.records import Annotated, RawDocument

T = TypeVar("T")

# Fields that hold live objects only meaningful in-process (the spaCy Doc); never stored.
_TRANSIENT: dict[type[Any], set[str]] = {Annotated: {"doc"}}
# Bytes fields, written as base64: pydantic's JSON mode would write them as UTF-8 text, which
# fails on arbitrary bytes, and its base64 option cannot be set on a plain dataclass from outside.
_BYTES: dict[type[Any], set[str]] = {RawDocument: {"content"}}


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
    raw_fields = _BYTES.get(cls, set())
    excluded = _TRANSIENT.get(cls, set()) | raw_fields
    data = cast(dict[str, Any], _adapter(cls).dump_python(record, mode="json", exclude=excluded))
    for name in raw_fields:
        data[name] = base64.b64encode(getattr(record, name)).decode("ascii")
    return data


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a ``cls`` record from :func:`to_dict` output; raises ValueError on bad data."""
    raw_fields = _BYTES.get(cls, set()) & data.keys()
    if raw_fields:
        data = {**data, **{n: base64.b64decode(data[n], validate=True) for n in raw_fields}}
    return cast(T, _adapter(cls).validate_python(data))
