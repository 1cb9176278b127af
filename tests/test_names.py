"""Name parsing and matching (saidwhat.names): the one home of name rules."""

from __future__ import annotations

import pytest

from saidwhat.names import (
    acronym,
    entity_key,
    given_name_variant,
    holds_office,
    is_demonym_person,
    looks_like_org,
    mention_fits,
    nationality,
    parse_person,
    split_title,
)


@pytest.mark.parametrize(
    ("text", "titles", "name"),
    [
        ("Col. Turki Al-Maliki", "Col.", "Turki Al-Maliki"),
        ("spokesperson Tasnim Aslam", "spokesperson", "Tasnim Aslam"),
        ("Councilor GT Bynum", "Councilor", "GT Bynum"),
        ("Prince Abdulaziz bin Salman", "Prince", "Abdulaziz bin Salman"),
        ("Dr Mary Bousted", "Dr", "Mary Bousted"),
        ("Kim Jong-un", "", "Kim Jong-un"),
        ("Al-Maliki", "", "Al-Maliki"),
    ],
)
def test_split_title_keeps_the_name_as_written(text: str, titles: str, name: str) -> None:
    got_titles, got_name, offset = split_title(text)
    assert (got_titles, got_name) == (titles, name)
    assert text[offset : offset + len(name)] == name


@pytest.mark.parametrize(
    ("short", "full", "how"),
    [
        ("Al-Maliki", "Turki Al-Maliki", "surname"),
        ("Mr. Modi", "Narendra Modi", "surname"),
        ("Sanchez", "Lawrie Sanchez", "surname"),
        ("bin Salman", "Abdulaziz bin Salman", "surname"),
        ("Kim", "Kim Jong-un", "given"),
        ("Amanda", "Amanda Seyfried", "given"),
        ("Muhammad Ali", "Mohammad Ali", "variant"),
        ("Lawrie Sanchez", "Lawrie Sanchez", "same"),
        ("Bill Clinton", "William Clinton", "same"),
    ],
)
def test_mention_fits_the_forms_news_uses(short: str, full: str, how: str) -> None:
    assert mention_fits(short, full) == how


@pytest.mark.parametrize(
    ("short", "full"),
    [("Hillary Clinton", "Bill Clinton"), ("Jones", "Lucy Smith"), ("Maliki", "Turki Al-Sudani")],
)
def test_mention_fits_refuses_other_people(short: str, full: str) -> None:
    assert mention_fits(short, full) is None


def test_given_name_variants() -> None:
    assert given_name_variant("Mohammad", "Muhammad")
    assert given_name_variant("Mohammed", "Muhammad")
    assert given_name_variant("Bob", "Robert")
    assert not given_name_variant("Ann", "Ian")
    assert not given_name_variant("Hillary", "Bill")


def test_person_names_keep_particles_in_the_surname() -> None:
    assert parse_person("Turki Al-Maliki").last == "al-maliki"
    assert parse_person("Abdulaziz bin Salman").last == "bin salman"
    assert entity_key("Col. Turki Al-Maliki", "PERSON") == entity_key("Turki Al-Maliki", "PERSON")


def test_organisation_helpers() -> None:
    assert acronym("Organization of the Petroleum Exporting Countries") == "OPEC"
    assert acronym("Apple") == ""
    # a short word in capitals gives all its letters
    assert acronym("US Secret Service") == acronym("U.S. Secret Service") == "USSS"
    assert acronym("UK Border Agency") == "UKBA"
    assert looks_like_org("Pakistan Foreign Office")
    assert not looks_like_org("Keiji Fukuda")


def test_alias_table_of_common_country_and_organisation_variants() -> None:
    from saidwhat.names import alias_forms, alias_key, alias_name

    for form in ("US", "U.S.", "USA", "the United States", "United States", "America"):
        assert alias_name(form) == "United States", form
    for form in ("UK", "U.K.", "Britain", "United Kingdom"):
        assert alias_name(form) == "United Kingdom", form
    assert alias_name("U.N.") == alias_name("United Nations") == "United Nations"
    assert alias_name("EU") == alias_name("European Union") == "European Union"
    assert alias_name("Mexico") is None and alias_forms("Mexico") == ()
    assert alias_key("U.S.") == alias_key("US") == "us"
    assert "U.S." in alias_forms("United States")


