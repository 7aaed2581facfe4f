"""Training examples for the incident gate: articles labelled by whether they report a violent
incident as news, with labels derived from the annotations of public benchmark data.

* MUC-4 train (``muc4/raw/train``, 1,300 messages): a message with an answer-key template
  (``templates/train.jsonl``) reports an incident; one without reports none (MUC-4's
  relevance: a recent terrorist act told in the message).
* ECB+ topics 1-35 (``incident-merging/ecbplus``): a document of a sub-topic whose category
  is ``violent_incident`` reports one; celebrity, sport, business and politics, accidents and
  disasters, and court follow-ups of old crimes report none.
* Gun-violence pool (``incident-merging/gun-violence``): local news of shootings, every one a
  report; one document in eight (by sorted id) keeps the classes near balance.

Only train or dev parts are read (their test parts are held out and absent).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from newsblotter.records import Article

_MUC_ID = re.compile(r"^\s*(DEV-MUC3-\d{4}|TST\d-MUC\d-\d{4})\b")
_MUC_DATE = re.compile(r"\b(\d{1,2}) (JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\w* (\d\d)\b")
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_SOURCE_TAGS = re.compile(r"^\s*(?:\[[^\]]*\]\s*)+")
GV_EVERY = 8


def article(
    doc_id: str, text: str, title: str | None, published: dt.date | None, extractor: str
) -> Article:
    """A bare text as the article the NLP reads (no page, no extraction)."""
    return Article(
        document=doc_id,
        text=text,
        title=title,
        published=published,
        published_precision="day" if published else None,
        extractor=extractor,
    )


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    source: str  # muc4 | ecbplus | gun-violence
    text: str
    title: str | None
    published: dt.date | None
    label: bool


def muc4(folder: Path) -> list[Example]:
    """MUC-4 train messages, lower-cased as the answer keys' texts are, with their date."""
    with_template = set()
    for line in (folder / "templates" / "train.jsonl").read_text().splitlines():
        if line.strip():
            record = json.loads(line)
            if record["templates"]:
                with_template.add(record["docid"])
    out = []
    for path in sorted((folder / "raw" / "train").glob("dev-muc3-*")):
        for docid, text, published in _muc_messages(path.read_text(encoding="latin-1")):
            out.append(Example(docid, "muc4", text, None, published, docid in with_template))
    return out


def _muc_messages(raw: str) -> list[tuple[str, str, dt.date | None]]:
    messages: list[tuple[str, list[str]]] = []
    for line in raw.splitlines():
        m = _MUC_ID.match(line)
        if m:
            messages.append((m.group(1), []))
        elif messages:
            messages[-1][1].append(line)
    out = []
    for docid, lines in messages:
        body = " ".join(" ".join(lines).split())
        head, sep, rest = body.partition("--")
        published = None
        if sep and (m := _MUC_DATE.search(head)):
            day, month, year = int(m.group(1)), _MONTHS.index(m.group(2)) + 1, int(m.group(3))
            try:
                published = dt.date(1900 + year, month, day)
            except ValueError:
                published = None
            body = rest
        body = _SOURCE_TAGS.sub("", body.replace("[TEXT]", " "))
        out.append((docid, body.strip().lower(), published))
    return out


def ecbplus(folder: Path) -> list[Example]:
    """ECB+ documents of topics 1-35, their tokens joined back into text."""
    out = []
    with (folder / "documents.tsv").open(encoding="utf-8") as fh:
        rows = sorted(csv.DictReader(fh, delimiter="\t"), key=lambda r: r["doc_id"])
    for row in rows:
        doc_id = row["doc_id"]
        root = ET.parse(folder / "xml" / doc_id.split("_")[0] / f"{doc_id}.xml").getroot()
        sentences: dict[int, list[str]] = {}
        for tok in root.iter("token"):
            sentences.setdefault(int(tok.get("sentence") or 0), []).append(tok.text or "")
        numbers = sorted(sentences)
        if doc_id.endswith("ecbplus") and numbers and numbers[0] == 0:
            numbers = numbers[1:]  # sentence 0 of an ECB+ file is its source URL
        text = "\n\n".join(_detokenize(sentences[n]) for n in numbers)
        label = row["category"] == "violent_incident"
        out.append(Example(doc_id, "ecbplus", text, None, None, label))
    return out


def _detokenize(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r" ([.,;:!?%)\]'’]|n't|'s|'re|'ve|'ll|'d)", r"\1", text)
    return re.sub(r"([(\[$]) ", r"\1", text)


def gun_violence(folder: Path) -> list[Example]:
    rows = []
    with (folder / "documents.jsonl").open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    rows.sort(key=lambda r: r["doc_id"])
    out = []
    for row in rows[::GV_EVERY]:
        dct = dt.date.fromisoformat(row["dct"]) if row.get("dct") else None
        out.append(Example(row["doc_id"], "gun-violence", row["text"], row.get("title"), dct, True))
    return out


def examples(bench: Path) -> list[Example]:
    """Every training example, in a fixed order."""
    return (
        muc4(bench / "muc4")
        + ecbplus(bench / "incident-merging" / "ecbplus")
        + gun_violence(bench / "incident-merging" / "gun-violence")
    )
