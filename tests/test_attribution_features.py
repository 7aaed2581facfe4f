"""The attribution model's features, tag decoding and training, on sentences of our own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsblotter.statements.attribution.features import DocFeatures
from newsblotter.statements.attribution.layer import stored
from newsblotter.statements.attribution.model import spans_of
from newsblotter.train import attribution as training
from newsblotter.train.brat import format_textbound


@pytest.fixture(scope="module")
def nlp() -> Any:
    return training.load_nlp()


def test_quote_marks_open_close_and_a_paragraph_closes_them(nlp: Any) -> None:
    doc = nlp('“We will rebuild,” the mayor said. "Soon\n\nNot quoted')
    feats = DocFeatures(doc)
    marks = {t.text: feats.quote[t.i] for t in doc if not t.is_space}
    assert [feats.quote[t.i] for t in doc[:6]] == ["o", "i", "i", "i", "i", "c"]
    assert (marks["mayor"], marks["Soon"], marks["Not"], marks["quoted"]) == ("-", "i", "-", "-")


def test_window_is_the_cue_paragraph(nlp: Any) -> None:
    doc = nlp("First paragraph ends here.\n\nThe mayor said it. She left. Then rain.\n\nNext one.")
    feats = DocFeatures(doc)
    said = next(t for t in doc if t.text == "said")
    start, end = feats.window(said.i, said.i + 1)
    assert doc[start:end].text == "The mayor said it. She left. Then rain.\n\n"


def test_role_features_say_where_a_token_hangs_from_the_cue(nlp: Any) -> None:
    doc = nlp("The mayor said the bridge will reopen in May.")
    feats = DocFeatures(doc)
    said = doc[2]
    rows = feats.role_features(2, 3, said.i)
    branch = {
        doc[i].text: next(f for f in row if f.startswith("br=")) for i, row in enumerate(rows)
    }
    assert branch["mayor"] == "br=nsubj"
    assert branch["said"] == "br=cue"
    assert branch["bridge"] == branch["May"] == "br=ccomp"


def test_cue_features_say_where_a_token_stands_in_the_parse(nlp: Any) -> None:
    doc = nlp("The mayor said that Ana plans to reopen the bridge.")
    feats = DocFeatures(doc)
    said, plans, bridge = (
        next(t.i for t in doc if t.text == w) for w in ("said", "plans", "bridge")
    )
    assert feats.cue_syntax(said) == [
        "lc=say|nsubj",
        "lc=say|ccomp",
        "sk=nsubj|NOUN",
        "lsk=say|NOUN",
        "hd=ROOT|ROOT",
        "cm=ccomp|that",
        "ap=ROOT",
    ]
    assert feats.cue_syntax(plans) == [
        "lc=plan|mark",
        "lc=plan|nsubj",
        "lc=plan|xcomp",
        "sk=nsubj|PROPN",
        "lsk=plan|PROPN",
        "hd=ROOT|ccomp",
        "cm=xcomp|to",
        "ap=ccomp>ROOT",
    ]
    assert feats.cue_syntax(bridge) == [
        "lc=bridge|det",
        "lsk=bridge|none",
        "hd=xcomp|dobj",
        "al=plan",
        "al=say",
        "ap=dobj>xcomp>ccomp",
    ]
    assert set(feats.cue_syntax(said)) <= set(feats.cue_features(0, len(doc))[said])


def test_spans_of_reads_bio_tags() -> None:
    labels = ["O", "B-S", "I-S", "O", "I-C", "I-C", "B-C", "B-S"]
    assert spans_of(labels, "S", 10) == [(11, 13), (17, 18)]
    assert spans_of(labels, "C") == [(4, 6), (6, 7)]
    assert spans_of(["O", "O"], "CUE") == []


# --- training, end to end on a corpus written in code ---------------------------------------

STORIES = [
    "The mayor said the bridge will reopen in May. “We are ready,” the engineer told reporters.",
    "Officials said the fire started at noon. According to the police, nobody was hurt.",
    "The coach said the team would win. “It is done,” she added.",
]


def write_split(folder: Path, stories: list[str]) -> None:
    folder.mkdir(parents=True)
    for k, text in enumerate(stories):
        doc_lines = []
        n = 0
        for source, cue, content in _relations(text):
            ids = []
            for label, part in (("Source", source), ("Cue", cue), ("Content", content)):
                n += 1
                start = text.index(part)
                doc_lines.append(
                    format_textbound(f"T{n}", label, [(start, start + len(part))], text)
                )
                ids.append(f"{label}:T{n}")
            doc_lines.append(f"E{n}\tAttribution:{ids[1].split(':')[1]} " + " ".join(ids))
        (folder / f"story{k}.txt").write_text(text, encoding="utf-8")
        (folder / f"story{k}_1.ann").write_text("\n".join(doc_lines) + "\n", encoding="utf-8")


def _relations(text: str) -> list[tuple[str, str, str]]:
    known = [
        ("The mayor", "said", "the bridge will reopen in May"),
        ("the engineer", "told", "“We are ready,”"),
        ("Officials", "said", "the fire started at noon"),
        ("the police", "According to", "nobody was hurt"),
        ("The coach", "said", "the team would win"),
        ("she", "added", "“It is done,”"),
    ]
    return [r for r in known if r[0] in text and r[2] in text]


def test_training_command_is_deterministic_and_the_model_reads_back(tmp_path: Path) -> None:
    data = tmp_path / "corpus"
    write_split(data / "train", STORIES)
    write_split(data / "dev", STORIES[:1])
    outputs = []
    for run in ("a", "b"):
        out = tmp_path / run
        args = ["--data", str(data), "--out", str(out), "--cache", str(tmp_path / "cache")]
        assert training.main(args) == 0
        outputs.append(out)
    for name in ("cue.json", "cue.npy", "roles.json", "roles.npy"):
        assert (outputs[0] / name).read_bytes() == (outputs[1] / name).read_bytes()
    meta = json.loads((outputs[0] / "meta.json").read_text())
    assert meta["train_articles"] == 3
    assert set(meta["dev_scores_internal"]) == {
        "source_exact_f1",
        "cue_exact_f1",
        "content_exact_f1",
        "content_overlap_f1",
    }
    assert list((tmp_path / "cache").glob("*.spacy"))  # the parses were kept


def test_training_on_a_missing_folder_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert training.main(["--data", str(tmp_path / "nothing"), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "nothing" in err and "\n" not in err


def test_a_quotation_signed_with_a_dash_names_its_source(nlp: Any) -> None:
    from newsblotter.statements.attribution.rules import find_dash_quotes

    doc = nlp("Readers wrote in.\n“The bridge must reopen soon.” — Ana Lima\n“Not yet,” she said.")
    [found] = find_dash_quotes(doc)
    assert (found.cue_span.text, found.source.text) == ("—", "Ana Lima")
    assert found.content.text == "“The bridge must reopen soon.”"
    assert found.sentence.start <= found.cue.i < found.sentence.end
    assert find_dash_quotes(nlp("The vote — a close one — passed.")) == []


def test_array_scores_equal_the_feature_strings_scores(nlp: Any) -> None:
    """The shipped model scores tokens from arrays (scoring.py); training reads the same
    features as strings: both must give every token the same emission scores."""
    import numpy as np

    from newsblotter.statements.attribution.model import default_model

    doc = nlp(
        "“The bridge will reopen in May,” the mayor told reporters on Tuesday. According to "
        "the police, nobody was hurt.\n\nThe council, which met late, did not comment. — "
        "Ana Lima said: “We are ready.”"
    )
    model = default_model()
    feats = DocFeatures(doc)
    crf = model.cue_tagger

    def by_strings(rows: list[list[str]], tagger: Any) -> Any:
        return np.stack([tagger.state[[0, *tagger.ids(row)]].sum(axis=0) for row in rows])

    for (start, end), scores in zip(
        feats.sent_bounds, model.cue_scorer.emissions(feats), strict=True
    ):
        expected = by_strings(feats.cue_features(start, end), crf)
        assert np.allclose(scores, expected, atol=1e-4)
    said = next(t for t in doc if t.text == "said")
    cues = [(t.i, t.i + 1, t.i) for t in doc if not t.is_space] + [(said.i - 1, said.i + 1, said.i)]
    for (start, end, root), scores in zip(
        cues, model.role_scorer.emissions(feats, cues), strict=True
    ):
        expected = by_strings(feats.role_features(start, end, root), model.role_tagger)
        assert np.allclose(scores, expected, atol=1e-4)


# --- the stored layer, drawn as PolNeAR draws attributions -----------------------------------


def _said(doc: Any, cue: str, source: str | None, content: str | None, cue_words: int = 1) -> Any:
    """A RawAttribution over ``doc`` from the words of its cue, source and content."""
    from newsblotter.statements.attribution.raw import RawAttribution

    def span(words: str) -> Any:
        start = doc.text.index(words)
        return doc.char_span(start, start + len(words))

    cue_span = span(cue)
    head = cue_span.root
    return RawAttribution(
        head,
        span(source) if source else None,
        span(content) if content else None,
        head.sent,
        False,
        cue_span,
    )


def _drawn(found: list[Any]) -> list[tuple[str, str | None, str | None]]:
    return [
        (a.cue_span.text, a.source and a.source.text, a.content and a.content.text) for a in found
    ]


def test_reported_speech_inside_reported_speech_is_not_stored(nlp: Any) -> None:
    doc = nlp("The mayor said the chief told him the bridge will reopen.")
    outer = _said(doc, "said", "The mayor", "the chief told him the bridge will reopen")
    inner = _said(doc, "told", "the chief", "the bridge will reopen")
    # "told" hangs from "said" in the parse: dropped, the model's or the rules'
    assert _drawn(stored(doc, [outer, inner], [outer, inner])) == [
        ("said", "The mayor", "the chief told him the bridge will reopen")
    ]
    assert _drawn(stored(doc, [outer, inner], [outer])) == _drawn([outer])


def test_the_same_speakers_next_statement_is_stored_on_its_own(nlp: Any) -> None:
    doc = nlp("“The bridge is safe,” the mayor said, saying the repairs are done.")
    said = next(t for t in doc if t.text == "said")
    saying = next(t for t in doc if t.text == "saying")
    assert (saying.dep_, saying.head.i) == ("advcl", said.i)
    # a content read from the first word said to the last holds the second cue
    outer = _said(doc, "said", "the mayor", "“The bridge is safe,” the mayor said, saying the")
    inner = _said(doc, "saying", None, "the repairs are done")
    # "saying" hangs straight from "said" as an adverbial clause: PolNeAR's own relation
    assert _drawn(stored(doc, [outer, inner], [outer, inner])) == _drawn([outer, inner])


def test_a_nested_rule_attribution_goes_and_widens_the_content_around_it(nlp: Any) -> None:
    doc = nlp("The mayor said the bridge is safe. Engineers say it will open in May.")
    outer = _said(doc, "said", "The mayor", "the bridge is safe. Engineers say it")
    inner = _said(doc, "say", "Engineers", "it will open in May")
    # the model's own cue that does not hang from the outer cue stays, as found
    assert _drawn(stored(doc, [outer, inner], [outer, inner])) == _drawn([outer, inner])
    # the rules' goes, and the outer content reaches as far as the one it held
    assert _drawn(stored(doc, [outer, inner], [outer])) == [
        ("said", "The mayor", "the bridge is safe. Engineers say it will open in May")
    ]


def test_of_two_attributions_holding_each_other_the_governing_one_stays(nlp: Any) -> None:
    doc = nlp("A historian recalled, \"Out of nowhere, he said, 'We must act.'\"")
    recalled = _said(doc, "recalled", "A historian", "Out of nowhere, he said, 'We must act.'")
    said = _said(doc, "said", "he", "A historian recalled, \"Out of nowhere, he said, 'We must")
    assert _drawn(stored(doc, [recalled, said], [recalled, said])) == [
        ("recalled", "A historian", "Out of nowhere, he said, 'We must act.'")
    ]


def test_a_stored_cue_takes_in_its_auxiliaries(nlp: Any) -> None:
    doc = nlp("The mayor has said the bridge is safe. The chief did not respond.")
    said = _said(doc, "said", "The mayor", "the bridge is safe")
    respond = _said(doc, "respond", "The chief", None)
    assert _drawn(stored(doc, [said, respond], [said, respond])) == [
        ("has said", "The mayor", "the bridge is safe"),
        ("did not respond", "The chief", None),
    ]


def test_a_stored_source_leaves_out_a_dateline_or_conjunction_before_it(nlp: Any) -> None:
    doc = nlp("BRUSSELS - European leaders said the talks would go on.")
    said = _said(doc, "said", "BRUSSELS - European leaders", "the talks would go on")
    assert _drawn(stored(doc, [said], [said])) == [
        ("said", "European leaders", "the talks would go on")
    ]
    doc = nlp("NATO said the talks would go on.")
    said = _said(doc, "said", "NATO", "the talks would go on")
    assert _drawn(stored(doc, [said], [said])) == [("said", "NATO", "the talks would go on")]
    doc = nlp("Aides said that Trump would speak.")
    speak = _said(doc, "speak", "that Trump", None)
    assert _drawn(stored(doc, [speak], [speak])) == [("would speak", "Trump", None)]
