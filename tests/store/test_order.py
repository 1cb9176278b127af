"""Speakers do not depend on ingest order or batch size (issue 11, item 5).

A bare surname ("Obama") used to go to whichever full-name speaker with that
surname the store knew when it was written; with two of them (Barack and
Michelle Obama) the final store depended on the order of the articles and on
``--batch-size``. :func:`saidwhat.store.write.reconcile` now settles bare
surnames from the final state.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .conftest import person_article


def _records() -> list[dict[str, Any]]:
    return [
        person_article("Obama", "We will act", id="a"),
        person_article("Barack Obama", "Yes we can", roles=["president"], id="b"),
        person_article("Michelle Obama", "When they go low", id="c"),
        person_article("Obama", "Hope matters", roles=["president"], id="d"),
    ]


def _store_state(
    tmp: Path, recs: list[dict[str, Any]], order: Sequence[int], batch_size: int
) -> tuple[list[tuple[str, str]], int]:
    """(article, speaker name) of every entity, and the number of speakers, after
    writing ``recs`` in ``order`` with ``batch_size``."""
    import sqlalchemy as sa

    from saidwhat.store import open_store
    from saidwhat.store.schema import articles, entities, speakers
    from saidwhat.store.write import write_articles

    with open_store(tmp / f"{'-'.join(map(str, order))}-{batch_size}.db") as s:
        write_articles(s, [recs[i] for i in order], batch_size=batch_size)
        with s.connect() as c:
            rows = c.execute(
                sa.select(articles.c.source_id, speakers.c.name).select_from(
                    entities.join(speakers, speakers.c.id == entities.c.speaker_id).join(
                        articles, articles.c.id == entities.c.article_id
                    )
                )
            ).all()
            count = int(c.execute(sa.select(sa.func.count()).select_from(speakers)).scalar() or 0)
    return sorted((str(a), str(n)) for a, n in rows), count


def test_speakers_do_not_depend_on_order_or_batch_size(tmp_path: Path) -> None:
    runs = [([0, 1, 2, 3], 1), ([0, 1, 2, 3], 4), ([1, 2, 3, 0], 1), ([2, 3, 1, 0], 4)]
    states = [_store_state(tmp_path, _records(), order, bs) for order, bs in runs]
    assert all(s == states[0] for s in states[1:])
    got = dict(states[0][0])
    # the role stated for "Obama" in d is Barack Obama's; a has no evidence and keeps
    # a speaker of its own rather than a guess between two people
    assert got["d"] == "Barack Obama" and got["b"] == "Barack Obama"
    assert got["c"] == "Michelle Obama"
    assert got["a"] == "Obama"


def test_a_later_second_full_name_unsettles_a_surname(tmp_path: Path) -> None:
    """One Obama known: "Obama" is his; a second arrives later: without evidence the
    bare surname is no longer given to either, as if both had been known from the start."""
    import sqlalchemy as sa

    from saidwhat.store import open_store
    from saidwhat.store.schema import entities, speakers
    from saidwhat.store.write import write_articles

    recs = _records()
    with open_store(tmp_path / "s.db") as s:
        write_articles(s, [recs[1], recs[0]])
        with s.connect() as c:
            before = (
                c.execute(
                    sa.select(speakers.c.name).select_from(
                        entities.join(speakers, speakers.c.id == entities.c.speaker_id)
                    )
                )
                .scalars()
                .all()
            )
        assert sorted(before) == ["Barack Obama", "Barack Obama"]
        write_articles(s, [recs[2]])
        with s.connect() as c:
            n = c.execute(
                sa.select(sa.func.count()).select_from(speakers).where(speakers.c.n_articles == 0)
            ).scalar()
            names = c.execute(sa.select(speakers.c.name).order_by(speakers.c.name)).scalars().all()
    assert names == ["Barack Obama", "Michelle Obama", "Obama"]
    assert n == 0  # no speaker left without an article


def test_full_names_do_not_depend_on_order(tmp_path: Path) -> None:
    """ "George Bush" is compatible with both George W. and George H. W. Bush: with both
    known it is neither, whichever came first (it used to join the first one seen)."""
    import itertools

    recs = [
        person_article("George W. Bush", "Mission accomplished", id="w"),
        person_article("George H. W. Bush", "Read my lips", id="hw"),
        person_article("George Bush", "A thousand points of light", id="g"),
        person_article("Bush", "Stay the course", roles=["governor"], id="b"),
    ]
    states = [
        _store_state(tmp_path, recs, order, 1 + n % 3)
        for n, order in enumerate(itertools.permutations(range(4)))
    ]
    assert all(s == states[0] for s in states[1:])
    got = dict(states[0][0])
    assert got["w"] == "George W. Bush" and got["hw"] == "George H. W. Bush"
    assert got["g"] == "George Bush" and states[0][1] == 4
