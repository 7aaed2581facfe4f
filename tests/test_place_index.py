"""The place index kept in the cache folder: read back whole, built again when unreadable,
and a new copy whenever what it is built from changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsblotter.nlp import places
from newsblotter.nlp.places import Geocoder


@pytest.fixture
def fresh() -> Iterator[None]:
    """Each test starts with no index in the process, and leaves the one it found."""
    saved = list(places._BUILT)
    places._BUILT.clear()
    yield
    places._BUILT[:] = saved


@pytest.fixture(scope="module")
def built() -> places._Index:
    return places._build()


def _fields(index: places._Index) -> tuple[object, ...]:
    return (
        list(index.names.items()),  # in order: ties go to the entry met first
        index.countries,
        index.states,
        index.country_keys,
        index.container_keys,
        index.demonym_keys,
        index.capitals,
    )


def test_the_kept_copy_reads_back_as_the_index_built(
    tmp_path: Path, fresh: None, built: places._Index
) -> None:
    kept = places._thaw(places._freeze(built))
    assert _fields(kept) == _fields(built)
    first = places._index(tmp_path)  # builds and keeps
    assert [p.name for p in tmp_path.iterdir()] == [f"places-{places._inputs_digest()}.marshal"]
    places._BUILT.clear()
    again = places._index(tmp_path)  # reads
    assert again is not first
    assert _fields(again) == _fields(first) == _fields(built)


def test_a_geocoder_reading_the_kept_index_answers_as_one_that_built_it(
    tmp_path: Path, fresh: None
) -> None:
    questions = [("Kerman", ["IR"]), ("Paris", ["US.TX"]), ("Paris", []), ("Georgia", ["US"])]
    built = [Geocoder(tmp_path).resolve(name, context) for name, context in questions]
    places._BUILT.clear()
    read = [Geocoder(tmp_path).resolve(name, context) for name, context in questions]
    assert read == built
    assert [(p.name, p.country) for p in read if p] == [
        ("Kerman", "IR"),
        ("Paris", "US"),
        ("Paris", "FR"),
        ("Georgia", "US"),
    ]


def test_an_unreadable_copy_is_built_again_and_replaced(
    tmp_path: Path, fresh: None, built: places._Index
) -> None:
    path = tmp_path / f"places-{places._inputs_digest()}.marshal"
    path.write_bytes(b"not an index")
    index = places._index(tmp_path)
    assert _fields(index) == _fields(built)
    places._BUILT.clear()
    assert _fields(places._index(tmp_path)) == _fields(built)  # the copy was replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_the_copy_is_named_by_its_inputs(monkeypatch: pytest.MonkeyPatch) -> None:
    before = places._inputs_digest()
    places._inputs_digest.cache_clear()
    aliases = {**places.COUNTRY_ALIASES, "Freedonia": "US"}
    monkeypatch.setattr(places, "COUNTRY_ALIASES", aliases)
    try:
        assert places._inputs_digest() != before
    finally:
        monkeypatch.undo()
        places._inputs_digest.cache_clear()
    assert places._inputs_digest() == before
