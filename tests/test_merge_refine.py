"""The rebuild-time split of a cluster holding two events of one kind (merge.refine)."""

from __future__ import annotations

import datetime as dt

import pytest

from newsblotter.merge import refine
from newsblotter.merge.cluster import Cluster, Clusterer, Params
from newsblotter.merge.refine import attach_pass, split_pass, two_groups
from newsblotter.merge.reports import Report
from newsblotter.merge.text import Vocabulary, tokens

# Two rehab stays: the same kind of news in the same words, told of two different people.
QUILL = [
    "Singer Mara Quill has checked into a rehab clinic in Malibu, her publicist Dana Ortiz"
    " said on Tuesday, asking for privacy while Quill seeks treatment for addiction.",
    "Mara Quill entered the Cliffside rehab facility near Malibu this week. Quill's publicist,"
    " Dana Ortiz, said the singer would cancel her summer tour to focus on treatment.",
    "Pop star Mara Quill is in rehab at Cliffside in Malibu, according to a statement from"
    " Dana Ortiz. Quill had struggled with addiction since her debut album.",
    "Quill, 29, checked into Cliffside, a Malibu treatment centre, and her tour dates are"
    " cancelled, publicist Dana Ortiz confirmed in a short statement to fans.",
]
PETTERSEN = [
    "Actor Dov Pettersen has entered a rehab centre in Provo, Utah, his agent Lena Brandt said"
    " on Friday, asking fans for privacy while Pettersen seeks treatment for addiction.",
    "Dov Pettersen checked into the Red Mesa rehab facility in Provo. Pettersen's agent, Lena"
    " Brandt, said filming of his western would pause while the actor is in treatment.",
    "Film star Dov Pettersen is in rehab at Red Mesa in Utah, according to a statement from"
    " Lena Brandt. Pettersen had struggled with addiction after his divorce.",
    "Pettersen, 41, entered Red Mesa, a Provo treatment centre, and the film's shoot is on"
    " hold, agent Lena Brandt confirmed in a short statement to reporters.",
]
# One event told from many angles: no single direction separates its reports.
ONE_EVENT = [
    QUILL[0],
    QUILL[1],
    "Fans gathered outside the Malibu clinic where Mara Quill is being treated, leaving"
    " flowers and handwritten notes by the gate.",
    "Mara Quill's record label postponed the release of her third album after the singer"
    " entered rehab, a spokesman for the label said.",
    "Doctors who treat addiction told reporters that stays like Mara Quill's at Cliffside"
    " usually last a month and are followed by outpatient care.",
    "Tickets for Mara Quill's cancelled summer tour will be refunded, promoter Harbor Live"
    " said, after the singer checked into rehab in Malibu.",
    "Quill's mother said in an interview that the family was proud of Mara for asking for"
    " help, and thanked fans for their messages.",
]


def reports(texts: list[str], prefix: str, vocab: Vocabulary) -> list[Report]:
    """Reports built as the merger builds them, one per invented article."""
    words = [tokens(t) for t in texts]
    for w in words:
        vocab.add(w)
    day = dt.date(2024, 6, 3)
    return [
        Report(
            id=f"article:{prefix}{n}",
            document=f"{prefix}{n}",
            published=day,
            vector=vocab.vector(w),
        )
        for n, w in enumerate(words)
    ]


def clusterer_holding(reports_: list[Report]) -> tuple[Clusterer, Cluster]:
    clusterer = Clusterer(Params())
    cluster = Cluster(0)
    clusterer.clusters.append(cluster)
    for r in reports_:
        cluster.add(r)
        clusterer.home[r.id] = cluster
    return clusterer, cluster


def test_two_rehab_stays_in_one_cluster_are_split_apart() -> None:
    vocab = Vocabulary()
    quill, pettersen = reports(QUILL, "q", vocab), reports(PETTERSEN, "p", vocab)
    mixed = [r for pair in zip(quill, pettersen, strict=True) for r in pair]  # interleaved
    clusterer, cluster = clusterer_holding(mixed)
    assert split_pass(clusterer) == 1
    homes = {r.document: clusterer.home[r.id] for r in mixed}
    assert {homes[r.document].id for r in quill} == {cluster.id}  # the earliest report stays
    assert len({homes[r.document].id for r in pettersen}) == 1
    assert homes["p0"] is not cluster
    assert sorted(cluster.documents) == sorted(r.document for r in quill)


