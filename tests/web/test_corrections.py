"""Duplicate suggestions on a speaker page and token-gated merge/split (page forms and
JSON API), issue 10."""

from __future__ import annotations

from typing import Any

from .conftest import TOKEN
from .records import article

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _art(id: str, name: str, said: str, role: str) -> dict[str, Any]:
    text = f'"{said}," said {name}, the {role}.'
    return article(
        id,
        text,
        [("direct", "said", name, said, "E1")],
        [("E1", name, "PERSON", [role], [], [name])],
        meta={"title": id, "published": "2024-05-01"},
    )


def _load(client: Any) -> dict[str, int]:
    for rec in (
        _art("a1", "Ahmad Massoud", "We fight on", "NRF spokesman"),
        _art("a2", "Ahmed Massoud", "Talks failed", "NRF leader"),
        _art("a3", "Karim Massoud", "The valley holds", "farmer"),
    ):
        assert client.post("/api/articles", json=rec, headers=AUTH).status_code == 201
    rows = client.get("/api/speakers", params={"q": "massoud"}).json()["speakers"]
    return {r["name"]: r["id"] for r in rows}


def test_speaker_page_suggests_duplicates_with_reasons(write_client: Any) -> None:
    ids = _load(write_client)
    sp = write_client.get(f"/api/speakers/{ids['Ahmad Massoud']}").json()["speaker"]
    dup = {d["name"]: d for d in sp["duplicates"]}
    assert dup["Ahmed Massoud"]["reasons"] == ["same surname", "variant given name"]
    assert dup["Ahmed Massoud"]["href"] == f"/speakers/{ids['Ahmed Massoud']}"
    assert dup["Karim Massoud"]["reasons"] == ["same surname"]
    html = write_client.get(f"/speakers/{ids['Ahmad Massoud']}").text
    assert "Possible duplicates" in html and "variant given name" in html
    assert f'action="/speakers/{ids["Ahmad Massoud"]}/merge"' in html


def test_merge_and_split_over_the_json_api(write_client: Any) -> None:
    ids = _load(write_client)
    me, other = ids["Ahmad Massoud"], ids["Ahmed Massoud"]
    url = f"/api/speakers/{me}/merge"
    assert write_client.post(url, json={"other": other}).status_code == 401
    bad = {"Authorization": "Bearer wrong-token-0123456789"}
    assert write_client.post(url, json={"other": other}, headers=bad).status_code == 401
    r = write_client.post(url, json={"other": other}, headers=AUTH)
    assert r.status_code == 200, r.text
    assert r.json()["speaker"]["id"] == me and r.json()["speaker"]["n_quotes"] == 2
    # the merged-away speaker's URLs lead to the speaker it was merged into
    gone = write_client.get(f"/api/speakers/{other}", follow_redirects=False)
    assert gone.status_code == 301 and gone.headers["location"] == f"/api/speakers/{me}"
    page = write_client.get(f"/speakers/{other}", follow_redirects=False)
    assert page.status_code == 301 and page.headers["location"] == f"/speakers/{me}"
    # merging again: the other speaker is gone
    assert write_client.post(url, json={"other": other}, headers=AUTH).status_code == 404
    assert write_client.post(url, json={"other": me}, headers=AUTH).status_code == 409
    assert write_client.post(url, json={"other": "x"}, headers=AUTH).status_code == 404
    assert write_client.post(url, content=b"{", headers=AUTH).status_code in (400, 415)
    # split the misspelling off again
    r = write_client.post(
        f"/api/speakers/{me}/split", json={"names": ["Ahmed Massoud"]}, headers=AUTH
    )
    assert r.status_code == 201, r.text
    new = r.json()["speaker"]
    assert new["name"] == "Ahmed Massoud" and new["id"] != me
    empty = write_client.post(f"/api/speakers/{me}/split", json={}, headers=AUTH)
    assert empty.status_code == 422
    nothing = write_client.post(
        f"/api/speakers/{me}/split", json={"names": ["Nobody"]}, headers=AUTH
    )
    assert nothing.status_code == 409


