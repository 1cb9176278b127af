"""The web app over a real SQLite store (FastAPI TestClient: no browser)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saidwhat.store.filters import QuoteFilters
from saidwhat.web.app import ErrorEnvelope

from . import records
from .conftest import TOKEN

DOCS = Path(__file__).resolve().parents[2] / "docs" / "web.md"


def find_quote(client: Any, q: str) -> dict[str, Any]:
    rows = client.get("/api/search", params={"q": q}).json()["results"]
    assert rows, f"no statement matches {q!r}"
    return rows[0]


def speaker_id(client: Any, name: str) -> str:
    rows = client.get("/api/speakers", params={"q": name}).json()["speakers"]
    match = [r for r in rows if r["name"] == name]
    assert match, f"speaker {name!r} not listed: {rows}"
    return str(match[0]["id"])


# --- docs and OpenAPI -------------------------------------------------------------------


def app_routes(app: Any) -> set[str]:
    from starlette.routing import Mount

    out = set()
    for r in app.routes:
        if isinstance(r, Mount):
            out.add(f"GET {r.path}/{{path}}")
            continue
        for m in sorted(getattr(r, "methods", None) or ()):
            if m != "HEAD":
                out.add(f"{m} {r.path}")
    return out


def test_every_route_is_documented_and_every_documented_route_exists(app: Any) -> None:
    docs = DOCS.read_text(encoding="utf-8")
    documented = set(re.findall(r"^- `((?:GET|POST|PUT|DELETE|PATCH) [^`]+)`$", docs, re.M))
    routes = app_routes(app)
    assert routes - documented == set(), "routes missing from docs/web.md"
    assert documented - routes == set(), "docs/web.md lists routes the app does not have"


def test_openapi_document(client: Any) -> None:
    r = client.get("/openapi.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    for p in (
        "/api/search",
        "/api/speakers/{speaker_id}",
        "/api/articles/{article_id}",
        "/api/network",
        "/api/stats",
        "/api/articles",
    ):
        assert p in paths
    assert "post" in paths["/api/articles"]
    # errors are documented as the envelope, including FastAPI's validation errors
    for path in ("/api/search", "/api/speakers/{speaker_id}"):
        ref = paths[path]["get"]["responses"]["422"]["content"]["application/json"]["schema"]
        assert ref["$ref"].endswith("/ErrorEnvelope")
    assert "401" in paths["/api/articles"]["post"]["responses"]
    # no CDN-backed docs pages
    assert client.get("/docs").status_code == 404


# --- pages and their JSON forms ---------------------------------------------------------


def test_home_shows_counts_and_search_box(client: Any) -> None:
    stats = client.get("/api/stats").json()["stats"]
    assert stats["articles"] == len(records.all_records())
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert 'id="home-search"' in r.text and 'name="q"' in r.text
    assert f"{stats['articles']} articles" in r.text


def test_search_full_text(client: Any) -> None:
    data = client.get("/api/search", params={"q": "negotiations"}).json()
    assert data["ok"] is True
    contents = [row["content"] for row in data["results"]]
    assert "negotiations with the Taliban had failed" in contents
    row = data["results"][contents.index("negotiations with the Taliban had failed")]
    assert row["speaker"]["name"] == "Ahmad Massoud"
    page = client.get("/search", params={"q": "negotiations"})
    assert page.status_code == 200
    assert "negotiations with the Taliban had failed" in re.sub(r"</?mark>", "", page.text)
    assert f"/articles/{row['article_id']}" in page.text


def test_search_filters(client: Any) -> None:
    jane = speaker_id(client, "Jane Doe")
    rows = client.get("/api/search", params={"speaker": jane, "per_page": 100}).json()["results"]
    assert len(rows) == 24
    assert {r["speaker"]["name"] for r in rows} == {"Jane Doe"}
    taliban = client.get("/api/search", params={"about": "Taliban", "per_page": 100}).json()
    assert any("fight the Taliban" in r["content"] for r in taliban["results"])
    dated = client.get("/api/search", params={"since": "2024-07-01", "per_page": 100}).json()
    assert dated["results"] and all(r["published"] >= "2024-07-01" for r in dated["results"])
    outlet = client.get("/api/search", params={"outlet": "Kabul Times"}).json()["results"]
    assert outlet and all(r["outlet"] == "Kabul Times" for r in outlet)


def test_search_pagination_is_disjoint_and_complete(client: Any) -> None:
    seen: list[str] = []
    url: str | None = "/api/search?q=budget&per_page=5"
    pages = 0
    while url:
        data = client.get(url).json()
        assert len(data["results"]) <= 5
        seen += [r["id"] for r in data["results"]]
        url = data["next"]
        pages += 1
        assert pages < 20
    assert len(seen) == len(set(seen)) == 24
    assert pages == 5
    html = client.get("/search", params={"q": "budget", "per_page": 5, "page": 2}).text
    assert 'rel="next"' in html and 'rel="prev"' in html


def test_speaker_page(client: Any) -> None:
    sid = speaker_id(client, "Ahmad Massoud")
    sp = client.get(f"/api/speakers/{sid}").json()["speaker"]
    assert sp["name"] == "Ahmad Massoud"
    assert sp["n_quotes"] == 2 and sp["n_articles"] == 2
    leader = next(r for r in sp["roles"] if r["value"] == "leader")
    assert leader["first_stated"] == "2024-05-12" and leader["n_articles"] == 1
    assert [a["title"] for a in leader["sources"]] == ["Resistance vows to fight on"]
    assert {"month": "2024-07", "n": 1} in sp["timeline"]
    assert any(t["name"] == "Taliban" for t in sp["targets"])
    html = client.get(f"/speakers/{sid}").text
    assert 'id="timeline"' in html
    months = re.findall(r'data-month="([0-9-]+)" data-count="(\d+)"', html)
    assert ("2024-05", "1") in months and ("2024-07", "1") in months and ("2024-06", "0") in months
    assert "leader" in html and "Taliban" in html


def test_article_page_highlights_and_links(client: Any) -> None:
    row = find_quote(client, "fight")
    art = client.get(f"/api/articles/{row['article_id']}").json()["article"]
    assert art["title"] == "Resistance vows to fight on"
    assert art["text"] == records.massoud_1()["text"]
    html = client.get(f"/articles/{row['article_id']}").text
    assert '<span class="hl-content"' in html and '<span class="hl-cue"' in html
    sid = art["quotes"][0]["speaker"]["speaker_id"]
    assert f'<a class="hl-source" href="/speakers/{sid}"' in html
    assert 'href="https://example.org/massoud-1"' in html


def test_network(client: Any) -> None:
    data = client.get("/api/network").json()
    names = {n["id"]: n["name"] for n in data["nodes"]}
    pairs = {(names[e["source"]], names[e["target"]]) for e in data["edges"]}
    assert ("Ahmad Massoud", "Taliban") in pairs
    assert ("Zalmay Khalilzad", "Ahmad Massoud") in pairs
    html = client.get("/network").text
    assert html.count('class="node t-') == len(data["nodes"])
    assert "<svg" in html


def test_speakers_list_ranked(client: Any) -> None:
    rows = client.get("/api/speakers").json()["speakers"]
    counts = [r["n_quotes"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    assert rows[0]["name"] in ("Jane Doe", "Officials")


# --- escaping -----------------------------------------------------------------------------


def test_payloads_are_escaped_in_raw_html(client: Any) -> None:
    row = find_quote(client, "hacked")
    sid = row["speaker"]["id"]
    for url in (
        f"/articles/{row['article_id']}",
        f"/speakers/{sid}",
        f"/quotes/{row['id']}",
        "/search?q=hacked",
        "/network",
        "/speakers",
        "/",
    ):
        html = client.get(url).text
        assert records.XSS_SCRIPT not in html, url
        assert "<img" not in html, url
        assert 'href="javascript:' not in html, url
    html = client.get(f"/articles/{row['article_id']}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # the JSON form returns the stored strings unchanged (JSON, not HTML)
    art = client.get(f"/api/articles/{row['article_id']}").json()["article"]
    assert art["text"] == records.xss()["text"]


def test_security_headers(client: Any) -> None:
    for url in ("/", "/api/stats", "/nope", "/static/style.css"):
        h = client.get(url).headers
        assert "script-src 'self'" in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff"


# --- the error envelope ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/speakers/no-such-speaker", 404),
        ("/api/articles/no-such-article", 404),
        ("/api/nope", 404),
        ("/api/search?page=0", 422),
        ("/api/search?per_page=1000", 422),
        ("/api/search?since=yesterday", 400),
    ],
)
def test_api_errors_use_the_envelope(client: Any, url: str, status: int) -> None:
    r = client.get(url)
    assert r.status_code == status
    body = r.json()
    assert body["ok"] is False and body["status"] == status
    ErrorEnvelope.model_validate(body)
    assert re.match(r"^\[E05\d\] ", body["error"])


def test_page_errors_render_the_envelope(client: Any) -> None:
    for url, status in (
        ("/speakers/no-such", 404),
        ("/articles/x", 404),
        ("/nope", 404),
        ("/search?since=bad", 400),
        ("/search?page=-1", 422),
    ):
        r = client.get(url)
        assert r.status_code == status, url
        assert r.headers["content-type"].startswith("text/html")
        assert f'data-status="{status}"' in r.text


def test_method_not_allowed(client: Any) -> None:
    r = client.post("/api/stats")
    assert r.status_code == 405 and r.json()["status"] == 405


def test_500_hides_details(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    from saidwhat.web import queries
    from saidwhat.web.app import create_app

    def broken(*a: Any, **k: Any) -> Any:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(queries, "stats", broken)
    with TestClient(create_app(store_url), raise_server_exceptions=False) as c:
        r = c.get("/api/stats")
        assert r.status_code == 500
        assert r.json() == {"ok": False, "error": r.json()["error"], "status": 500}
        assert "secret" not in r.text
        page = c.get("/")
        assert page.status_code == 500 and "secret" not in page.text


# --- ingest over HTTP -----------------------------------------------------------------------


def test_read_only_by_default(client: Any) -> None:
    r = client.post(
        "/api/articles", json={"text": "x"}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert r.status_code == 403
    assert "[E051]" in r.json()["error"]


def test_ingest_needs_the_token(write_client: Any) -> None:
    rec = records.massoud_1()
    assert write_client.post("/api/articles", json=rec).status_code == 401
    r = write_client.post("/api/articles", json=rec, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    r = write_client.post("/api/articles", json=rec, headers={"Authorization": f"Basic {TOKEN}"})
    assert r.status_code == 401
    assert write_client.get("/api/stats").json()["stats"]["articles"] == 0


def test_ingest_extracted_record(write_client: Any) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = write_client.post("/api/articles", json=records.massoud_1(), headers=auth)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["ok"] is True and body["quotes"] == 1
    art = write_client.get(f"/api/articles/{body['id']}").json()["article"]
    assert art["text"] == records.massoud_1()["text"]
    assert write_client.get(body["url"]).status_code == 200
    # the same article again adds nothing: 200, not 201 Created (issue 20.10)
    again = write_client.post("/api/articles", json=records.massoud_1(), headers=auth)
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert again.json()["created"] is False and body["created"] is True
    assert write_client.get("/api/stats").json()["stats"]["articles"] == 1


def test_ingest_runs_the_engine_on_plain_text(write_client: Any) -> None:
    text = '"We will never give up the valley," Ahmad Massoud said on Sunday.'
    r = write_client.post(
        "/api/articles",
        json={"text": text, "meta": {"title": "Valley", "published": "2024-05-01"}},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert r.status_code == 201, r.text
    art = write_client.get(f"/api/articles/{r.json()['id']}").json()["article"]
    assert art["title"] == "Valley"
    contents = [c["text"] for q in art["quotes"] for c in q["contents"]]
    assert any("We will never give up the valley" in c for c in contents)


def test_posted_text_is_extracted_under_the_time_limit(tmp_path: Any) -> None:
    """Issue 20.4: POST had no time limit (a server thread has no timer); the text is
    now extracted in a worker process where the per-article limit applies."""
    from fastapi.testclient import TestClient

    from saidwhat.api import shared_extractor
    from saidwhat.web.app import create_app

    config = {"limits": {"time_limit": 0.001}}  # no article can be analysed in 1 ms
    app = create_app(str(tmp_path / "s.db"), token=TOKEN, config=config)
    try:
        with TestClient(app, base_url="http://127.0.0.1") as c:
            r = c.post(
                "/api/articles",
                json={"text": '"We will win," Ann Lee said on Monday.'},
                headers={"Authorization": f"Bearer {TOKEN}"},
            )
            assert r.status_code == 422 and "[E060]" in r.text
            assert c.get("/api/stats").json()["stats"]["articles"] == 0
    finally:
        shared_extractor(config).close()


@pytest.mark.parametrize(
    ("body", "ctype", "status"),
    [
        (b"{not json", "application/json", 400),
        (b'{"id": "x"}', "application/json", 422),
        (b'{"text": 5}', "application/json", 422),
        (b'["a"]', "application/json", 422),
        (b'{"text": "a", "quotes": [{"id": 1}], "entities": []}', "application/json", 422),
        (b"text=hello", "application/x-www-form-urlencoded", 415),
    ],
)
def test_ingest_rejects_bad_bodies(write_client: Any, body: bytes, ctype: str, status: int) -> None:
    r = write_client.post(
        "/api/articles",
        content=body,
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": ctype},
    )
    assert r.status_code == status, r.text
    assert r.json()["ok"] is False and r.json()["status"] == status


def test_body_limit(write_client: Any) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    big = b'{"text": "' + b"a" * (65 * 1024) + b'"}'
    r = write_client.post("/api/articles", content=big, headers=auth)
    assert r.status_code == 413 and "[E053]" in r.json()["error"]

    def chunks() -> Any:  # no Content-Length: the limit is enforced while streaming
        yield b'{"text": "'
        for _ in range(100):
            yield b"a" * 1024
        yield b'"}'

    r = write_client.post("/api/articles", content=chunks(), headers=auth)
    assert r.status_code == 413
    assert write_client.get("/api/stats").json()["stats"]["articles"] == 0


def test_short_token_refused(store_url: str) -> None:
    from saidwhat.web.app import create_app

    with pytest.raises(ValueError, match="E058"):
        create_app(store_url, token="short")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    field=st.sampled_from(["q", "speaker", "about", "outlet"]),
    value=st.one_of(st.text(max_size=60), st.integers(min_value=0).map(str)),
)
def test_any_filter_value_is_answered_never_500(client: Any, field: str, value: str) -> None:
    r = client.get("/api/search", params={field: value})
    assert r.status_code == 200, (field, value, r.text)
    assert isinstance(r.json()["results"], list)


@pytest.mark.parametrize("value", ["²", "٣", " 12 ", "¹²"])
def test_a_digit_that_is_no_ascii_digit_is_a_name_not_an_id(client: Any, value: str) -> None:
    # str.isdigit holds for "²": found by the property test above
    for field in ("speaker", "about"):
        r = client.get("/api/search", params={field: value})
        assert r.status_code == 200, (field, value, r.text)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ref=st.text(min_size=1, max_size=40).filter(lambda s: "/" not in s and s not in (".", "..")))
def test_unknown_ids_are_404_never_500(client: Any, ref: str) -> None:
    from urllib.parse import quote

    for base in ("/api/speakers/", "/api/articles/", "/api/quotes/"):
        r = client.get(base + quote(ref, safe=""))
        assert r.status_code in (200, 404), (base, ref, r.text)


# --- issue 10 regressions ---------------------------------------------------------------------


@pytest.fixture()
def many_client(tmp_path: Path) -> Any:
    """An app over a store holding one article with twelve statements by one speaker."""
    from fastapi.testclient import TestClient

    from saidwhat.web.app import create_app
    from saidwhat.web.queries import open_store, write

    url = f"sqlite:///{tmp_path / 'many.db'}"
    store = open_store(url)
    write(store, records.many_statements(12))
    store.close()
    with TestClient(create_app(url)) as c:
        yield c


def test_statements_of_an_article_are_listed_in_article_order(many_client: Any) -> None:
    """Issue 10, bug 2: Q1, Q10, Q11, Q12, Q2, ... (sorted by the id string)."""
    want = [f"Q{i}" for i in range(1, 13)]
    rows = many_client.get("/api/search", params={"q": "point"}).json()["results"]
    assert [r["local_id"] for r in rows] == want
    paged = [
        r["local_id"]
        for p in (1, 2, 3)
        for r in many_client.get(
            "/api/search", params={"speaker": "Pat Example", "per_page": 5, "page": p}
        ).json()["results"]
    ]
    assert paged == want
    sid = rows[0]["speaker"]["id"]
    sp = many_client.get(f"/api/speakers/{sid}").json()["speaker"]
    assert [r["local_id"] for r in sp["statements"]] == want
    for url in ("/search?q=point", f"/speakers/{sid}"):
        html = many_client.get(url).text
        html = re.sub(r"</?mark>", "", html)
        numbers = [int(n) for n in re.findall(r"Point number (\d+) stands", html)]
        assert numbers == list(range(1, 13)), url


def test_head_is_answered_like_get_on_every_page_and_api_route(client: Any, app: Any) -> None:
    """Issue 10, bug 3: HEAD answered 405 everywhere (link checkers, uptime monitors)."""
    row = find_quote(client, "fight")
    sid = str(row["speaker"]["id"])
    fill = {
        "{speaker_id}": sid,
        "{article_id}": row["article_id"],
        "{quote_id}": row["id"],
        "{path}": "style.css",
    }
    gets = sorted(r.split(" ", 1)[1] for r in app_routes(app) if r.startswith("GET "))
    assert "/" in gets and "/api/search" in gets
    for path in gets:
        for k, v in fill.items():
            path = path.replace(k, v)
        got, head = client.get(path), client.head(path)
        assert got.status_code == 200, path
        assert head.status_code == 200, path
        assert head.content == b"", path
        assert head.headers["content-type"] == got.headers["content-type"], path
        if "content-length" in got.headers:
            assert head.headers["content-length"] == got.headers["content-length"], path
        assert "content-security-policy" in head.headers
    assert client.head("/speakers/999999").status_code == 404
    assert client.head(f"/api/speakers/{sid}/merge").status_code == 405  # POST only


def test_counts_are_singular_for_one(client: Any) -> None:
    """Issue 10, bug 9: "7 statements in 1 articles"."""
    sid = speaker_id(client, "Zalmay Khalilzad")
    html = client.get(f"/speakers/{sid}").text
    assert "1 statement in 1 article" in html
    assert "1 articles" not in html and "1 statements" not in html
    assert (
        "24 statements in 24 articles"
        in client.get(f"/speakers/{speaker_id(client, 'Jane Doe')}").text
    )


def test_every_page_links_its_json_form(client: Any) -> None:
    """Issue 10, bug 9: `/` and `/speakers` lacked the JSON link docs/web.md promises."""
    row = find_quote(client, "fight")
    for url in (
        "/",
        "/search?q=fight",
        "/speakers",
        "/speakers?q=jane",
        f"/speakers/{row['speaker']['id']}",
        f"/articles/{row['article_id']}",
        "/network",
    ):
        m = re.search(r'<a class="json-link" href="([^"]+)"', client.get(url).text)
        assert m, url
        api = m.group(1).replace("&amp;", "&")
        assert api.startswith("/api/"), url
        r = client.get(api)
        assert r.status_code == 200 and r.json()["ok"] is True, (url, api)
    speakers = client.get("/api/speakers", params={"q": "jane", "per_page": 50}).json()
    html = client.get("/speakers?q=jane").text
    assert 'href="/api/speakers?q=jane&amp;page=1&amp;per_page=50"' in html
    assert "Jane Doe" in [s["name"] for s in speakers["speakers"]]


def test_405_names_the_method_and_the_allowed_ones(client: Any) -> None:
    """Issue 10, bug 9: a 405 answered E054 "invalid request: Method Not Allowed"."""
    for url in ("/api/stats", "/api/search", "/speakers"):
        r = client.request("DELETE", url)
        assert r.status_code == 405, url
        error = r.json()["error"] if url.startswith("/api/") else r.text
        assert "[E070] method DELETE is not allowed on " + url in error, url
        assert "invalid request" not in error
        assert "GET" in r.headers["allow"]


def test_404_does_not_echo_a_huge_id(client: Any) -> None:
    """Issue 10, bug 9: a 404 echoed a 3,000-character id."""
    huge = "x" * 3000
    for url in (f"/api/speakers/{huge}", f"/api/articles/{huge}", f"/api/{huge}"):
        body = client.get(url).json()
        assert body["status"] == 404 and body["error"].startswith("[E050]")
        assert len(body["error"]) < 200, url
        assert "…" in body["error"]
    page = client.get(f"/articles/{huge}")
    assert page.status_code == 404 and huge not in page.text


def test_speakers_are_those_who_made_statements_the_rest_are_mentioned(client: Any) -> None:
    """Issue 10: most "speakers" on the home page never spoke; list and count only those
    who made statements, and the entities only spoken about as "mentioned"."""
    stats = client.get("/api/stats").json()["stats"]
    every = client.get("/api/speakers", params={"per_page": 100}).json()["speakers"]
    assert every and all(s["n_quotes"] > 0 for s in every)
    assert stats["speakers"] == len(every) == sum(stats["speakers_by_type"].values())
    mentioned = client.get("/api/speakers", params={"mentioned": "true", "per_page": 100}).json()
    names = [s["name"] for s in mentioned["speakers"]]
    assert "Taliban" in names and all(s["n_quotes"] == 0 for s in mentioned["speakers"])
    assert stats["mentioned"] == len(names)
    html = client.get("/speakers").text
    assert ">Taliban</a>" not in html and ">Jane Doe</a>" in html
    assert f"{stats['mentioned']} mentioned only" in html
    html = client.get("/speakers", params={"mentioned": "true"}).text
    assert ">Taliban</a>" in html and ">Jane Doe</a>" not in html
    home = client.get("/").text
    assert f"{stats['speakers']} speakers</a>" in home and "mentioned only" in home
    assert ">Taliban</a>" not in home.split("Most quoted")[1]
    sid = str(mentioned["speakers"][names.index("Taliban")]["id"])
    assert "never quoted" in client.get(f"/speakers/{sid}").text


def test_quote_permalink_page_and_json(client: Any) -> None:
    """Issue 10: a permalink page per statement and GET /api/quotes/{id} with its context."""
    row = find_quote(client, "resume")
    data = client.get(f"/api/quotes/{row['id']}").json()
    assert data["ok"] is True
    qt = data["quote"]
    assert qt["content"] == "the talks with Massoud would resume"
    assert qt["speaker"]["name"] == "Zalmay Khalilzad" and qt["href"] == f"/quotes/{row['id']}"
    art = client.get(f"/api/articles/{row['article_id']}").json()["article"]
    ctx = qt["context"]
    assert art["text"][ctx["start"] : ctx["end"]] == ctx["text"]
    assert ctx["text"].startswith("Massoud said") and ctx["text"].endswith("would resume.")
    assert ctx["more_before"] is True and ctx["more_after"] is False  # the headline is left out
    for span in qt["contents"] + qt["sources"] + [qt["cue_span"]]:
        assert art["text"][span["start"] : span["end"]] == span["text"]
    assert qt["article"]["title"] == "Talks stall" and qt["article"]["n_quotes"] == 2
    html = client.get(f"/quotes/{row['id']}").text
    assert '<span class="hl-content">the talks with Massoud would resume</span>' in html
    assert f'<a class="hl-source" href="/speakers/{qt["speaker"]["id"]}">' in html
    assert f'href="/articles/{row["article_id"]}#Q2"' in html
    assert "confidence 0.90" in html
    # every statement card links its permalink
    from urllib.parse import quote

    link = f'href="/quotes/{quote(row["id"], safe="")}"'
    assert link in client.get("/search", params={"q": "resume"}).text
    assert link in client.get(f"/articles/{row['article_id']}").text
    for bad in (f"{row['article_id']}:Q99", "nope", "x" * 3000):
        r = client.get(f"/api/quotes/{bad}")
        assert r.status_code == 404 and len(r.json()["error"]) < 200
    assert client.get("/quotes/nope").status_code == 404


def test_quote_context_of_a_long_paragraph_is_cut_at_words() -> None:
    from saidwhat.web.queries import CONTEXT_CHARS, _context_bounds

    text = "Head\n\n" + " ".join(f"w{i}" for i in range(2000)) + "\n\nNext paragraph."
    start = text.index("w1000 ")
    a, b = _context_bounds(text, start, start + 5)
    assert b - a <= CONTEXT_CHARS and a <= start and b >= start + 5
    assert text[a - 1] == " " and text[b] == " "
    a, b = _context_bounds("Only one paragraph.", 5, 8)
    assert (a, b) == (0, len("Only one paragraph."))


# --- search: filters, sort, totals, export ------------------------------------------------------


def test_search_kind_and_confidence_filters_sort_and_totals(client: Any) -> None:
    """Issue 10: result totals, sort (date, relevance, speaker) and filters for kind and
    confidence; the card's bare confidence figure gets a label."""
    every = client.get("/api/search", params={"per_page": 100}).json()
    assert every["total"] == len(every["results"]) and every["total_exact"] is True
    ind = client.get("/api/search", params={"kind": "indirect", "per_page": 5}).json()
    assert ind["total"] == sum(r["kind"] == "indirect" for r in every["results"]) > 5
    assert all(r["kind"] == "indirect" for r in ind["results"]) and ind["next"]
    assert "kind=indirect" in ind["next"]
    assert client.get("/api/search", params={"min_confidence": "0.95"}).json()["total"] == 0
    assert client.get("/api/search", params={"min_confidence": "0.9"}).json()["total"] == len(
        every["results"]
    )
    dates = [r["published"] for r in every["results"]]
    dated = [d for d in dates if d]
    assert dates == sorted(dated, reverse=True) + [None] * (len(dates) - len(dated))
    oldest = client.get("/api/search", params={"sort": "oldest", "per_page": 100}).json()
    assert [r["published"] for r in oldest["results"]] == sorted(dated) + [None] * (
        len(dates) - len(dated)
    )
    by_speaker = client.get("/api/search", params={"sort": "speaker", "per_page": 100}).json()
    names = [(r["speaker"] or {}).get("name") or r["speaker_name"] for r in by_speaker["results"]]
    assert [n.lower() for n in names] == sorted(n.lower() for n in names)
    rel = client.get("/api/search", params={"q": "taliban", "sort": "relevance"}).json()
    assert rel["total"] == 2 and len(rel["results"]) == 2
    for bad in ({"kind": "rumour"}, {"sort": "loudest"}, {"min_confidence": "2"}):
        r = client.get("/api/search", params=bad)
        assert r.status_code == 422 and r.json()["error"].startswith("[E054]"), bad
    # the page: form fields, the total and a labelled confidence
    html = client.get("/search", params={"kind": "indirect", "per_page": 5, "page": 2}).text
    assert f'<span class="total">{ind["total"]} statements</span>' in html
    assert '<option value="indirect" selected>' in html
    assert "confidence 0.90" in html and 'name="min_confidence"' in html
    # empty form fields are no filter
    assert (
        client.get("/search", params={"kind": "", "min_confidence": "", "sort": ""}).status_code
        == 200
    )


