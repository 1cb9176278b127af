from __future__ import annotations

from saidwhat.store.canonical import (
    Candidate,
    SpeakerIndex,
    entity_key,
    names_compatible,
    normalize_role,
    parse_person,
)


def test_titles_and_role_words_are_stripped_from_person_names():
    assert entity_key("NRF leader Ahmad Massoud", "PERSON") == "PERSON:ahmad massoud"
    assert entity_key("Secretary of State John Kerry", "PERSON") == "PERSON:john kerry"
    assert entity_key("Afghan Ambassador Hamdullah Mohib", "PERSON") == "PERSON:hamdullah mohib"
    assert entity_key("Mr. Trump's", "PERSON") == "PERSON:trump"
    assert entity_key("José Ramos-Horta", "PERSON") == "PERSON:jose ramos-horta"


def test_generational_suffix_distinguishes_people():
    assert entity_key("Donald Trump Jr.", "PERSON") != entity_key("Donald Trump", "PERSON")
    assert not names_compatible(parse_person("Donald Trump Jr."), parse_person("Donald Trump"))


def test_name_compatibility():
    p = parse_person
    assert names_compatible(p("Bill Clinton"), p("William Jefferson Clinton"))
    assert names_compatible(p("Hillary Rodham Clinton"), p("Hillary Clinton"))
    assert not names_compatible(p("Bill Clinton"), p("Hillary Clinton"))
    assert not names_compatible(p("George W. Bush"), p("George H. W. Bush"))
    assert not names_compatible(p("Massoud"), p("Ahmad Massoud"))  # surnames are not full names


def test_types_never_share_a_key():
    assert entity_key("Jordan", "PERSON") != entity_key("Jordan", "GPE")
    assert entity_key("the United Nations", "ORG") == entity_key("United Nations", "ORG")


def test_roles_compare_in_normal_form():
    assert normalize_role("U.S. President") == normalize_role("US president")
    assert (
        normalize_role("former foreign minister of Afghanistan")
        == "former foreign minister afghanistan"
    )


def _index() -> tuple[SpeakerIndex, list[Candidate]]:
    made: list[Candidate] = []
    idx = SpeakerIndex()

    def new(name: str, type_: str = "PERSON") -> Candidate:
        d = idx.resolve(name, type_)
        assert d.speaker_id is None
        pn = parse_person(name) if type_ == "PERSON" else None
        c = Candidate(len(made) + 1, d.key, type_, pn if pn and pn.is_full else None)
        made.append(c)
        idx.add(c)
        return c

    new("Ahmad Massoud")
    new("Hillary Clinton")
    new("Bill Clinton")
    return idx, made


def test_resolver_merges_variants_and_keeps_namesakes_apart():
    idx, made = _index()
    massoud, hillary, bill = made
    assert idx.resolve("Massoud", "PERSON").speaker_id == massoud.id
    assert idx.resolve("NRF leader Ahmad Massoud", "PERSON").speaker_id == massoud.id
    assert idx.resolve("Hillary Rodham Clinton", "PERSON").speaker_id == hillary.id
    assert idx.resolve("William Clinton", "PERSON").speaker_id == bill.id
    # A bare "Clinton" with two candidates and no evidence stays on its own article.
    d = idx.resolve("Clinton", "PERSON", article_id="abc123")
    assert d.speaker_id is None and d.key.endswith("#abc123")
    # Organisations are never merged with people.
    assert idx.resolve("Massoud", "ORG").speaker_id is None


def test_role_evidence_picks_between_namesakes():
    idx, (massoud, hillary, bill) = _index()
    hillary.roles.add(normalize_role("Secretary of State"))
    bill.roles.add(normalize_role("former president"))
    idx._roles_loaded.update({hillary.id, bill.id})
    d = idx.resolve("Clinton", "PERSON", roles=["secretary of state"], article_id="x")
    assert d.speaker_id == hillary.id


def test_particle_surnames_and_stray_leading_words():
    assert parse_person("Van Dyke").is_full is False
    assert parse_person("Jason Van Dyke").last == "van dyke"
    assert parse_person("Al Gore").first == "al"
    idx, (massoud, hillary, bill) = _index()
    # "Billionaire Ahmad Massoud": a leading word the NER kept, the rest a known name.
    assert idx.resolve("Billionaire Ahmad Massoud", "PERSON").speaker_id == massoud.id
    # Without an exactly known rest, a longer name stays apart.
    assert idx.resolve("Maria Ahmadi Massoud", "PERSON").speaker_id is None


def test_a_spelling_variant_of_the_given_name_joins_only_with_role_evidence():
    idx, (massoud, hillary, bill) = _index()
    massoud.roles.add(normalize_role("NRF leader"))
    idx._roles_loaded.add(massoud.id)
    # "Ahmed" for "Ahmad", the same stated role: the same speaker
    assert idx.resolve("Ahmed Massoud", "PERSON", roles=["NRF leader"]).speaker_id == massoud.id
    # the same variant without evidence stays apart
    assert idx.resolve("Ahmed Massoud", "PERSON").speaker_id is None


def test_a_given_name_alone_joins_with_role_or_co_occurrence_evidence():
    idx, (massoud, hillary, bill) = _index()
    nrf = Candidate(9, "ORG:national resistance front", "ORG")
    idx.add(nrf)
    massoud.roles.add(normalize_role("spokesman"))
    massoud.context.add(nrf.id)
    idx._roles_loaded.add(massoud.id)
    idx._context_loaded.add(massoud.id)
    # "Ahmad" alone: not a surname of anyone; the first name of Ahmad Massoud
    d = idx.resolve("Ahmad", "PERSON", given=True, roles=["spokesman"], article_id="a")
    assert d.speaker_id == massoud.id and d.add_key is None
    d = idx.resolve("Ahmad", "PERSON", given=True, context=[nrf.id], article_id="a")
    assert d.speaker_id == massoud.id
    # without evidence, or when it is not read as a given name, it stays apart
    assert idx.resolve("Ahmad", "PERSON", given=True, article_id="a").speaker_id is None
    assert idx.resolve("Ahmad", "PERSON", context=[nrf.id], article_id="a").speaker_id is None
    # a nickname of the first name counts ("Bill" for William Clinton's "bill" itself)
    bill.roles.add(normalize_role("former president"))
    idx._roles_loaded.update({bill.id, hillary.id})
    assert (
        idx.resolve("William", "PERSON", given=True, roles=["former president"]).speaker_id
        == bill.id
    )


def test_a_given_name_shared_by_two_backed_people_stays_apart():
    idx, (massoud, hillary, bill) = _index()
    other = Candidate(7, "PERSON:ahmad shah", "PERSON", parse_person("Ahmad Shah"))
    idx.add(other)
    for c in (massoud, other):
        c.roles.add(normalize_role("spokesman"))
        idx._roles_loaded.add(c.id)
    d = idx.resolve("Ahmad", "PERSON", given=True, roles=["spokesman"], article_id="a")
    assert d.speaker_id is None


def test_a_spelling_variant_joins_with_co_occurrence_evidence():
    idx, (massoud, hillary, bill) = _index()
    massoud.context.add(42)
    idx._context_loaded.add(massoud.id)
    assert idx.resolve("Ahmed Massoud", "PERSON", context=[42]).speaker_id == massoud.id
    assert idx.resolve("Ahmed Massoud", "PERSON", context=[43]).speaker_id is None
