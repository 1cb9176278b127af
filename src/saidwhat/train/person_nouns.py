"""Derive the nouns that describe a person from GUM's entity annotation.

GUM (CC BY 4.0 annotations) types every mention, nominal ones included: "the
plaintiff", "a librarian", "the monk" are ``person``. A noun heading person mentions
at least ``--min-count`` times, and person mentions at least ``--min-share`` of the
times it heads a typed mention, is written one per line to
``src/saidwhat/data/person_nouns.txt``, which :mod:`saidwhat.names` adds to its
person nouns ("the publicist said" is a person's description, to be resolved).

Only the non-news documents are read: GUM's news documents are kept for evaluation
(``saidwhat evaluate-speakers gum``)::

    python -m saidwhat.train.person_nouns ../shared/data/gum --out src/saidwhat/data
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

_OPEN = re.compile(r"\((\d+)-([a-z]+)[^()|]*?(\))?(?=\(|\d*\)|$)")
_CLOSE = re.compile(r"(?<![\w-])(\d+)\)")
#: Nouns for several people or a body, or for anybody at all ("the person"), never a
#: description of one person.
_COLLECTIVE = frozenset(
    "group family population people public staff faculty team audience majority "
    "sample class couple crowd workforce elite side number lot million folk bunch "
    "person individual someone anyone everyone other".split()
)


def _sentences(path: Path) -> Iterator[list[list[str]]]:
    rows: list[list[str]] = []
    for line in path.read_text("utf-8").splitlines():
        if not line:
            if rows:
                yield rows
            rows = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if cols[0].isdigit():
                rows.append(cols)
    if rows:
        yield rows


def _mention_heads(rows: list[list[str]]) -> Iterator[tuple[str, str, str]]:
    """(entity type, head lemma, head UPOS) of each mention of one sentence: the one
    token of the mention whose syntactic head lies outside it, written in lower case
    (a capitalised head is a name or a title: "Santorum", "Your Honor")."""
    tokens = {int(r[0]): r for r in rows}
    stack: dict[str, list[tuple[int, str]]] = {}
    spans: list[tuple[int, int, str]] = []
    for r in rows:
        i = int(r[0])
        found = re.search(r"Entity=([^|]+)", r[9])
        if not found:
            continue
        ann = found.group(1)
        for m in _OPEN.finditer(ann):
            if m.group(3):
                spans.append((i, i, m.group(2)))
            else:
                stack.setdefault(m.group(1), []).append((i, m.group(2)))
        for m in _CLOSE.finditer(ann):
            opened = stack.get(m.group(1))
            if opened:
                start, kind = opened.pop()
                spans.append((start, i, kind))
    for a, b, kind in spans:
        heads = [k for k in range(a, b + 1) if k in tokens and not a <= int(tokens[k][6]) <= b]
        if len(heads) == 1 and tokens[heads[0]][1].islower():
            r = tokens[heads[0]]
            yield kind, r[2].lower(), r[3]


def person_nouns(
    gum: Path, *, min_count: int = 2, min_share: float = 0.8
) -> list[tuple[str, int, int]]:
    """``(noun, person mentions, typed mentions)`` for the nouns that describe a person."""
    person: Counter[str] = Counter()
    typed: Counter[str] = Counter()
    for path in sorted((gum / "dep").glob("*.conllu")):
        if path.name.startswith("GUM_news"):
            continue
        for rows in _sentences(path):
            for kind, lemma, upos in _mention_heads(rows):
                if upos != "NOUN" or not lemma.isalpha():
                    continue
                typed[lemma] += 1
                person[lemma] += kind == "person"
    return sorted(
        (w, n, typed[w])
        for w, n in person.items()
        if n >= min_count and n / typed[w] >= min_share and w not in _COLLECTIVE
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gum", type=Path, help="GUM's folder (with dep/*.conllu)")
    ap.add_argument("--out", type=Path, default=Path("src/saidwhat/data"))
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--min-share", type=float, default=0.8)
    args = ap.parse_args(argv)
    found = person_nouns(args.gum, min_count=args.min_count, min_share=args.min_share)
    head = (
        "# Nouns that describe a person, derived from GUM's entity annotation (CC BY 4.0,\n"
        "# non-news documents) by saidwhat.train.person_nouns: heads of person mentions at\n"
        f"# least {args.min_count} times and in at least {args.min_share:.0%} of their typed "
        "mentions.\n"
    )
    out = args.out / "person_nouns.txt"
    out.write_text(head + "".join(f"{w}\n" for w, _, _ in found), "utf-8")
    print(f"{len(found)} person nouns -> {out}")


if __name__ == "__main__":
    main()
