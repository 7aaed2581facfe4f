"""Each word list is declared once, as data in newsblotter/lang, never again in a stage module.

The checker scans every module's top-level assignments for a literal collection of five or
more strings (a set, list, tuple or dict keys, also inside an expression such as
``frozenset({...}) | OTHER``, and a string of five or more words split into a list); such a
list outside ``newsblotter/lang`` is vocabulary declared in code, unless it is one of the few
names below that are not vocabulary at all.

A second checker reads the regular expressions of every module (the strings given to ``re``
and every string that looks like a pattern, f-strings with their fields blanked) for a group
whose alternatives hold four or more words of the language (``(?:killed|dead|died|slain)``):
such words are a list too, composed into the pattern with ``lang.alternation``, unless the
alternation is one of the few below that name no words of a language.
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
    # spaCy dependency and entity labels; the prefixes of the feature names pooled per entity
    "incidents/rolefill/candidates.py": {"_DETS", "_NAMED", "_POOL_PREFIXES"},
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


MIN_ALTERNATIVES = 4
# Word alternations that name no words of a language, by module and their first alternatives.
NOT_WORDS = {
    ("ingest/sniff.py", "html|head|body|meta"): "HTML tag names that tell markup from text",
    ("ingest/sniff.py", "html|head|body|div"): "HTML tag names that tell markup from text",
    ("train/gate_data.py", "JAN|FEB|MAR|APR"): "the month codes of MUC-4's message dates",
    ("train/muc4.py", "JAN|FEB|MAR|APR"): "the month codes of MUC-4's message dates",
}
_RE_FUNCTIONS = {"compile", "search", "match", "fullmatch", "sub", "subn", "findall", "finditer"}
_FIELD = "\x00"  # an f-string's field: no word
_WORD_ALTERNATIVE = re.compile(r"[A-Za-z'’-]*[A-Za-z]{3}[A-Za-z'’-]*(?: [A-Za-z'’-]+)*")


def _split_top(text: str) -> list[str]:
    """The alternatives of a pattern at its top level (not inside groups or classes)."""
    out, depth, cur, i = [], 0, "", 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            cur, i = cur + text[i : i + 2], i + 2
            continue
        if c == "[":
            end = text.find("]", i + 2 if text[i + 1 : i + 2] in ("^", "]") else i + 1)
            end = len(text) - 1 if end < 0 else end
            cur, i = cur + text[i : end + 1], end + 1
            continue
        depth += {"(": 1, ")": -1}.get(c, 0)
        if c == "|" and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    return [*out, cur]


def _groups(text: str) -> list[str]:
    """The pattern and the body of each of its groups (lookarounds too)."""
    bodies, opened, i = [text], [], 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            end = text.find("]", i + 2 if text[i + 1 : i + 2] in ("^", "]") else i + 1)
            i = len(text) if end < 0 else end + 1
            continue
        if c == "(":
            opened.append(i + 1)
        elif c == ")" and opened:
            body = text[opened.pop() : i]
            bodies.append(re.sub(r"^\?(?:[:=!]|<[=!]|P<\w+>|[aiLmsux-]+:)?", "", body))
        i += 1
    return bodies


def _words_of(alternative: str) -> str | None:
    """The words of an alternative that is only words ("shot\\s+dead" -> "shot dead"; a
    chain of bounded words, "\\bpolice\\b|\\bFBI\\b|...", counts too)."""
    bare = re.sub(r"^\\b|\\b$", "", alternative)
    plain = re.sub(r"\\s[+*]|\\ | ", " ", bare).replace("\\-", "-").strip()
    return plain if _WORD_ALTERNATIVE.fullmatch(plain) else None


def _pattern_texts(tree: ast.Module) -> list[tuple[int, str]]:
    """(line, text) of each string that is a pattern: given to ``re``, or looking like one."""
    docs = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and n.body
        and isinstance(n.body[0], ast.Expr)
    }
    given = {
        id(call.args[0])
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr in _RE_FUNCTIONS
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == "re"
        and call.args
    }
    inner = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(
                str(v.value) if isinstance(v, ast.Constant) else _FIELD for v in node.values
            )
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in docs or id(node) in inner:
                continue
            text = node.value
        else:
            continue
        if "|" in text and (id(node) in given or "(?" in text or "\\" in text):
            out.append((node.lineno, text))
    return out


def word_alternations(source: str) -> list[tuple[int, str]]:
    """(line, "a|b|c|d") of each group of a pattern whose alternatives hold 4+ words."""
    found = []
    for line, text in _pattern_texts(ast.parse(source)):
        for body in _groups(text):
            alternatives = [_words_of(a) for a in _split_top(body)]
            words = [a for a in alternatives if a]
            if len(words) >= MIN_ALTERNATIVES:
                found.append((line, "|".join(words)))
    return found


def alternations_in_code(root: Path) -> list[str]:
    """ "path:line a|b|c|d" of each word alternation written in a module's patterns."""
    out = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith("lang/"):
            continue
        for line, words in word_alternations(path.read_text(encoding="utf-8")):
            first = "|".join(words.split("|")[:MIN_ALTERNATIVES])
            if (rel, first) not in NOT_WORDS:
                out.append(f"{rel}:{line} {words}")
    return out


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


