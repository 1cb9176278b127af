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