def test_is_proper_name_refuses_titles_roles_and_labels() -> None:
    from saidwhat.names import is_proper_name

    for name in ("Officer", "minister", "the Foreign Minister", "(Ind)", "Chief Executive", "NGO"):
        assert not is_proper_name(name), name
    for name in ("NATO", "Turki Al-Maliki", "Multan", "Unitas"):
        assert is_proper_name(name), name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Datuk Seri Anwar Hamzah", "Anwar Hamzah"),
        ("Alhaji Musa Bello", "Musa Bello"),
        ("Shri Rajan Mehta", "Rajan Mehta"),
        ("Begum Nasreen Ali", "Nasreen Ali"),
        ("Hojatoleslam Reza Karimi", "Reza Karimi"),
        ("Brig. Gen. Ola Sunday", "Ola Sunday"),
        # two-word honorifics whose words alone are names or place parts
        ("Tan Sri Rahim Osman", "Rahim Osman"),
        ("His Excellency Paul Mensah", "Paul Mensah"),
        # ranks joined by a hyphen; Thai police ranks after "Pol"; Indonesian regents and
        # police commissioners; Philippine and Fijian titles
        ("Maj-Gen Somchai Wongsuwan", "Somchai Wongsuwan"),
        ("Pol Lt-Col Anan Chaiyo", "Anan Chaiyo"),
        ("Pol Gen Anan Chaiyo", "Anan Chaiyo"),
        ("Regent Hadi Prasetyo", "Hadi Prasetyo"),
        ("Kalo Regent Budi Santoso", "Budi Santoso"),
        ("Adj. Sr. Comr. Budi Santoso", "Budi Santoso"),
        ("PCol. Jose Dizon", "Jose Dizon"),
        ("Atty. Jose Dizon", "Jose Dizon"),
        ("Ratu Josefa Vula", "Josefa Vula"),
        # Irish and British police
        ("Garda Sean Boyle", "Sean Boyle"),
        ("Det Gda Sean Boyle", "Sean Boyle"),
        ("DCI Ruth Hale", "Ruth Hale"),
        ("PC Ruth Hale", "Ruth Hale"),
        # Myanmar's "U" and "Daw", a doubled word kept as the name's, a counsellor
        ("U Aung Min Htet", "Aung Min Htet"),
        ("Daw Khin Myo", "Khin Myo"),
        ("Major General Tun Tun Lwin", "Tun Tun Lwin"),
        ("State Counsellor Khin Myo", "Khin Myo"),
        # a rank after the place it serves; a title in capitals spelled out with hyphens
        ("Hunter Valley Sergeant Graham Tolley", "Graham Tolley"),
        ("Wildrose M-L-A Jo Nixon", "Jo Nixon"),
    ],
)
def test_honorifics_of_many_regions_are_cut_as_data(text: str, name: str) -> None:
    assert split_title(text)[1] == name


def test_a_given_name_that_is_also_a_rank_prefix_stays() -> None:
    # "Pol" is a title only before a rank; "Justice" before a name may be a given name
    assert split_title("Pol Pot")[1] == "Pol Pot"
    assert split_title("Pol Kanha Sovann")[1] == "Pol Kanha Sovann"
    assert split_title("Maj-Gen")[1] == "Maj-Gen"  # nothing after the rank: no name to keep
    # Myanmar's "U" only as a capital alone before a name of two words or more
    assert split_title("U. Aung")[1] == "U. Aung"
    assert split_title("U Thant")[1] == "U Thant"


def test_names_with_an_organisation_word_look_like_organisations() -> None:
    from saidwhat.names import looks_like_org

    for name in (
        "Grace Harvest Mission",
        "Kano Broadcasting Television",
        "Vale Holdings",
        "Mora Foods",
        "Kestrel Pharmaceuticals",
    ):
        assert looks_like_org(name), name
    assert not looks_like_org("Obi Nnaji")


def test_a_two_word_honorific_is_cut_only_as_a_whole() -> None:
    from saidwhat.names import name_problem, parse_person

    assert parse_person("Tan Sri Rahim Osman").key == "rahim osman"  # type: ignore[union-attr]
    assert parse_person("Amy Tan").key == "amy tan"  # type: ignore[union-attr]
    assert split_title("Tan Wei Ming")[1] == "Tan Wei Ming"  # a surname, not "Tan Sri"
    assert name_problem("Tan Sri Rahim Osman", "PERSON") is not None
    assert name_problem("Tan Wei Ming", "PERSON") is None


def test_transliteration_and_word_order_variants_fit() -> None:
    assert mention_fits("Zara Gull", "Zara Wazir Gul") == "variant"
    assert mention_fits("Zara Gul Wazir", "Zara Wazir Gul") == "variant"
    assert mention_fits("Ed Miliband", "David Miliband") is None


@pytest.mark.parametrize(
    ("word", "country"),
    [
        ("Omani", "oman"),
        ("Oman", "oman"),
        ("Spaniards", "spain"),
        ("Frenchman", "france"),
        ("US", "united states"),
        ("Chinese", "china"),
        ("Catalan", "catalonia"),
        ("minister", None),
    ],
)
def test_nationality_reads_countries_demonyms_and_people(word: str, country: str | None) -> None:
    assert nationality(word) == country


def test_one_person_of_a_country_is_told_from_a_people() -> None:
    assert is_demonym_person("Spaniard") and is_demonym_person("Australian")
    assert not is_demonym_person("Chinese")  # "the Chinese": a people
    assert not is_demonym_person("Spain") and not is_demonym_person("minister")