def test_no_word_alternation_is_written_in_a_pattern() -> None:
    assert alternations_in_code(SRC) == []


def test_the_checker_finds_words_written_in_a_pattern(tmp_path: Path) -> None:
    _plant(
        tmp_path,
        "incidents/planted.py",
        "import re\n"
        "from newsblotter.lang import alternation\n"
        "DEAD = re.compile(r'\\b(?:killed|dead|died|slain)\\b', re.I)\n"
        "SHOT = re.compile(r'\\b(?:shot\\s+dead|shot\\s+to\\s+death|gunned down|fatally\\ shot)')\n"
        "FEW = re.compile(r'\\b(?:his|her|their)\\s+')\n"
        "FORMS = re.compile(r'kill(?:s|ed|ing)?|murder(?:s|ed)?')\n"
        "KEPT = re.compile(rf\"\\b{alternation('headline.death_words')}\\b\", re.I)\n"
        "TAGS = re.compile(r'</?(?:html|head|body|meta)>')\n"
        "CHAIN = re.compile(r'\\bpolice\\b|\\bgendarmerie\\b|\\bconstabulary\\b|\\bsheriff\\b')\n"
        "PART = r'(?:in|on|at|to|of)\\s+' + '(?:rose|risen|climbed|grew)'\n"
        "TEXT = 'no pattern: dead|killed|slain|died'\n"
        "def f(text: str) -> bool:\n"
        "    return re.search(f'(?!(?:barricad|surrender|flee|walk){text})', text) is not None\n",
    )
    assert alternations_in_code(tmp_path) == [
        "incidents/planted.py:3 killed|dead|died|slain",
        "incidents/planted.py:4 shot dead|shot to death|gunned down|fatally shot",
        "incidents/planted.py:8 html|head|body|meta",
        "incidents/planted.py:9 police|gendarmerie|constabulary|sheriff",
        "incidents/planted.py:10 rose|risen|climbed|grew",
        "incidents/planted.py:13 barricad|surrender|flee|walk",
    ]


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


def _plant(root: Path, module: str, source: str) -> None:
    """A module under ``root`` holding ``source``, and the same source inside ``lang/``."""
    for path in (root / module, root / "lang" / Path(module).name):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")


def test_the_checker_finds_a_list_declared_again(tmp_path: Path) -> None:
    _plant(
        tmp_path,
        "statements/planted.py",
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
    )
    assert lists_in_code(tmp_path) == [
        "statements/planted.py:5 CUES",
        "statements/planted.py:6 MORE",
        "statements/planted.py:7 UNION",
        "statements/planted.py:9 SPLIT",
    ]
    planted = [*lang.entries(), ("planted.again", ["Monday", "tuesday", "Wednesday"])]
    planted.append(("planted.days", ["wednesday", "monday", "tuesday"]))
    assert duplicate_lists(planted) == [("planted.again", "planted.days")]


def test_alternation_writes_a_list_as_one_group() -> None:
    # plain phrases: escaped, spaces as asked, the longer first (stable among equals)
    dead = lang.alternation("headline.attacker_death_words", space=lang.SPACES)
    assert dead == r"(?:fatally\s+shot|shot\s+dead|killed|dead|dies|died)"
    assert re.fullmatch(dead, "shot \n dead")
    assert lang.alternation("quantities.nearly") == r"(?:just\ shy\ of|close\ to|nearly|almost)"
    assert r"approx\." in lang.alternation("quantities.about")  # "approx." escaped
    # fragments: as written, in the order written; tables give their words
    hurt = lang.alternation("headline.listed_hurt_patterns")
    assert hurt == "(?:wounded|injured|hurt|hospitali[sz]ed)"
    ordinals = lang.alternation("incidents.ordinal_numerals", "incidents.ordinal_words")
    assert re.findall(rf"\b{ordinals}\b", "a 2nd and a seventh") == ["2nd", "seventh"]


def test_every_fragment_list_says_so() -> None:
    for path in sorted((LANG / lang.LANGUAGE).glob("*.toml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            name = re.match(r"\[?(\w+_patterns)\]? = |\[(\w+_patterns)\]$", line)
            if name:
                comment = " ".join(lines[j] for j in range(max(0, i - 4), i))
                assert "regular-expression fragments" in comment.lower(), (path.name, line)


def test_a_missing_key_is_one_clear_error() -> None:
    with pytest.raises(lang.VocabularyError, match=r"no vocabulary list 'statements\.nothing'"):
        lang.words("statements.nothing")
    with pytest.raises(lang.VocabularyError, match="not a table of numbers"):
        lang.counts("statements.claim_cues")
