"""Each word list is declared once, as data in newsblotter/lang, never again in a stage module.

The checker scans every module's top-level assignments for a literal collection of five or
more strings (a set, list, tuple or dict keys, also inside an expression such as
``frozenset({...}) | OTHER``, and a string of five or more words split into a list); such a
list outside ``newsblotter/lang`` is vocabulary declared in code, unless it is one of the few
names below that are not vocabulary at all.
"""

from __future__ import annotations

import ast
import itertools
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

import pytest

from newsblotter import lang

SRC = Path(__file__).resolve().parents[1] / "src" / "newsblotter"
LANG = SRC / "lang"
MIN_WORDS = 5

# Modules that hold no language: data formats, settings, command-line and HTTP names.
NOT_LANGUAGE = (
    *("alerts/", "cli/", "config.py", "export/", "ingest/", "query/", "recovery.py"),
    *("train/", "web/"),
)
# Names of things in code, markup or a model, not words of a language. A name ending in
# _DEPS holds spaCy dependency labels, and ``__all__`` a module's exports: both are skipped.
NOT_VOCABULARY = {
    "actors/document.py": {"KINDS"},  # the actor kinds of the records
    "actors/normalise.py": {"_ARABIC"},  # characters folded, not words
    "article/blocks.py": {"BLOCK_TAGS", "HEADINGS", "PATH_TAGS", "CUES"},  # HTML tags, classes
    "article/candidates.py": {"_OUTSIDE_STORY"},  # HTML tags
    # literals that every match of the cue regexes beside them holds: a prefilter derived
    # from those patterns (kept in step with them there), not a word list of its own
    "article/chrome.py": {"_ANYWHERE_HINTS", "_CAPTION_HINTS"},
    "article/features.py": {"_TAG_GROUPS"},  # HTML tags
    "article/linefeatures.py": {"KINDS"},  # the line labels of the article model
    "incidents/gate.py": {"FEATURES"},  # the gate model's feature names
    "incidents/lexicon.py": {"WEAPONS"},  # weapon kinds of the records, to their patterns
    "incidents/rolefill/candidates.py": {"_DETS", "_NAMED"},  # spaCy dependency, entity labels
    "incidents/rolefill/model.py": {"CLASSES"},  # the role model's classes
    "ledger/__init__.py": {"STRENGTH"},  # ledger labels, strongest first
    "ledger/sources.py": {"VOICES"},  # source kinds of the records
    "merge/facts.py": {"_FIRM"},  # quantity qualifiers of the records
    "nlp/locate.py": {"_NOT_NAMES"},  # spaCy entity labels
    "nlp/quantities.py": {"_QUALIFIER_OF"},  # quantity qualifiers of the records
    # spaCy attributes, dashes, the distance bins of the features
    "statements/attribution/features.py": {"_ATTRS", "DASHES", "BUCKETS"},
    "statements/lexicon.py": {"EVIDENCE"},  # evidence kinds of the records, to their patterns
}


def _strings(node: ast.expr) -> list[str] | None:
    """The strings of a literal collection whose every item is a string, else None."""
    if isinstance(node, ast.Set | ast.List | ast.Tuple):
        items: list[ast.expr | None] = list(node.elts)
    elif isinstance(node, ast.Dict):
        items = list(node.keys)
    else:
        return None
    out = [i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)]
    return out if len(out) == len(items) else None


def _split_words(node: ast.expr, texts: dict[str, str]) -> list[str] | None:
    """The words of ``"a b c".split()`` or ``TEXT.split()`` (TEXT a module-level string)."""
    if not (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "split"
        and not node.args
    ):
        return None
    target = node.func.value
    if isinstance(target, ast.Constant) and isinstance(target.value, str):
        return target.value.split()
    if isinstance(target, ast.Name) and target.id in texts:
        return texts[target.id].split()
    return None


def word_lists(source: str) -> list[tuple[str, int]]:
    """(name, line) of each top-level assignment that declares 5+ strings in a literal."""
    tree = ast.parse(source)
    texts = {
        t.id: s.value.value
        for s in tree.body
        if isinstance(s, ast.Assign)
        and isinstance(s.value, ast.Constant)
        and isinstance(s.value.value, str)
        for t in s.targets
        if isinstance(t, ast.Name)
    }
    found = []
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets, value = [stmt.target], stmt.value
        else:
            continue
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        name = names[0] if names else "?"
        if name == "__all__" or name.endswith("_DEPS"):
            continue
        types = {id(n.slice) for n in ast.walk(value) if isinstance(n, ast.Subscript)}
        for node in ast.walk(value):
            if not isinstance(node, ast.expr) or id(node) in types:
                continue  # Literal["a", "b", ...] names the values of a type
            found_words = _strings(node) or _split_words(node, texts)
            if found_words and len(found_words) >= MIN_WORDS:
                found.append((name, stmt.lineno))
                break
    return found