def test_page_forms_merge_and_split_with_the_token(write_client: Any) -> None:
    ids = _load(write_client)
    me, other = ids["Ahmad Massoud"], ids["Ahmed Massoud"]
    form = {"other": str(other), "token": "wrong-token-0123456789"}
    assert write_client.post(f"/speakers/{me}/merge", data=form).status_code == 401
    form["token"] = TOKEN
    r = write_client.post(f"/speakers/{me}/merge", data=form, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/speakers/{me}"
    html = write_client.get(f"/speakers/{me}").text
    assert f'action="/speakers/{me}/split"' in html and 'value="Ahmed Massoud"' in html
    r = write_client.post(
        f"/speakers/{me}/split",
        data={"name": "Ahmed Massoud", "token": TOKEN},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] != f"/speakers/{me}"
    from saidwhat.store.corrections import list_corrections

    ops = [c["op"] for c in list_corrections(write_client.app.state.store)]
    assert ops == ["merge", "split"]


def test_a_read_only_server_shows_suggestions_but_no_forms(client: Any) -> None:
    rows = client.get("/api/speakers", params={"q": "massoud"}).json()["speakers"]
    sid = rows[0]["id"]
    html = client.get(f"/speakers/{sid}").text
    assert "Possible duplicates" in html and "/merge" not in html
    r = client.post(f"/api/speakers/{sid}/merge", json={"other": 1}, headers=AUTH)
    assert r.status_code == 403 and "[E071]" in r.json()["error"]


def test_hostile_correction_bodies_are_4xx_never_500(write_client: Any) -> None:
    ids = _load(write_client)
    me = ids["Ahmad Massoud"]
    for body in (
        {"other": {"a": 1}},
        {"other": 10**30},
        {"other": -1},
        {"other": None},
        [1, 2],
        "x",
    ):
        r = write_client.post(f"/api/speakers/{me}/merge", json=body, headers=AUTH)
        assert 400 <= r.status_code < 500, (body, r.text)
    for body in (
        {"names": "Ahmad"},
        {"names": [1]},
        {"articles": {"a": 1}},
        {"names": ["x" * 10_000]},
    ):
        r = write_client.post(f"/api/speakers/{me}/split", json=body, headers=AUTH)
        assert 400 <= r.status_code < 500, (body, r.text)
    for sid in ("99999999999999999999", "-1", "%00", "a" * 300):
        r = write_client.post(f"/api/speakers/{sid}/merge", json={"other": me}, headers=AUTH)
        assert r.status_code == 404, (sid, r.text)
    # still only these speakers, untouched
    assert write_client.get(f"/api/speakers/{me}").json()["speaker"]["n_quotes"] == 1


def test_move_one_statement_to_another_speaker(write_client: Any) -> None:
    ids = _load(write_client)
    qid = write_client.get("/api/search", params={"q": "valley"}).json()["results"][0]["id"]
    url = f"/api/quotes/{qid}/move"
    assert write_client.post(url, json={"speaker": ids["Ahmad Massoud"]}).status_code == 401
    r = write_client.post(url, json={"speaker": ids["Ahmad Massoud"]}, headers=AUTH)
    assert r.status_code == 200, r.text
    assert r.json()["speaker"]["n_quotes"] == 2
    moved = write_client.get(f"/api/quotes/{qid}").json()["quote"]
    assert moved["speaker"]["id"] == ids["Ahmad Massoud"]
    again = write_client.post(url, json={"speaker": ids["Ahmad Massoud"]}, headers=AUTH)
    assert again.status_code == 409  # already theirs
    assert write_client.post(url, json={"speaker": "Nobody Here"}, headers=AUTH).status_code == 404
    assert (
        write_client.post("/api/quotes/nope/move", json={"speaker": 1}, headers=AUTH).status_code
        == 404
    )
    log = [c["op"] for c in _corrections(write_client)]
    assert log == ["move"]
    # the page form: back to the statement (303); a wrong token shows the form again
    form = {"speaker": str(ids["Karim Massoud"]), "token": TOKEN}
    ok = write_client.post(f"/quotes/{qid}/move", data=form, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == f"/quotes/{qid.replace(':', '%3A')}"
    bad = write_client.post(f"/quotes/{qid}/move", data=dict(form, token="wrong-token-0123456789"))
    assert bad.status_code == 401
    assert 'id="form-error"' in bad.text and "[E052]" in bad.text and 'id="move"' in bad.text


def test_a_wrong_token_returns_to_the_speaker_form(write_client: Any) -> None:
    ids = _load(write_client)
    me = ids["Ahmad Massoud"]
    r = write_client.post(
        f"/speakers/{me}/merge",
        data={"other": str(ids["Ahmed Massoud"]), "token": "wrong-token-0123456789"},
    )
    assert r.status_code == 401
    assert 'id="form-error"' in r.text and "[E052]" in r.text
    assert f'action="/speakers/{me}/merge"' in r.text  # the form is there to try again


def _corrections(client: Any) -> list[dict[str, Any]]:
    from saidwhat.store.corrections import list_corrections

    return list_corrections(client.app.state.store)