def test_one_event_told_from_many_angles_stays_whole() -> None:
    vocab = Vocabulary()
    reports(PETTERSEN, "p", vocab)  # other news seen earlier, as in a real stream
    one = reports(ONE_EVENT, "q", vocab)
    clusterer, cluster = clusterer_holding(one)
    assert split_pass(clusterer) == 0
    assert len(cluster.reports) == len(ONE_EVENT)


def test_groups_smaller_than_the_minimum_are_not_split_off() -> None:
    vocab = Vocabulary()
    quill, pettersen = reports(QUILL, "q", vocab), reports(PETTERSEN[:2], "p", vocab)
    assert two_groups([*quill, *pettersen], min_gap=3.0, min_side=3) == set()
    assert two_groups([*quill, *pettersen], min_gap=1.0, min_side=2) == {"p0", "p1"}


def test_the_split_can_be_switched_off() -> None:
    vocab = Vocabulary()
    mixed = [*reports(QUILL, "q", vocab), *reports(PETTERSEN, "p", vocab)]
    clusterer, _ = clusterer_holding(mixed)
    clusterer.params = Params(split_gap=None)
    assert split_pass(clusterer) == 0


def vector_report(doc: str, **weights: float) -> Report:
    """A report whose text vector is given directly (unit length), to follow the scores."""
    norm = sum(v * v for v in weights.values()) ** 0.5
    day = dt.date(2024, 6, 3)
    return Report(
        id=f"article:{doc}",
        document=doc,
        published=day,
        vector={w: v / norm for w, v in weights.items()},
    )


def online(reports_: list[Report], params: Params) -> Clusterer:
    clusterer = Clusterer(params)
    clusterer.extend(reports_)
    return clusterer


def test_a_lone_article_joins_the_cluster_formed_after_it() -> None:
    # "a" comes first and is alone; "b" shares nothing with it and starts a cluster; "c" is
    # close to both but closer to "b". Only the finished cluster {b, c} is near enough to "a".
    a = vector_report("a", harbour=1.0)
    b = vector_report("b", ferry=1.0)
    c = vector_report("c", harbour=0.6, ferry=0.8)
    clusterer = online([a, b, c], Params(split_gap=None))
    assert clusterer.home[a.id] is not clusterer.home[c.id]
    assert clusterer.home[b.id] is clusterer.home[c.id]
    assert attach_pass(clusterer) == 1
    assert a.document in clusterer.home[c.id].documents
    assert [x.document for x in clusterer.live()[0].reports] == ["b", "c", "a"]


def test_a_lone_article_far_from_every_cluster_stays_alone() -> None:
    a = vector_report("a", harbour=1.0)
    b = vector_report("b", ferry=1.0)
    c = vector_report("c", harbour=0.2, ferry=0.98)
    clusterer = online([a, b, c], Params(split_gap=None))
    assert attach_pass(clusterer) == 0
    assert clusterer.live()[0].documents == {"a"}
    clusterer = online([a, b, c], Params(split_gap=None, attach_threshold=None))
    assert attach_pass(clusterer) == 0


def test_a_cluster_beyond_the_size_cap_is_not_tested(monkeypatch: pytest.MonkeyPatch) -> None:
    """Big coverage is not split: the test is an n x n eigenproblem, so its size is capped."""
    vocab = Vocabulary()
    mixed = [*reports(QUILL, "q", vocab), *reports(PETTERSEN, "p", vocab)]
    assert two_groups(mixed, min_gap=1.0, min_side=3)
    monkeypatch.setattr(refine, "MAX_SPLIT_DOCS", len(mixed) - 1)
    assert two_groups(mixed, min_gap=1.0, min_side=3) == set()