def lists_in_code(root: Path) -> list[str]:
    """ "path:line NAME" of each word list declared in a module outside the vocabulary."""
    out = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(("lang/", *NOT_LANGUAGE)):
            continue
        allowed = NOT_VOCABULARY.get(rel, set())
        for name, line in word_lists(path.read_text(encoding="utf-8")):
            if name not in allowed:
                out.append(f"{rel}:{line} {name}")
    return out


def _words(value: object) -> frozenset[str]:
    items: Iterable[object] = value.keys() if isinstance(value, dict) else value  # type: ignore[assignment]
    return frozenset(str(v).casefold() for v in items)


def duplicate_lists(entries: Iterable[tuple[str, object]]) -> list[tuple[str, str]]:
    """Pairs of keys whose lists (or tables' keys) hold the same words, case aside."""
    seen = [(key, _words(value)) for key, value in entries]
    return [(a, b) for (a, wa), (b, wb) in itertools.combinations(seen, 2) if wa == wb]


def test_no_word_list_is_declared_in_code() -> None:
    assert lists_in_code(SRC) == []


def test_no_two_vocabulary_lists_are_the_same() -> None:
    entries = list(lang.entries())
    assert len(entries) > 50
    assert duplicate_lists(entries) == []


def test_every_vocabulary_list_says_what_it_is_for() -> None:
    for path in sorted((LANG / lang.LANGUAGE).glob("*.toml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        keys, in_table = [], False
        for i, line in enumerate(lines):
            in_table = in_table or line.startswith("[")
            if re.match(r"\[\w+\]$", line) or (not in_table and re.match(r"\w+ = ", line)):
                keys.append(i)
        assert len(keys) == len(tomllib.loads("\n".join(lines))), path.name
        uncommented = [lines[i] for i in keys if i == 0 or not lines[i - 1].startswith("# ")]
        assert uncommented == [], path.name


def test_the_checker_finds_a_list_declared_again(tmp_path: Path) -> None:
    module = tmp_path / "statements" / "planted.py"
    module.parent.mkdir()
    module.write_text(
        "import re\n"
        'OK = frozenset({"a", "b"})\n'
        '__all__ = ["a", "b", "c", "d", "e"]\n'
        'NAMED_DEPS = {"amod", "nmod", "poss", "det", "case"}\n'
        'CUES = frozenset({"claim", "admit", "deny", "reject", "dismiss"})\n'
        'MORE: dict[str, int] = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}\n'
        'UNION = OK | {"blame", "accuse", "attribute", "link", "hold"}\n'
        'TEXT = """in at near outside inside"""\n'
        "SPLIT = frozenset(TEXT.split())\n"
        "PATTERN = re.compile(r'bomb|blast|attack|raid|ambush')\n"
        'Kind = Literal["claim", "denial", "attribution", "confirmation", "arrest"]\n',
        encoding="utf-8",
    )
    (tmp_path / "lang").mkdir()
    (tmp_path / "lang" / "ok.py").write_text(module.read_text(encoding="utf-8"))
    assert lists_in_code(tmp_path) == [
        "statements/planted.py:5 CUES",
        "statements/planted.py:6 MORE",
        "statements/planted.py:7 UNION",
        "statements/planted.py:9 SPLIT",
    ]
    planted = [*lang.entries(), ("planted.again", ["Monday", "tuesday", "Wednesday"])]
    planted.append(("planted.days", ["wednesday", "monday", "tuesday"]))
    assert duplicate_lists(planted) == [("planted.again", "planted.days")]


def test_a_missing_key_is_one_clear_error() -> None:
    with pytest.raises(lang.VocabularyError, match=r"no vocabulary list 'statements\.nothing'"):
        lang.words("statements.nothing")
    with pytest.raises(lang.VocabularyError, match="not a table of numbers"):
        lang.counts("statements.claim_cues")