def test_totals_are_estimated_when_counting_would_cost_more_than_a_page(store_url: str) -> None:
    from saidwhat.store import query as sq
    from saidwhat.web.queries import open_store

    store = open_store(store_url)
    try:
        n, exact = sq.count_quotes(store, QuoteFilters(q="budget", outlet="Daily Example"))
        assert (n, exact) == (24, True)
        assert sq.count_quotes(store, QuoteFilters(q="budget")) == (24, True)
        n, exact = sq.count_quotes(
            store, QuoteFilters(q="budget", outlet="Daily Example"), sample=10
        )
        assert exact is False and n == 24  # every sampled match has that outlet
        assert sq.count_quotes(store, QuoteFilters(q="budget", outlet="Nowhere"), sample=10) == (
            0,
            False,
        )
        assert sq.count_quotes(store, QuoteFilters(speaker="nobody at all")) == (0, True)
    finally:
        store.close()


def test_export_every_result_as_csv_json_and_jsonl(client: Any) -> None:
    """Issue 10: export of a whole result set, streamed, from the page and the API."""
    import csv
    import io
    import json

    from saidwhat.web.export import COLUMNS

    params = {"q": "budget", "kind": "direct"}
    total = client.get("/api/search", params=params).json()["total"]
    assert total == 24
    r = client.get("/api/search/export", params=params | {"format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="saidwhat-statements.csv"' in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == total and tuple(rows[0]) == COLUMNS
    assert all(x["kind"] == "direct" and "Budget item" in x["content"] for x in rows)
    # absolute permalinks (issue 20.8): the server's own address
    assert rows[0]["permalink"] == f"http://testserver/quotes/{rows[0]['id']}"
    r = client.get("/api/search/export", params=params | {"format": "json"})
    data = json.loads(r.text)
    assert r.headers["content-type"].startswith("application/json") and len(data) == total
    api = client.get("/api/search", params=params | {"per_page": 100}).json()["results"]
    assert data == api  # the same records as the search API, in the same order
    r = client.get("/api/search/export", params=params | {"format": "jsonl"})
    assert [json.loads(x) for x in r.text.splitlines()] == api
    empty = client.get("/api/search/export", params={"q": "zzzz", "format": "json"})
    assert json.loads(empty.text) == []
    assert client.get("/api/search/export", params={"format": "xml"}).status_code == 422
    # the search page links both exports with its filters
    html = client.get("/search", params=params).text
    assert 'href="/api/search/export?q=budget&amp;kind=direct&amp;format=csv"' in html
    assert 'href="/api/search/export?q=budget&amp;kind=direct&amp;format=json"' in html


def test_export_csv_cells_never_run_as_spreadsheet_formulas() -> None:
    import csv
    import io

    from saidwhat.web.export import COLUMNS, csv_lines, csv_row

    row = {
        "id": "a:Q1",
        "content": '=HYPERLINK("http://x")',
        "cue": "+1",
        "title": "@x",
        "outlet": "\t-outlet",
        "speaker_name": "Evil\x1b]8;;http://x\x07Corp",
    }
    text = "".join(csv_lines(COLUMNS, [csv_row(row, base="https://news.example")]))
    (cells,) = csv.DictReader(io.StringIO(text))
    assert cells["content"] == '\'=HYPERLINK("http://x")'
    assert cells["cue"] == "'+1" and cells["title"] == "'@x" and cells["outlet"] == "'\t-outlet"
    assert cells["speaker_name_in_text"] == "Evil\\x1b]8;;http://x\\x07Corp"  # no raw ESC
    assert cells["speaker"] == "" and cells["permalink"] == "https://news.example/quotes/a:Q1"


# --- network and timeline link to the filtered search ------------------------------------------


def test_network_date_and_outlet_filters_and_edge_links(client: Any) -> None:
    """Issue 10: a date/outlet filter on the network; its links open the filtered search."""

    def pairs(params: dict[str, Any]) -> set[tuple[str, str]]:
        data = client.get("/api/network", params=params).json()
        names = {n["id"]: n["name"] for n in data["nodes"]}
        return {(names[e["source"]], names[e["target"]]) for e in data["edges"]}

    every = pairs({})
    assert {("Ahmad Massoud", "Taliban"), ("Jane Roe", "Harbour Council")} <= every
    assert pairs({"since": "2024-07-01"}) == {
        ("Zalmay Khalilzad", "Ahmad Massoud"),
        ("Ahmad Massoud", "Taliban"),
    }
    assert pairs({"outlet": "kabul times"}) == {("Ahmad Massoud", "Taliban")}
    assert pairs({"until": "2024-02-02"}) == {("Jane Roe", "Harbour Council")}
    assert client.get("/api/network", params={"since": "May"}).status_code == 400
    data = client.get("/api/network", params={"until": "2024-06-30"}).json()
    for e in data["edges"]:
        found = client.get(e["href"].replace("/search?", "/api/search?")).json()
        assert found["total"] == e["weight"], e
        assert "until=2024-06-30" in e["href"]
    html = client.get("/network", params={"outlet": "Kabul Times"}).text
    assert 'value="Kabul Times"' in html and 'class="edge-link"' in html
    assert 'class="edge-statements" href="/search?speaker=' in html
    assert 'href="/api/network?limit=60&amp;outlet=Kabul+Times"' in html
    assert "Zalmay Khalilzad" not in html


def test_timeline_bars_link_to_that_months_statements(client: Any) -> None:
    sid = speaker_id(client, "Ahmad Massoud")
    html = client.get(f"/speakers/{sid}").text
    link = f"/search?speaker={sid}&amp;since=2024-05-01&amp;until=2024-05-31"
    assert f'<a class="bar-link" href="{link}">' in html
    rows = client.get(link.replace("&amp;", "&").replace("/search", "/api/search")).json()
    assert [r["content"] for r in rows["results"]] == ["We will fight the Taliban until the end"]
    assert "since=2024-06-01" not in html  # no link on an empty month
    from saidwhat.web.app import _month_end

    assert (_month_end("2024-02"), _month_end("2023-02"), _month_end("2024-12")) == (
        "2024-02-29",
        "2023-02-28",
        "2024-12-31",
    )


def test_search_page_marks_the_search_words(client: Any) -> None:
    html = client.get("/search", params={"q": "negotiations"}).text
    assert "<mark>negotiations</mark> with the Taliban had failed" in html
    data = client.get("/api/search", params={"q": "negotiations"}).json()
    assert "hl" not in data["results"][0]  # the JSON is as stored
    html = client.get("/search", params={"q": "hacked"}).text
    assert "<mark>hacked</mark>" in html and records.XSS_SCRIPT not in html


# --- q finds speakers; did you mean ---------------------------------------------------------------


def test_q_naming_a_speaker_finds_their_statements_and_those_about_them(client: Any) -> None:
    """Issue 10: a speaker's surname in q returned 0."""
    data = client.get("/api/search", params={"q": "massoud"}).json()
    contents = {r["content"] for r in data["results"]}
    assert contents == {
        "We will fight the Taliban until the end",  # by Ahmad Massoud
        "negotiations with the Taliban had failed",  # by Ahmad Massoud
        "the talks with Massoud would resume",  # the word, and about him
    }
    assert data["total"] == 3 and [s["name"] for s in data["speakers"]] == ["Ahmad Massoud"]
    # a word that names nobody is a plain full-text search, as before
    assert client.get("/api/search", params={"q": "negotiations"}).json()["total"] == 1
    about = client.get("/api/search", params={"q": "Harbour Council"}).json()
    assert {r["content"] for r in about["results"]} == {
        "The Harbour Council has no plan",
        "Jane Roe is wrong about the harbour",
    }
    html = client.get("/search", params={"q": "massoud"}).text
    assert '<p class="speaker-matches">Speakers: <a class="speaker" href="/speakers/' in html
    r = client.get("/api/search/export", params={"q": "massoud", "format": "jsonl"})
    assert len(r.text.splitlines()) == 3


def test_unknown_speaker_filter_suggests_close_names(client: Any) -> None:
    """Issue 10: "did you mean" for unknown speakers."""
    data = client.get("/api/search", params={"speaker": "Ahmed Masoud"}).json()
    assert data["total"] == 0
    assert [s["name"] for s in data["did_you_mean"]] == ["Ahmad Massoud"]
    data = client.get("/api/search", params={"speaker": "Khalilzaad"}).json()
    assert [s["name"] for s in data["did_you_mean"]] == ["Zalmay Khalilzad"]
    html = client.get("/search", params={"speaker": "Khalilzaad"}).text
    assert "Did you mean" in html and 'href="/search?speaker=' in html
    # a known speaker without results gets no suggestion
    known = client.get("/api/search", params={"speaker": "Jane Doe", "q": "zzzz"}).json()
    assert known["total"] == 0 and "did_you_mean" not in known
    nothing = client.get("/api/search", params={"speaker": "Qwxyz Vbnm"}).json()
    assert nothing["did_you_mean"] == []


def test_api_stance_filter_and_fields(client: Any) -> None:
    found = client.get("/api/search", params={"stance": "against", "about": "Taliban"}).json()
    assert found["total"] == 1
    (row,) = found["results"]
    assert row["content"] == "We will fight the Taliban until the end"
    (target,) = row["targets"]
    assert (target["name"], target["stance"], target["stance_prob"]) == ("Taliban", "against", 0.93)
    neutral = client.get("/api/search", params={"stance": "neutral", "about": "Taliban"}).json()
    assert [r["content"] for r in neutral["results"]] == [
        "negotiations with the Taliban had failed"
    ]
    assert client.get("/api/search", params={"stance": "for"}).json()["total"] == 0
    bad = client.get("/api/search", params={"stance": "angry"})
    assert bad.status_code == 422 and "stance must be one of" in bad.json()["error"]
    edges = client.get("/api/network").json()["edges"]
    taliban = [e for e in edges if e["against"]]
    assert len(taliban) == 1 and taliban[0]["stance"] == "against" and taliban[0]["weight"] == 2
    assert all(e["stance"] is None for e in edges if not e["against"] and not e["for"])


def _long_article(n: int) -> dict[str, Any]:
    """One article of ``n`` statements by one speaker (hand-made offsets)."""
    parts, quotes = [], []
    pos = 0
    for i in range(n):
        said = f"Point number {i} stands"
        piece = f'"{said}," Ann Lee said. '
        quotes.append(
            {
                "id": f"Q{i + 1}",
                "kind": "indirect",  # not linked as copies: no sentence vectors to compute
                "cue": {"start": pos + len(said) + 12, "end": pos + len(said) + 16, "text": "said"},
                "sources": [
                    {"start": pos + len(said) + 4, "end": pos + len(said) + 11, "text": "Ann Lee"}
                ],
                "contents": [{"start": pos + 1, "end": pos + 1 + len(said), "text": said}],
                "speaker": {"entity": "E1", "name": "Ann Lee", "type": "PERSON"},
                "confidence": 0.9,
            }
        )
        parts.append(piece)
        pos += len(piece)
    text = "".join(parts)
    ment = [q["sources"][0] for q in quotes[:1]]
    ent = {
        "id": "E1",
        "name": "Ann Lee",
        "type": "PERSON",
        "roles": [],
        "affiliations": [],
        "mentions": ment,
    }
    return {"id": "long", "text": text, "quotes": quotes, "entities": [ent]}


def test_a_long_article_is_read_a_page_of_statements_at_a_time(tmp_path: Path) -> None:
    """Issue 20.7: an article of thousands of statements was read and rendered whole on
    its page, in GET /api/articles/{id} and for each of its permalinks."""
    from fastapi.testclient import TestClient

    from saidwhat.web.app import create_app
    from saidwhat.web.queries import ARTICLE_PER_PAGE

    from .conftest import store_of

    rec = _long_article(2 * ARTICLE_PER_PAGE + 50)
    for q in rec["quotes"]:  # every span as the text has it
        for sp in (q["cue"], *q["sources"], *q["contents"]):
            assert rec["text"][sp["start"] : sp["end"]] == sp["text"]
    url = store_of(tmp_path / "long.db", [rec])
    with TestClient(create_app(url), base_url="http://127.0.0.1") as c:
        aid = c.get("/api/search", params={"q": "stands", "per_page": 1}).json()["results"][0][
            "article_id"
        ]
        first = c.get(f"/api/articles/{aid}").json()
        art = first["article"]
        assert (art["n_quotes"], art["pages"], len(art["quotes"])) == (450, 3, ARTICLE_PER_PAGE)
        assert first["previous"] is None and first["next"] == f"/api/articles/{aid}?page=2"
        last = c.get(f"/api/articles/{aid}", params={"page": 3}).json()
        assert [q["local_id"] for q in last["article"]["quotes"]][0] == "Q401"
        assert len(last["article"]["quotes"]) == 50 and last["next"] is None
        html = c.get(f"/articles/{aid}", params={"page": 2}).text
        assert "page 2 of 3" in html and 'rel="next"' in html and 'rel="prev"' in html
        assert html.count('class="statement ') == ARTICLE_PER_PAGE
        qid = last["article"]["quotes"][-1]["id"]
        qt = c.get(f"/api/quotes/{qid}").json()["quote"]
        assert qt["content"] == "Point number 449 stands" and qt["article"]["n_quotes"] == 450
