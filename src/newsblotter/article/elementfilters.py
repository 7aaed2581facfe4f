"""trafilatura's element filters run as Python functions: the same tests, a third of the time.

Much of trafilatura's fast mode is spent in a few XPath filters, ``.//*[tests of the
element's tag and attributes]``, whose tests are EXSLT regular expressions (``re:test``):
lxml calls back into Python for every such test of every element, a dozen filters a page.
``ElementTests`` reads those expressions (the XPath 1.0 subset they are written in; anything
else is refused) into Python functions of one element that make the same tests, remembers
each regular expression's answer per attribute value (pages repeat their class names) and
walks a tree once for several filters, over the tags they name only (lxml's C-level tag
filter). ``extract`` is trafilatura 2.3.1's ``main_extractor._extract`` (the pin is tested)
with these filters in place of its XPath calls; ``raw_prune`` is the raw-tree prune of its
``trafilatura_sequence``. Same output: the body is tested against ``bare_extraction``, and
the filters against the XPath on every page of both dev sets and on pages of our own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from lxml.etree import Element, XPath, _Element, strip_tags
from lxml.html import HtmlElement
from trafilatura.htmlprocessing import (
    delete_by_link_density,
    link_density_test_tables,
    process_node,
)
from trafilatura.main_extractor import NOT_AT_THE_END, REBUILT_BLOCKS, handle_textelem
from trafilatura.settings import INLINE_FORMATTABLE, TAG_CATALOG, Extractor
from trafilatura.utils import text_chars_test
from trafilatura.xml import delete_element
from trafilatura.xpaths import (
    BODY_XPATH,
    DISCARD_IMAGE_ELEMENTS,
    OVERALL_DISCARD_XPATH,
    RAW_TREE_PRUNE_XPATH,
    REMOVE_COMMENTS_AND_LISTS_XPATH,
    TEASER_DISCARD_XPATH,
)

_MEMO_LIMIT = 50_000  # attribute values remembered per regular expression

# The XPath 1.0 subset trafilatura's element filters are written in, read by ``_Parser``.
_TOKEN = re.compile(
    r"""\s*(?:
      (?P<literal>'[^']*')
    | (?P<number>\d+)
    | (?P<symbol>\.//|::|[()\[\],|=@*])
    | (?P<name>[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)
    )""",
    re.VERBOSE,
)

# What a piece of Python source made from an expression evaluates to: the value of one
# attribute (None when absent), of the first of several in the element's order ("" for
# none), a string, a bool, or a set of tags the element's tag is tested against.
_ONE = "one"
_SEVERAL = "several"
_STR = "str"
_BOOL = "bool"
_TAGS = "tags"
_AS_BOOLEAN = {
    _ONE: "{} is not None",
    _SEVERAL: "_has_any(e, {})",
    _STR: "{} != ''",
    _BOOL: "{}",
    _TAGS: "tag in {}",
}
_AS_STRING = {_ONE: "({} or '')", _SEVERAL: "_first_value(e, {})", _STR: "{}"}


def _first_value(element: _Element, names: frozenset[str]) -> str:
    """XPath's string() of ``@a|@b``: the first of them in the element's order, "" if none."""
    return next((value for key, value in element.items() if key in names), "")


def _has_any(element: _Element, names: frozenset[str]) -> bool:
    return any(element.get(name) is not None for name in names)


def _any_equal(element: _Element, names: frozenset[str], literal: str) -> bool:
    return any(key in names and value == literal for key, value in element.items())


class _Parser:
    """Reads one expression into Python source: ``step ('|' step)*``, a step ``.//NAME`` or
    ``.//*`` with predicates, or such a step in brackets followed by ``[1]``. Predicates: or,
    and, not(), ``self::NAME``, ``@a``, ``@a|@b``, ``.//NAME``, ``= 'literal'``, contains(),
    starts-with(), translate() and re:test() of an attribute with literal arguments. Anything
    else is refused (ValueError), so that what is read is what XPath does."""

    def __init__(self, path: str, constants: dict[str, object]) -> None:
        self.tokens: list[tuple[str, str]] = []
        self.constants = constants
        position, path = 0, path.strip()
        while position < len(path):
            match = _TOKEN.match(path, position)
            if match is None or match.end() == position:
                raise ValueError(f"cannot read {path[position : position + 30]!r}")
            kind = match.lastgroup
            assert kind is not None
            self.tokens.append((kind, match.group(kind)))
            position = match.end()
        self.at = 0

    def constant(self, value: object) -> str:
        name = f"_c{len(self.constants)}"
        self.constants[name] = value
        return name

    def peek(self, value: str | None = None, ahead: int = 0) -> bool:
        if self.at + ahead >= len(self.tokens):
            return False
        return value is None or self.tokens[self.at + ahead][1] == value

    def take(self, value: str | None = None) -> str:
        if not self.peek(value):
            raise ValueError(f"expected {value!r} at token {self.at}")
        self.at += 1
        return self.tokens[self.at - 1][1]

    def kind(self) -> str:
        return self.tokens[self.at][0] if self.at < len(self.tokens) else ""

    # -- location steps -------------------------------------------------------------------
    def union(self) -> list[_Step]:
        steps = [self.step()]
        while self.peek("|"):
            self.take("|")
            steps.append(self.step())
        if self.at != len(self.tokens):
            raise ValueError("trailing tokens")
        return steps

    def step(self) -> _Step:
        if self.peek("("):
            self.take("(")
            inner = self.step()
            self.take(")")
            if not self.first():
                raise ValueError("a bracketed step must keep its first element only")
            inner.first = True
            return inner
        self.take(".//")
        name = self.take()
        tags = None if name == "*" else frozenset((name,))
        tests = [] if tags is None else [f"tag == {name!r}"]
        first = False
        while self.peek("["):
            if self.first():
                first = True
                break
            self.take("[")
            code, kind = self.expression()
            self.take("]")
            if kind == _TAGS and tags is None and not tests:
                tags = self.constants[code]  # type: ignore[assignment]
            tests.append(self.boolean(code, kind))
        return _Step(" and ".join(f"({t})" for t in tests) or "True", first, tags)

    def first(self) -> bool:
        if self.peek("[") and self.peek("1", 1) and self.peek("]", 2):
            self.at += 3
            return True
        return False

    # -- predicates -----------------------------------------------------------------------
    def boolean(self, code: str, kind: str) -> str:
        """XPath's boolean() of a value: a node-set that is not empty, a string not ""."""
        return _AS_BOOLEAN[kind].format(code)

    def string(self, code: str, kind: str) -> str:
        """XPath's string() of a value: a node-set's first node, "" for none."""
        if kind not in _AS_STRING:
            raise ValueError("a string was expected")
        return _AS_STRING[kind].format(code)

    def expression(self) -> tuple[str, str]:
        terms = [self.conjunction()]
        while self.peek("or"):
            self.take("or")
            terms.append(self.conjunction())
        if len(terms) > 1 and all(kind == _TAGS for _, kind in terms):
            tags: frozenset[str] = frozenset()
            for code, _ in terms:
                tags |= self.constants[code]  # type: ignore[operator]
            return self.constant(tags), _TAGS
        if len(terms) == 1:
            return terms[0]
        return " or ".join(f"({self.boolean(*term)})" for term in terms), _BOOL

    def conjunction(self) -> tuple[str, str]:
        terms = [self.comparison()]
        while self.peek("and"):
            self.take("and")
            terms.append(self.comparison())
        if len(terms) == 1:
            return terms[0]
        return " and ".join(f"({self.boolean(*term)})" for term in terms), _BOOL

    def comparison(self) -> tuple[str, str]:
        code, kind = self.primary()
        if not self.peek("="):
            return code, kind
        self.take("=")
        literal = self.literal()
        if kind == _ONE:
            return f"{code} == {literal!r}", _BOOL
        if kind == _SEVERAL:
            return f"_any_equal(e, {code}, {literal!r})", _BOOL
        return f"{self.string(code, kind)} == {literal!r}", _BOOL

    def literal(self) -> str:
        if self.kind() != "literal":
            raise ValueError("a literal string was expected")
        return self.take()[1:-1]

    def primary(self) -> tuple[str, str]:
        if self.peek("("):
            self.take("(")
            code, kind = self.expression()
            self.take(")")
            return f"({code})" if kind != _TAGS else code, kind
        if self.peek("@"):
            names = [self.attribute()]
            while self.peek("|"):
                self.take("|")
                names.append(self.attribute())
            if len(names) == 1:
                return f"get({names[0]!r})", _ONE
            return self.constant(frozenset(names)), _SEVERAL
        if self.peek(".//"):
            self.take(".//")
            name = self.take()
            if self.peek("["):
                raise ValueError("no predicates below the element")
            return f"e.find({'.//' + name!r}) is not None", _BOOL
        name = self.take()
        if name == "self":
            self.take("::")
            return self.constant(frozenset((self.take(),))), _TAGS
        self.take("(")
        arguments = [self.argument()]
        while self.peek(","):
            self.take(",")
            arguments.append(self.argument())
        self.take(")")
        return self.function(name, arguments)

    def argument(self) -> tuple[str, str] | str:
        return self.literal() if self.kind() == "literal" else self.expression()

    def attribute(self) -> str:
        self.take("@")
        return self.take()

    def function(self, name: str, arguments: list[tuple[str, str] | str]) -> tuple[str, str]:
        if name == "not" and len(arguments) == 1 and not isinstance(arguments[0], str):
            return f"not ({self.boolean(*arguments[0])})", _BOOL
        subject, *rest = arguments
        literals = [a for a in rest if isinstance(a, str)]
        if isinstance(subject, str) or len(literals) != len(rest):
            raise ValueError(f"{name}(): an element's value and literals only")
        text = self.string(*subject)
        if name == "contains" and len(literals) == 1:
            return f"{literals[0]!r} in {text}", _BOOL
        if name == "starts-with" and len(literals) == 1:
            return f"{text}.startswith({literals[0]!r})", _BOOL
        if name == "translate" and len(literals) == 2 and len(set(map(len, literals))) == 1:
            return f"{text}.translate({self.constant(str.maketrans(*literals))})", _STR
        if name == "re:test" and len(literals) in (1, 2):
            # lxml's EXSLT re:test: re.search, ignoring case for an "i" among the flags
            flags = re.IGNORECASE if len(literals) == 2 and "i" in literals[1] else 0
            search = re.compile(literals[0], flags).search
            test = lru_cache(maxsize=_MEMO_LIMIT)(lambda value: search(value) is not None)
            return f"{self.constant(test)}({text})", _BOOL
        raise ValueError(f"{name}() with {len(arguments)} arguments is not read here")


@dataclass(slots=True)
class _Step:
    """``.//tag[predicate]...``: the elements below the context with that tag (any for
    ``*``) that pass every predicate; ``first``: only the first of them is kept."""

    code: str  # Python source: does element ``e`` (tag ``tag``, attributes ``get``) pass
    first: bool
    tags: frozenset[str] | None  # the tags an element that passes can have (None: any)


def _compile(code: str, constants: dict[str, object]) -> Callable[[_Element], bool]:
    namespace: dict[str, object] = {
        **constants,
        "_first_value": _first_value,
        "_has_any": _has_any,
        "_any_equal": _any_equal,
    }
    source = f"def keeps(e):\n    get = e.get\n    tag = e.tag\n    return bool({code})\n"
    exec(compile(source, "<trafilatura filter>", "exec"), namespace)
    keeps: Callable[[_Element], bool] = namespace["keeps"]  # type: ignore[assignment]
    return keeps


class ElementTests:
    """Which elements of a tree each of ``expressions`` (evaluated on the tree) selects,
    from one walk of the tree: each expression read (``_Parser``) into a Python function of
    one element making the tests the XPath makes, without lxml's call back into Python for
    each ``re:test`` of each element, and each regular expression's answer remembered per
    attribute value. Only an element's tag, attributes and descendants are read."""

    __slots__ = ("_expressions", "_keeps", "_steps", "_tags")

    def __init__(self, expressions: Sequence[XPath]) -> None:
        self._expressions = tuple(expressions)
        self._steps: list[list[_Step]] = []
        self._keeps: list[list[Callable[[_Element], bool]]] = []
        for expression in self._expressions:
            constants: dict[str, object] = {}
            steps = _Parser(expression.path, constants).union()
            self._steps.append(steps)
            self._keeps.append([_compile(step.code, constants) for step in steps])
        self._tags = [_walk_tags(steps) for steps in self._steps]

    def select(self, tree: _Element) -> list[list[_Element]]:
        """Each expression's result on ``tree`` (document order), for ``.//*[...]`` filters."""
        for steps in self._steps:
            if len(steps) != 1 or steps[0].first:
                raise ValueError("select() reads plain filters only")
        tags = ("*",) if ("*",) in self._tags else tuple(sorted(set().union(*self._tags)))
        plans: list[tuple[Callable[[_Element], bool], list[_Element]]] = [
            (keeps[0], []) for keeps in self._keeps
        ]
        found: list[list[_Element]] = [out for _, out in plans]
        for element in tree.iterdescendants(*tags):
            for keeps, out in plans:
                if keeps(element):
                    out.append(element)
        return found

    def first(self, tree: _Element, index: int) -> _Element | None:
        """The first element in document order that expression ``index`` selects (all an
        expression that keeps its first element gives, ``(...)[1]``)."""
        keeps = self._keeps[index]
        for element in tree.iterdescendants(*self._tags[index]):
            if any(keep(element) for keep in keeps):
                return element
        return None


def _walk_tags(steps: list[_Step]) -> tuple[str, ...]:
    """The tags to walk for the steps: ``("*",)`` (every element) unless each names its tags."""
    if any(step.tags is None for step in steps):
        return ("*",)
    return tuple(sorted(set().union(*(step.tags for step in steps if step.tags is not None))))


# trafilatura_sequence's prunes of the raw tree: its first expression reads whether an h1 is
# below the element; the comment and list prune follows (on pages that are no forum).
RAW_TESTS = ElementTests([*RAW_TREE_PRUNE_XPATH, *REMOVE_COMMENTS_AND_LISTS_XPATH])
_RAW = len(RAW_TREE_PRUNE_XPATH)
BODY_TESTS = ElementTests(BODY_XPATH)
_SECTION_TESTS = ElementTests(
    [*OVERALL_DISCARD_XPATH, *DISCARD_IMAGE_ELEMENTS, *TEASER_DISCARD_XPATH]
)
_OVERALL = len(OVERALL_DISCARD_XPATH)
_IMAGE = slice(_OVERALL, _OVERALL + len(DISCARD_IMAGE_ELEMENTS))
_TEASER = slice(_IMAGE.stop, _IMAGE.stop + len(TEASER_DISCARD_XPATH))


def _delete_all(found: list[list[_Element]]) -> None:
    """prune_unwanted_nodes without backup: each expression's elements deleted in turn. An
    element the tree lost to an earlier expression is deleted from the part cut off (its
    parent is there) or not at all (it is that part's root): the tree is the same as when
    each expression is evaluated after the last one's deletions, since the expressions
    after the first read only an element's own tag and attributes, which no deletion
    changes (the tail text of a deleted element goes to its neighbour)."""
    for elements in found:
        for element in elements:
            delete_element(element)


def raw_prune(tree: HtmlElement, is_forum: bool) -> HtmlElement:
    """trafilatura_sequence's prunes of the raw tree (``RAW_TREE_PRUNE_XPATH``, then
    ``REMOVE_COMMENTS_AND_LISTS_XPATH`` on pages that are no forum), in one walk."""
    found = RAW_TESTS.select(tree)
    _delete_all(found if not is_forum else found[:_RAW])
    return tree


def _prune_with_backup(tree: HtmlElement, found: list[list[_Element]]) -> None:
    """prune_unwanted_nodes(..., with_backup=True) with the expressions' results given."""
    matches = dict.fromkeys(element for elements in found for element in elements)
    if not matches:
        return
    outer = [
        element for element in matches if not any(a in matches for a in element.iterancestors())
    ]
    old_len = len(tree.text_content())
    if old_len - sum(len(element.text_content()) for element in outer) > old_len / 7:
        for element in outer:
            delete_element(element)


def prune_unwanted_sections(
    tree: HtmlElement, potential_tags: set[str], options: Extractor
) -> HtmlElement:
    """trafilatura 2.3.1's ``prune_unwanted_sections`` (``keep_teasers`` false), its three
    XPath prunes answered in one walk."""
    favor_precision = options.focus == "precision"
    if favor_precision:
        raise ValueError("the precision prune is not mirrored here")
    found = _SECTION_TESTS.select(tree)
    _prune_with_backup(tree, found[:_OVERALL])
    later = []
    if "graphic" not in potential_tags:
        later.extend(found[_IMAGE])
    if options.focus != "recall":
        later.extend(found[_TEASER])
    _delete_all(later)
    for _ in range(2):
        tree = delete_by_link_density(tree, "div", backtracking=True, favor_precision=False)
        tree = delete_by_link_density(tree, "list", backtracking=False, favor_precision=False)
        tree = delete_by_link_density(tree, "p", backtracking=False, favor_precision=False)
    if "table" in potential_tags:
        boilerplate = [elem for elem in tree.iter("table") if link_density_test_tables(elem)]
        for elem in boilerplate:
            delete_element(elem, keep_tail=False)
    strip_tags(tree, "span", *(() if "ref" in potential_tags else ("ref",)))
    return tree


def extract(tree: HtmlElement, options: Extractor) -> tuple[_Element, str, set[str]]:
    """trafilatura 2.3.1's ``main_extractor._extract``, the body found and pruned with the
    filters above (same result)."""
    potential_tags = set(TAG_CATALOG)
    if options.tables is True:
        potential_tags.update(["table", "td", "th", "tr"])
    if options.images is True:
        potential_tags.add("graphic")
    if options.links is True:
        potential_tags.add("ref")
    result_body = Element("body")
    for index in range(len(BODY_XPATH)):
        subtree = BODY_TESTS.first(tree, index)
        if subtree is None:
            continue
        subtree = prune_unwanted_sections(subtree, potential_tags, options)
        if len(subtree) == 0:
            continue
        ptest = subtree.xpath("//p//text()")
        factor = 1 if options.focus == "precision" else 3
        if not ptest or len("".join(ptest)) < options.min_extracted_size * factor:
            potential_tags.add("div")
        subelems = subtree.xpath(".//*")
        tags = {e.tag for e in subelems}
        if tags == {"lb"} or (
            subtree.tag == "div" and "div" in potential_tags and tags <= INLINE_FORMATTABLE | {"lb"}
        ):
            subelems = [subtree]
        lead, start = None, len(result_body)
        if subelems != [subtree] and text_chars_test(subtree.text):
            lead = Element("p")
            lead.text = subtree.text
            lead = process_node(lead, options)
        for elem in subelems:
            if elem.getroottree().getroot() is result_body:
                continue
            tag, tail = elem.tag, elem.tail
            processed_elem = handle_textelem(elem, potential_tags, options)
            if processed_elem is not None:
                result_body.append(processed_elem)
                if elem.getroottree().getroot() is not result_body:
                    elem.tag = "done"
            if (
                tag in REBUILT_BLOCKS
                and text_chars_test(tail)
                and (processed_elem is None or processed_elem.tail is None)
            ):
                tail_elem = Element("p")
                tail_elem.text = tail
                if process_node(tail_elem, options) is not None:
                    result_body.append(tail_elem)
        while len(result_body) > 0 and (result_body[-1].tag in NOT_AT_THE_END):
            delete_element(result_body[-1], keep_tail=False)
        if sum(e.tag != "graphic" for e in result_body) > 1:
            if lead is not None:
                result_body.insert(start, lead)
            break
    temp_text = " ".join(result_body.itertext()).strip()
    return result_body, temp_text, potential_tags
