"""Reading the MUC-4 corpus as distributed (``shared/bench/muc4``, README there): the GRIT
role-filler files (``ree/<split>.jsonl``) and the 1992 raw texts, whose datelines give each
message its date. Shared by the role-filling training command and ``bench/muc4.py``."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")

_DOCID = re.compile(r"^((?:DEV|TST\d)-MUC\d-\d{4})\s*$")
# MUC-4's dateline dates ("12 JAN 90"): a data format's month codes, not words of a text.
_DATELINE_DATE = re.compile(
    r"\b(\d{1,2}) (JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]* (\d{2})\b"
)
_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


@dataclass(frozen=True, slots=True)
class RawText:
    docid: str
    text: str  # lower-cased body without the dateline, as the processed files have it
    published: dt.date | None


def parse_texts(text: str) -> dict[str, RawText]:
    """Messages of a raw MUC text file (``tst1-muc3`` ...); {} when it is not one."""
    out: dict[str, RawText] = {}
    docid: str | None = None
    lines: list[str] = []

    def flush() -> None:
        if docid is not None:
            out[docid] = _raw_text(docid, lines)

    for line in text.splitlines():
        m = _DOCID.match(line)
        if m:
            flush()
            docid, lines = m.group(1), []
        elif docid is None and line.strip():
            return {}
        else:
            lines.append(line)
    flush()
    return out


def _raw_text(docid: str, lines: list[str]) -> RawText:
    paragraphs = [" ".join(p.split()) for p in "\n".join(lines).split("\n\n") if p.strip()]
    body = "\n\n".join(paragraphs)
    head, sep, rest = body.partition("--")
    published = None
    if sep and (m := _DATELINE_DATE.search(head)):
        day, month, year = int(m.group(1)), _MONTHS.index(m.group(2)) + 1, 1900 + int(m.group(3))
        try:
            published = dt.date(year, month, day)
        except ValueError:
            published = None
        body = rest
    body = body.replace("[TEXT]", " ").strip()
    return RawText(docid, body.lower(), published)


def read_text(path: Path) -> str:
    """A corpus file as text: the 1992 files are ASCII, so latin-1 never fails."""
    return path.read_text(encoding="latin-1")


def raw_texts(folder: Path) -> dict[str, RawText]:
    """Every message of the raw text files in ``folder`` (answer keys are skipped)."""
    out: dict[str, RawText] = {}
    for f in sorted(folder.iterdir()) if folder.is_dir() else []:
        if f.is_file() and not f.name.startswith("key-") and not f.suffix:
            out.update(parse_texts(read_text(f)))
    return out


def read_ree(path: Path) -> list[dict[str, Any]]:
    """GRIT records (``docid``, ``doctext``, ``extracts``) of one split, in file order."""
    out = []
    for lineno, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise ValueError(f"{path}:{lineno}: not JSON") from exc
        if not (
            isinstance(record, dict)
            and isinstance(record.get("doctext"), str)
            and isinstance(record.get("extracts"), dict)
            and "docid" in record
        ):
            raise ValueError(f"{path}:{lineno}: not a GRIT record (docid, doctext, extracts)")
        out.append(record)
    return out


def gold_roles(record: dict[str, Any]) -> dict[str, list[list[str]]]:
    """GRIT extracts -> role -> entities (mention strings; offsets dropped, empties removed)."""
    extracts = record["extracts"]
    return {
        role: [[m[0] for m in entity] for entity in extracts.get(role, []) if entity]
        for role in ROLES
    }