def test_holds_office_reads_an_office_under_its_names() -> None:
    assert holds_office("premier", "Prime Minister")
    assert holds_office("premier", "PM")
    assert holds_office("ceo", "Chief Executive")
    assert not holds_office("premier", "Foreign Minister")


def test_an_acronym_is_no_abbreviated_title() -> None:
    from saidwhat.names import is_proper_name, is_role_word

    assert is_role_word("Rt") and not is_role_word("RT")  # the broadcaster RT
    assert is_proper_name("RT") and not is_proper_name("Rt")
    assert is_role_word("MP")


def test_an_office_is_held_under_its_abbreviated_title() -> None:
    assert holds_office("senator", "Sen.")
    assert holds_office("governor", "Gov.")
    assert not holds_office("senator", "Gov.")


def test_a_mostly_one_gender_given_name_is_no_evidence() -> None:
    from saidwhat.names import given_name_gender

    assert given_name_gender("Bernie") is None  # "mostly female" in the list
    assert given_name_gender("John") == "m"


def test_a_given_name_that_is_also_a_noble_title_is_kept() -> None:
    assert split_title("Gov. Earl Ray Tomblin") == ("Gov.", "Earl Ray Tomblin", 5)


def test_the_person_nouns_file_gives_its_words_not_its_comment() -> None:
    from saidwhat.names import PERSON_NOUNS

    assert "plaintiff" in PERSON_NOUNS  # a derived noun
    assert not {"derived", "nouns", "mentions", "person"} & PERSON_NOUNS  # comment words


def test_post_nominal_letters_are_cut_from_the_end_of_a_name() -> None:
    from saidwhat.names import parse_person, strip_post_nominals

    assert strip_post_nominals("Anil Nandlall SC") == "Anil Nandlall"
    assert strip_post_nominals("K.A. Juman-Yassin S.C.") == "K.A. Juman-Yassin"
    assert strip_post_nominals("Jane Roe OBE") == "Jane Roe"
    assert strip_post_nominals("Jo Doe BL") == "Jo Doe"  # an Irish barrister
    assert strip_post_nominals("Roe OBE") == "Roe OBE"  # never down to one word
    assert parse_person("Anil Nandlall SC").last == "nandlall"  # type: ignore[union-attr]


@pytest.mark.issue(16)
@pytest.mark.parametrize(
    ("short", "full"),
    [("Araji", "Qasim al-Araji"), ("Sisi", "Abdel Fattah el-Sisi"), ("Maliki", "Nouri Al-Maliki")],
)
def test_a_surname_without_its_joined_article_is_the_person(short: str, full: str) -> None:
    assert mention_fits(short, full) == "surname"
    assert mention_fits("Araji", "Qasim al-Rubaie") is None


@pytest.mark.issue(16)
def test_a_surname_one_letter_off_is_a_misspelling_a_given_name_is_not() -> None:
    assert mention_fits("Water", "Kathryn Waters") == "misspelt"
    assert mention_fits("Jonas", "Peter Jones") is None  # a given name of its own
    assert mention_fits("Wate", "Kathryn Waters") is None  # too short to tell


@pytest.mark.issue(16)
def test_function_words_the_name_list_holds_are_no_given_names() -> None:
    from saidwhat.names import is_given_name

    assert not is_given_name("The") and not is_given_name("An")
    assert is_given_name("Jeff") and is_given_name("Sushil")


@pytest.mark.issue(16)
def test_a_title_case_headline_clause_is_no_name() -> None:
    from saidwhat.names import name_problem

    assert name_problem("Found Out That These Two People Were Arrested", "PERSON") is not None
    assert name_problem("What Would Happen Next", "ORG") is not None
    assert name_problem("That Mitchell", "PERSON") is None  # only after a first word
    assert name_problem("Ministry of Lands and Natural Resources", "ORG") is None


def test_an_initial_after_a_name_leaves_the_surname_before_it() -> None:
    from saidwhat.names import mention_fits

    assert mention_fits("Kumar", "Sinil Kumar G") == "surname"
    assert mention_fits("Kumar", "Sinil Kumar") == "surname"
    assert mention_fits("Sinil", "Sinil Kumar G") == "given"


@pytest.mark.parametrize("word", ["Antigua", "America", "Costa", "South", "Sierra", "Papua"])
def test_a_place_or_a_piece_of_one_is_no_person_of_a_country(word: str) -> None:
    # "Antigua" is another name of a country, "Costa" the first word of "Costa Rican"
    assert not is_demonym_person(word)


@pytest.mark.parametrize(
    ("word", "country"),
    [("Costa Rican", "costa rica"), ("Sri Lankan", "sri lanka"), ("Saudi", "saudi arabia")],
)
def test_a_demonym_of_several_words_is_one(word: str, country: str) -> None:
    assert nationality(word) == country
    assert nationality(word.split()[0]) in (None, country) and nationality("costa") is None
