"""Speaker resolution inside one article (saidwhat.extract.speakers), through the real engine."""

from __future__ import annotations

import pytest

from saidwhat import extract


def _speakers(text: str) -> list[str | None]:
    return [q.speaker.name if q.speaker else None for q in extract(text).quotes]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a title before the name, the name parsed as the verb's subject
        (
            "Malaysia's Prime Minister, Najib Razak said, "
            '"We are in contact with all relevant parties."',
            "Najib Razak",
        ),
        (
            "In a statement, Governor of Washington Chris Gregoire said, "
            '"The museum put a tremendous effort into this."',
            "Chris Gregoire",
        ),
        # a bare title: the person who holds it in the article
        (
            "President Donald Trump visited Ohio on Monday. "
            '"We will win this state," the President said.',
            "Donald Trump",
        ),
        # a first name alone, when one person in the article has it
        (
            "Ahmed Mohamed built a clock at home in Texas. "
            '"I wanted to impress my teacher," Ahmed told reporters.',
            "Ahmed Mohamed",
        ),
    ],
)
def test_descriptions_titles_and_first_names_resolve_to_the_named_person(
    text: str, speaker: str
) -> None:
    assert _speakers(text) == [speaker]


def test_a_spokesman_for_a_person_is_not_that_person() -> None:
    text = (
        "Hillary Clinton was in Iowa on Tuesday. "
        '"She is ready to lead," a spokesman for Hillary Clinton said.'
    )
    result = extract(text)
    assert len(result.quotes) == 1
    speaker = result.quotes[0].speaker
    assert speaker is not None and speaker.name != "Hillary Clinton"
    assert speaker.type == "UNNAMED"


def test_two_people_with_the_same_first_name_keep_a_bare_first_name_unresolved_to_either() -> None:
    text = 'Ahmed Mohamed and Ahmed Salem met in Cairo. "It was a good meeting," Ahmed said.'
    names = {e.name for e in extract(text).entities}
    assert {"Ahmed Mohamed", "Ahmed Salem"} <= names
    # "Ahmed" alone is not folded into one of the two full names
    assert all(len(e.mentions) == 1 for e in extract(text).entities if e.name.startswith("Ahmed "))


def _by_content(text: str) -> dict[str, str | None]:
    result = extract(text)
    return {
        q.contents[0].text[:20]: (q.speaker.name if q.speaker else None)
        for q in result.quotes
        if q.contents
    }


def test_a_surname_in_the_headline_joins_the_full_name_below_it() -> None:
    text = (
        "Novak blames referee for defeat\n\n"
        "Manager Pavel Novak said his side had been unlucky.\n\n"
        '"We created enough chances to win twice," said Novak.\n'
    )
    names = [n for n in _by_content(text).values() if n]
    assert names and set(names) == {"Pavel Novak"}


def test_hyphenated_names_and_titles_are_kept_apart() -> None:
    text = (
        "RIYADH: Col. Turki Al-Maliki, spokesman for the coalition, said the ports were open.\n\n"
        "The coalition will keep the roads safe, Al-Maliki said.\n"
    )
    result = extract(text)
    speakers = {q.speaker.name for q in result.quotes if q.speaker}
    assert speakers == {"Turki Al-Maliki"}  # not "Al Maliki", not the dateline RIYADH
    person = next(e for e in result.entities if e.name == "Turki Al-Maliki")
    assert "Col." in person.roles


def test_he_added_stays_with_the_speaker_when_another_person_is_only_mentioned() -> None:
    text = (
        "Coach Marco Ricci said the team had improved a lot this season.\n\n"
        "The win came a week after a defeat against the club of Stefan Berger.\n\n"
        "The players would rest on Sunday, he added.\n"
    )
    got = _by_content(text)
    assert got["The players would re"] == "Marco Ricci"


def test_a_quote_running_over_paragraphs_keeps_its_speaker() -> None:
    text = (
        '"We played well in the first half," said Anna Kowalski.\n\n'
        '"After the break we lost our shape.\n\n'
        '"Next week we need to be much sharper."\n'
    )
    got = _by_content(text)
    assert got.get("After the break we l") == "Anna Kowalski"
    assert got.get("Next week we need to") == "Anna Kowalski"


def test_a_description_stands_for_the_person_the_article_named() -> None:
    text = (
        "Actress Laura Benson said she was proud of the film.\n\n"
        "The American actress added that she would not attend the premiere.\n"
    )
    result = extract(text)
    q = next(q for q in result.quotes if "would not attend" in q.contents[0].text)
    assert q.speaker is not None and q.speaker.name == "Laura Benson"


def test_a_nested_report_belongs_to_the_inner_speaker_with_the_reporter_kept() -> None:
    text = (
        "Striker Tomas Lind says his goal was not enough to lift the team, "
        "according to Sportsnews.\n"
    )
    result = extract(text)
    q = next(q for q in result.quotes if q.contents[0].text.startswith("his goal"))
    assert q.speaker is not None and q.speaker.name == "Tomas Lind"
    assert q.reported_by is not None and q.reported_by.cue is not None
    assert q.reported_by.cue.text == "according to"
    assert q.reported_by.source is not None and q.reported_by.source.text == "Sportsnews"
