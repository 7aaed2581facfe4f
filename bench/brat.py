"""brat standoff for the benches: the package's reader (``newsblotter.train.brat``), which
the attribution model's training uses too, re-exported under the bench's old module name."""

from newsblotter.train.brat import (
    Annotation,
    Attribute,
    BratError,
    Event,
    Fragment,
    Relation,
    TextBound,
    format_textbound,
    parse_ann,
    read_ann,
)

__all__ = [
    "Annotation",
    "Attribute",
    "BratError",
    "Event",
    "Fragment",
    "Relation",
    "TextBound",
    "format_textbound",
    "parse_ann",
    "read_ann",
]
