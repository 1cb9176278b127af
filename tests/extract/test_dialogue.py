"""Conversations (saidwhat.extract.dialogue): who says "he said" when two people talk.

Made-up dialogue only; the pure functions get a few stand-in entities, and the
engine is run end to end on short made-up scenes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from saidwhat import extract
from saidwhat.extract.attributions import Attribution
from saidwhat.extract.continuity import Resolved
from saidwhat.extract.dialogue import Mention, converse, narrator, turns, vocatives


@dataclass(frozen=True)
class Person:
    name: str
    gender: str | None
    type: str = "PERSON"


def _quoted(text: str) -> list[tuple[int, int]]:
    out, start = [], None
    for i, ch in enumerate(text):
        if ch == "“":
            start = i
        elif ch == "”" and start is not None:
            out.append((start, i + 1))
            start = None
    return out


def _said(text: str, quote: str, source: str, speaker: Person | None) -> Resolved:
    """A quoted statement of ``text``: its words, its source (the first occurrence
    after the quote) and the cue word after the source."""
    qs = text.index(quote)
    ss = text.index(source, qs + len(quote))
    cue = re.compile(r"\w+").search(text, ss + len(source))
    assert cue is not None
    att = Attribution(
        cue=cue.span(),
        sources=[(ss, ss + len(source))],
        contents=[(qs + 1, qs + len(quote) - 1)],
        kind="direct",
    )
    return Resolved(att, speaker, 0.8 if speaker else 0.0)


def _mentions(text: str, people: dict[str, Person]) -> list[Mention]:
    out = []
    for name, p in people.items():
        i = text.find(name)
        while i != -1:
            out.append(Mention(i, i + len(name), p))
            i = text.find(name, i + 1)
    return sorted(out, key=lambda m: m.start)


def _run(text: str, items: list[Resolved], people: dict[str, Person]) -> list[str | None]:
    out = converse(
        text,
        items,
        quoted=_quoted(text),
        mentions=_mentions(text, people),
        gender_of=lambda c: c.gender,
    )
    return [r.speaker.name if r.speaker else None for r in out]


TOM, NELL, BEN = Person("Tom", "m"), Person("Nell", "f"), Person("Ben", "m")


def test_she_in_a_conversation_of_a_man_and_a_woman_is_the_woman() -> None:
    text = (
        "“Where were you?” asked Nell. “At the mill,” said Tom. "
        "“All night?” she said. “Most of it,” he said."
    )
    items = [
        _said(text, "“Where were you?”", "Nell", NELL),
        _said(text, "“At the mill,”", "Tom", TOM),
        # the resolver's choices, both wrong: the pronoun's gender decides
        _said(text, "“All night?”", "she", TOM),
        _said(text, "“Most of it,”", "he", NELL),
    ]
    assert _run(text, items, {"Tom": TOM, "Nell": NELL}) == ["Nell", "Tom", "Nell", "Tom"]


def test_two_men_taking_turns_alternate() -> None:
    text = "“Are you coming?” asked Tom. “Not yet,” said Ben. “Why not?” he said."
    items = [
        _said(text, "“Are you coming?”", "Tom", TOM),
        _said(text, "“Not yet,”", "Ben", BEN),
        _said(text, "“Why not?”", "he", BEN),
    ]
    assert _run(text, items, {"Tom": TOM, "Ben": BEN})[-1] == "Tom"


def test_quotes_in_a_row_with_narration_between_are_no_exchange() -> None:
    # news: one speaker after another, then "he said" continues the last one
    text = (
        "Tom Reyes, the mayor, said: “The bridge will open in May.” "
        "Ben Ortiz, who leads the council, told reporters: “We have the money.” "
        "He was critical of the delays at the port over the past two years and of the "
        "contractors. “We are not to blame,” he said."
    )
    tom, ben = Person("Tom Reyes", "m"), Person("Ben Ortiz", "m")
    items = [
        _said(text, "“The bridge will open in May.”", "Ben", tom),
        _said(text, "“We have the money.”", "He", ben),
        _said(text, "“We are not to blame,”", "he", ben),
    ]
    items[0].att.sources = [(0, 9)]
    items[1].att.sources = [(text.index("Ben Ortiz"), text.index("Ben Ortiz") + 9)]
    assert _run(text, items, {"Tom Reyes": tom, "Ben Ortiz": ben})[-1] == "Ben Ortiz"


def test_somebody_new_named_in_the_narration_keeps_the_resolvers_choice() -> None:
    text = "“Is it late?” asked Nell. “Nearly ten,” said Tom. Then Ann came in. “Hello,” she said."
    ann = Person("Ann", "f")
    items = [
        _said(text, "“Is it late?”", "Nell", NELL),
        _said(text, "“Nearly ten,”", "Tom", TOM),
        _said(text, "“Hello,”", "she", ann),
    ]
    assert _run(text, items, {"Tom": TOM, "Nell": NELL, "Ann": ann})[-1] == "Ann"


def test_a_long_stretch_of_narration_ends_the_conversation() -> None:
    gap = "The wind rose over the hills and the river ran high all that week. " * 8
    text = f"“Is it late?” asked Nell. “Nearly ten,” said Tom. {gap}“Hello,” she said."
    items = [
        _said(text, "“Is it late?”", "Nell", NELL),
        _said(text, "“Nearly ten,”", "Tom", TOM),
        _said(text, "“Hello,”", "she", None),
    ]
    assert _run(text, items, {"Tom": TOM, "Nell": NELL})[-1] is None


def test_the_person_a_quote_addresses_is_not_its_speaker() -> None:
    text = "“Ben,” said Tom, “shut the door.” “Nell,” he said, “sit down.”"
    people = {"Ben": BEN, "Tom": TOM, "Nell": NELL}
    quote = (text.index("“Nell,”"), len(text))
    assert vocatives(text, quote, _mentions(text, people)) == [NELL]
    items = [
        _said(text, "“Ben,”", "Tom", TOM),
        _said(text, "“Nell,”", "he", NELL),  # the resolver took the name in the quote
    ]
    items[0].att.contents.append((text.index("“shut") + 1, text.index("door.”") + 5))
    assert _run(text, items, people) == ["Tom", "Tom"]


def test_turns_join_the_pieces_of_one_statement() -> None:
    text = "“Yes,” said Tom, “at once.” “No.”"
    item = _said(text, "“Yes,”", "Tom", TOM)
    item.att.contents.append((text.index("“at") + 1, text.index("once.”") + 5))
    found = turns(_quoted(text), [item])
    assert [(text[t.start : t.end], t.item) for t in found] == [
        ("“Yes,” said Tom, “at once.”", 0),
        ("“No.”", None),
    ]


def _speakers(text: str) -> list[str | None]:
    return [q.speaker.name if q.speaker else None for q in extract(text).quotes]


def test_the_engine_gives_she_to_the_woman_of_the_conversation() -> None:
    text = (
        "Edmund Hale found his sister Clara in the orchard. “You are late again,” said "
        "Clara. “Did you bring the letters?” she asked. “I left them at the inn,” he said."
    )
    assert _speakers(text) == ["Clara", "Clara", "Edmund Hale"]


def test_the_engine_never_gives_a_quote_to_the_person_it_addresses() -> None:
    text = "Martha Quill came in with the tray. “Annie,” she said, “bring the cups, will you?”"
    assert "Annie" not in _speakers(text)


ROBIN, MAE = Person("Robin", "m"), Person("Mae", "f")
SCENE = (
    "“You are late again, Robin,” said Mae. “The coach was slow,” I said. "
    "“Sit down, Robin, and eat,” said Mae. “Thank you,” I answered."
)


def _scene(text: str, third: str = "“Sit down, Robin, and eat,”") -> list[Resolved]:
    return [
        _said(text, "“You are late again, Robin,”", "Mae", MAE),
        _said(text, "“The coach was slow,”", "I", None),
        _said(text, third, "Mae", MAE),
        _said(text, "“Thank you,”", "I", None),
    ]


def test_the_narrator_is_the_person_the_others_call_by_name() -> None:
    people = {"Robin": ROBIN, "Mae": MAE}
    items = _scene(SCENE)
    found = narrator(
        SCENE,
        turns(_quoted(SCENE), items),
        items,
        quoted=_quoted(SCENE),
        mentions=_mentions(SCENE, people),
    )
    assert found is ROBIN
    assert _run(SCENE, _scene(SCENE), people) == ["Mae", "Robin", "Mae", "Robin"]


def test_one_call_by_name_names_the_narrator_only_in_words_put_to_them() -> None:
    people = {"Robin": ROBIN, "Mae": MAE}
    # "You are late again, Robin": once, with "you", and nobody else called
    once = SCENE.replace("Sit down, Robin, and eat", "Sit down and eat")
    assert _run(once, _scene(once, "“Sit down and eat,”"), people) == [
        "Mae",
        "Robin",
        "Mae",
        "Robin",
    ]
    # "Late again, Robin": a call without a question or "you" is not enough once
    bare = once.replace("You are late again, Robin", "Late again, Robin")
    items = [
        _said(bare, "“Late again, Robin,”", "Mae", MAE),
        _said(bare, "“The coach was slow,”", "I", None),
        _said(bare, "“Sit down and eat,”", "Mae", MAE),
        _said(bare, "“Thank you,”", "I", None),
    ]
    assert _run(bare, items, people) == ["Mae", None, "Mae", None]


def test_a_name_the_narration_uses_is_no_narrator() -> None:
    people = {"Robin": ROBIN, "Mae": MAE}
    # "Robin" named in the narration is somebody the narrator speaks of
    told = SCENE + " Robin laughed."
    assert _run(told, _scene(told), people) == ["Mae", None, "Mae", None]


def test_she_after_narration_about_her_is_the_woman_the_narration_is_about() -> None:
    text = (
        "Mrs. Vane lit the fire in the parlour. As soon as Polly, her maid, had been "
        "sent out, she laid the table. “Is it snowing?” the stranger asked. "
        "She noticed the snow on his coat. “Can I take your hat, sir?” she said."
    )
    vane, polly, guest = Person("Vane", "f"), Person("Polly", "f"), Person("stranger", "m")
    people = {"Vane": vane, "Polly": polly}
    # "Mrs. Vane lit the fire": the subject of a main clause ("Polly … had been sent
    # out" is not); "She noticed": a "she" for subject in the narration since the turn
    subjects = [Mention(text.index("Vane"), text.index("Vane") + 4, vane)]
    she = [(m.start(), "f") for m in re.finditer(r"\b[Ss]he\b", text)]

    def run(t: str, pronouns: list[tuple[int, str]]) -> list[str | None]:
        items = [
            _said(t, "“Is it snowing?”", "the stranger", guest),
            # the resolver's choice: the woman named last
            _said(t, "“Can I take your hat, sir?”", "she", polly),
        ]
        out = converse(
            t,
            items,
            quoted=_quoted(t),
            mentions=_mentions(t, people),
            gender_of=lambda c: c.gender,
            subjects=subjects,
            pronouns=[(i, g) for i, g in pronouns if i < len(t)],
        )
        return [r.speaker.name if r.speaker else None for r in out]

    assert run(text, she) == ["stranger", "Vane"]
    # a man's "he" in the narration says nothing of a "she said": the choice stays
    assert run(text, [(i, "m") for i, _ in she]) == ["stranger", "Polly"]
    # narration that names somebody is the other rules' business
    named = text.replace("She noticed the snow", "Polly noticed the snow")
    assert run(named, she)[-1] == "Polly"


def test_the_man_called_by_name_answers_before_he_has_spoken() -> None:
    text = "“It is your best work, Hugo,” said Ned. “I shall not send it anywhere,” he answered."
    hugo, ned = Person("Hugo", "m"), Person("Ned", "m")
    people = {"Hugo": hugo, "Ned": ned}
    items = [
        _said(text, "“It is your best work, Hugo,”", "Ned", ned),
        # the resolver's choice: the man who spoke last
        _said(text, "“I shall not send it anywhere,”", "he", ned),
    ]
    assert _run(text, items, people) == ["Ned", "Hugo"]
    # called by a woman's name: nothing for "he"; the only man speaking keeps it
    text_f = text.replace("Hugo", "Hilda")
    items_f = [
        _said(text_f, "“It is your best work, Hilda,”", "Ned", ned),
        _said(text_f, "“I shall not send it anywhere,”", "he", ned),
    ]
    hilda = Person("Hilda", "f")
    assert _run(text_f, items_f, {"Hilda": hilda, "Ned": ned}) == ["Ned", "Ned"]


def test_a_woman_named_in_the_narration_does_not_hide_the_man_before_her() -> None:
    # "X questioned why Cr Y wanted …" between two quotations: the next "he asked" is
    # X, whom the narration named, not the man who spoke the quotation before
    from saidwhat import extract

    text = (
        "Mayor under fire\n\n“There is no conflict of interest here,” Mayor Jane Whitford "
        "told councillors.\n\nCouncillor Tom Baxter said he thought the matter was before "
        "the commission, adding “I don't know how we can even discuss this today”.\n\n"
        "Deputy Mayor Alan Pryce questioned why, four months later, Cr Whitford wanted "
        "to change the minutes.\n\n“You call it a minor error, but how could everyone "
        "get it so wrong?” he asked."
    )
    said = extract(text).quotes
    assert said[-1].cue.text == "asked"
    assert said[-1].speaker is not None and said[-1].speaker.name == "Alan Pryce"
