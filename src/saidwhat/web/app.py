"""The saidwhat web server: HTML pages and a JSON API over a store (FastAPI).

``create_app(store_or_url, token=..., max_body=...)`` returns an ASGI app:

* pages ``/``, ``/search``, ``/speakers``, ``/speakers/{id}``, ``/articles/{id}``,
  ``/network``, ``/conflicts``, ``/claims``; each has a JSON form under ``/api/...``;
* ``POST /api/articles`` ingests an article, only when the app was created with a
  token and only for requests that carry it (``Authorization: Bearer <token>``);
* one error envelope ``{"ok": false, "error": "...", "status": 404}`` for every
  error; pages render the same envelope as an error page;
* every stored string is untrusted: templates autoescape, and a strict
  Content-Security-Policy forbids inline scripts and any other origin.
"""

from __future__ import annotations

import hmac
import json
import logging
import math
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote, urlencode

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..about import __version__
from ..errors import Errors, FilterError, StoreBusy
from ..store import fts
from ..store import query as sq
from ..store.filters import QuoteFilters
from . import charts, export, highlight, queries
from .envelope import ApiError, envelope
from .hosts import HostCheck

__all__ = ["create_app", "DEFAULT_MAX_BODY", "MIN_TOKEN_LENGTH"]

log = logging.getLogger("saidwhat.web")

HERE = Path(__file__).parent
DEFAULT_MAX_BODY = 2 * 1024 * 1024
MIN_TOKEN_LENGTH = 16
PER_PAGE = 20
MAX_PER_PAGE = 100
#: Edges the /network page draws at most (its JSON form gives up to 200).
NETWORK_PAGE_LIMIT = 100

SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


class ErrorEnvelope(BaseModel):
    """The body of every error response."""

    ok: Literal[False] = False
    error: str = Field(examples=["[E050] speaker '7' not found"])
    status: int = Field(examples=[404])


def _json_body(schema: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI ``openapi_extra`` of a route whose body is a JSON object of ``schema``."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {c: {"model": ErrorEnvelope, "description": "error envelope"} for c in codes}


READ_ERRORS = _errors(400, 404, 422, 500)
WRITE_ERRORS = _errors(400, 401, 403, 413, 415, 422, 500, 503)
CORRECTION_ERRORS = _errors(400, 401, 403, 404, 409, 413, 415, 422, 500, 503)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    env.globals["search_syntax"] = fts.SYNTAX
    env.globals["min_confidence_default"] = sq.HIDE_BELOW
    env.globals["min_stance_prob"] = sq.UNCERTAIN_BELOW
    env.filters["seg"] = lambda v: quote(str(v), safe="")
    env.filters["plural"] = _plural
    env.filters["month_end"] = _month_end
    return env


#: Longest id or path echoed in an error message (longer ones are cut, with "…").
SHOWN_CHARS = 80


def shown(value: str, limit: int = SHOWN_CHARS) -> str:
    """``value`` cut to ``limit`` characters for an error message (a 404 never echoes 3 kB)."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _plural(n: Any, word: str, plural: str | None = None) -> str:
    """``1 statement``, ``7 statements``, ``1 entity``/``2 entities`` (with ``plural``)."""
    count = int(n or 0)
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _month_end(month: str) -> str:
    """``2024-02`` -> ``2024-02-29``: the last day of a ``YYYY-MM`` month."""
    import calendar

    year, mon = int(month[:4]), int(month[5:7])
    return f"{month[:7]}-{calendar.monthrange(year, mon)[1]:02d}"


def _is_api(path: str) -> bool:
    return path.startswith("/api/") or path == "/api" or path == "/openapi.json"


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``max_body`` bytes with 413.

    Checks ``Content-Length`` up front and counts streamed (chunked) bodies as
    they arrive, so an oversized body is never read into memory.
    """

    def __init__(self, app: Any, *, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(
        self,
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[MutableMapping[str, Any]]],
        send: Callable[[MutableMapping[str, Any]], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_body
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    too_big = int(value) > limit
                except ValueError:
                    too_big = False
                if too_big:
                    await _send_envelope(scope, send, 413, Errors.E053.format(limit=limit))
                    return
        seen = 0

        async def limited() -> MutableMapping[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise ApiError(413, Errors.E053.format(limit=limit))
            return message

        await self.app(scope, limited, send)


class SecurityHeaders:
    """ASGI middleware: add the security headers (CSP etc.) to every response."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(
        self,
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[MutableMapping[str, Any]]],
        send: Callable[[MutableMapping[str, Any]], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def send_with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in self.extra if k not in present]
                if not static and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message = dict(message, headers=headers)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HeadAsGet:
    """ASGI middleware: answer ``HEAD`` on every ``GET`` route.

    The request is handled as ``GET`` and only the body is dropped, so the
    status and headers (``Content-Type``, ``Content-Length``) are those of the
    ``GET`` answer; link checkers and uptime monitors use ``HEAD``.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(
        self,
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[MutableMapping[str, Any]]],
        send: Callable[[MutableMapping[str, Any]], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(dict(scope, method="GET"), receive, send_headers_only)


async def _send_envelope(
    scope: MutableMapping[str, Any], send: Callable[..., Awaitable[None]], status: int, message: str
) -> None:
    body = json.dumps(envelope(status, message)).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


@dataclass(frozen=True)
class Search:
    """A search request: its filters and its order (``None``: the default, newest first)."""

    filters: QuoteFilters
    sort: str | None = None

    def query(self) -> dict[str, Any]:
        """The filters and order given, as the search's ``query`` and its links' parameters."""
        return self.filters.given() | ({"sort": self.sort} if self.sort else {})


def _clean(value: str | None) -> str | None:
    """A query parameter without NUL characters (PostgreSQL refuses them) or surrounding space."""
    return (value or "").replace("\x00", "").strip() or None


def _check_date(name: str, value: str | None) -> str | None:
    if value in (None, ""):
        return None
    assert value is not None
    try:
        if not _DATE.match(value):
            raise ValueError
        date.fromisoformat(value)
    except ValueError:
        raise ApiError(
            400, Errors.E054.format(reason=f"{name} must be a date YYYY-MM-DD")
        ) from None
    return value


#: The search's sort orders (``saidwhat.store.query.SORTS``), the default first.
SORTS = ("date", "oldest", "speaker", "relevance")


def search_filters(
    q: str | None = Query(
        None, max_length=500, description="full-text search in statement contents"
    ),
    speaker: str | None = Query(None, max_length=200, description="speaker id or name"),
    about: str | None = Query(None, max_length=200, description="entity spoken about (target)"),
    stance: str | None = Query(
        None,
        max_length=10,
        description="against, neutral or for: the statement's stance toward the `about` "
        "target (toward any target without `about`)",
    ),
    since: str | None = Query(None, max_length=10, description="published on or after, YYYY-MM-DD"),
    until: str | None = Query(
        None, max_length=10, description="published on or before, YYYY-MM-DD"
    ),
    outlet: str | None = Query(None, max_length=200),
    kind: str | None = Query(None, max_length=10, description="direct, indirect or mixed"),
    min_confidence: str | None = Query(
        None,
        max_length=10,
        description="keep statements whose confidence (0 to 1, how sure the extractor is) "
        "is at least this; by default those below 0.5 ([record] min_confidence) are hidden, "
        "0 shows every statement",
    ),
    sort: str | None = Query(
        None, max_length=10, description="date (newest first, default), oldest, speaker, relevance"
    ),
) -> Search:
    """The search's filters (checked by :class:`QuoteFilters`; a date is 400, another
    value out of range 422) and order; empty form fields count as absent."""
    order = _clean(sort)
    if order is not None and order not in SORTS:
        raise ApiError(422, Errors.E054.format(reason=f"sort must be one of {', '.join(SORTS)}"))
    conf = _clean(min_confidence)
    try:
        filters = QuoteFilters(
            q=_clean(q),
            speaker=_clean(speaker),
            about=_clean(about),
            stance=_clean(stance),
            since=_clean(since),
            until=_clean(until),
            outlet=_clean(outlet),
            kind=_clean(kind),
            min_confidence=None if conf is None else _number(conf),
        )
    except FilterError as exc:
        status = 400 if exc.field in ("since", "until") else 422
        raise ApiError(status, Errors.E054.format(reason=exc.reason)) from None
    return Search(filters, order if order != "date" else None)


def _number(text: str) -> float:
    """``text`` as a number; NaN (no number in any range) when it is none."""
    try:
        return float(text)
    except ValueError:
        return math.nan


def facet_links(
    query: Mapping[str, Any], facets: Mapping[str, Any]
) -> dict[str, list[dict[str, Any]]]:
    """Each facet value with the search link that adds it to ``query`` (a month sets
    ``since`` and ``until``; the page of results starts again at 1)."""
    base = {k: v for k, v in query.items() if v is not None}

    def href(**extra: Any) -> str:
        return "/search?" + urlencode(base | extra)

    out: dict[str, list[dict[str, Any]]] = {}
    for name, values in facets.items():
        if not isinstance(values, list):
            continue
        rows = []
        for v in values:
            if name == "month":
                if not v["value"]:
                    continue
                link = href(since=f"{v['value']}-01", until=_month_end(v["value"]))
                label = v["value"]
            elif name == "speaker":
                link, label = href(speaker=v["value"]), v["name"]
            else:
                link, label = href(**{name: v["value"]}), v["value"]
            rows.append({"label": label, "n": v["n"], "href": link})
        out[name] = rows
    return out


def network_window(
    since: str | None = Query(None, max_length=10, description="published on or after, YYYY-MM-DD"),
    until: str | None = Query(
        None, max_length=10, description="published on or before, YYYY-MM-DD"
    ),
    outlet: str | None = Query(None, max_length=200, description="only this outlet's articles"),
) -> dict[str, Any]:
    """The network's date and outlet filters, checked."""
    return {
        "since": _check_date("since", since),
        "until": _check_date("until", until),
        "outlet": _clean(outlet),
    }


def conflict_filters(
    since: str | None = Query(None, max_length=10, description="claims on or after, YYYY-MM-DD"),
    until: str | None = Query(None, max_length=10, description="claims on or before, YYYY-MM-DD"),
    window: int = Query(
        7, ge=0, le=365, description="days apart two articles may be and report one event"
    ),
    limit: int = Query(50, ge=1, le=200, description="events listed at most"),
) -> dict[str, Any]:
    """The conflicts' filters, checked."""
    return {
        "since": _check_date("since", since),
        "until": _check_date("until", until),
        "window_days": window,
        "limit": limit,
    }


#: The claim list's act filter (``saidwhat.store.claims.ACTS``).
ACTS = ("responsibility", "blame", "denial")


def claim_filters(
    act: str | None = Query(None, max_length=20, description="responsibility, blame or denial"),
    party: str | None = Query(
        None, max_length=200, description="words of the claimant's or the agent's name"
    ),
    event: str | None = Query(None, max_length=200, description="words of the event or its kind"),
    place: str | None = Query(None, max_length=200, description="words of the place named"),
    since: str | None = Query(None, max_length=10, description="claims on or after, YYYY-MM-DD"),
    until: str | None = Query(None, max_length=10, description="claims on or before, YYYY-MM-DD"),
) -> dict[str, Any]:
    """The claim list's filters, checked (empty form fields count as absent)."""
    act = _clean(act)
    if act is not None and act not in ACTS:
        raise ApiError(422, Errors.E054.format(reason=f"act must be one of {', '.join(ACTS)}"))
    return {
        "act": act,
        "party": _clean(party),
        "event": _clean(event),
        "place": _clean(place),
        "since": _check_date("since", since),
        "until": _check_date("until", until),
    }


def create_app(
    store_or_url: Any,
    *,
    token: str | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    per_page: int = PER_PAGE,
    config: Mapping[str, Any] | None = None,
    allowed_hosts: Iterable[str] | None = None,
) -> FastAPI:
    """Build the ASGI app over a store (a ``Store`` or a database URL / path).

    Args:
        store_or_url: an open store, or anything ``saidwhat.store.db.open_store`` accepts.
        token: enables ``POST /api/articles`` for requests with this bearer token;
            ``None`` (the default) keeps the server read-only.
        max_body: largest request body accepted, in bytes (413 above).
        per_page: default search results per page.
        config: engine configuration used when an ingested article is extracted.
        allowed_hosts: names accepted in the ``Host`` header besides loopback ones
            (``*`` for any); ``None`` does no check (see :mod:`saidwhat.web.hosts`).
    """
    if token is not None and len(token.strip()) < MIN_TOKEN_LENGTH:
        raise ValueError(Errors.E058.format(n=MIN_TOKEN_LENGTH))
    store = (
        queries.open_store(store_or_url) if isinstance(store_or_url, (str, Path)) else store_or_url
    )
    env = _templates()
    app = FastAPI(
        title="saidwhat",
        version=__version__,
        description="Who said what, about whom: attributed statements extracted from news.",
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.store = store
    app.state.ingest_enabled = token is not None
    if token is not None:
        from ..store.db import lock_wait_of

        # a request waits this long for another writer, then answers 503 + Retry-After
        store.lock_wait = lock_wait_of(config, "post_lock_wait")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(BodyLimit, max_body=max_body)
    if allowed_hosts is not None:
        app.add_middleware(HostCheck, allowed=tuple(allowed_hosts))
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HeadAsGet)

    def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("request_path", request.url.path)
        context.setdefault("q", request.query_params.get("q", ""))
        html = env.get_template(name).render(**context)
        return HTMLResponse(html, status_code=status)

    def error_response(
        request: Request, status: int, message: str, headers: Mapping[str, str] | None = None
    ) -> Response:
        # a 500 is sent by the outermost middleware, past SecurityHeaders: add them here
        headers = {**SECURITY_HEADERS, **(headers or {})}
        if _is_api(request.url.path):
            return JSONResponse(
                envelope(status, message), status_code=status, headers=dict(headers or {})
            )
        resp = render(request, "error.html", status=status, error=envelope(status, message))
        resp.headers.update(dict(headers or {}))
        return resp

    @app.exception_handler(ApiError)
    async def on_api_error(request: Request, exc: ApiError) -> Response:
        return error_response(request, exc.status, exc.message, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            message = Errors.E050.format(what="page", id=shown(request.url.path))
        elif exc.status_code == 405:
            allowed = (getattr(exc, "headers", None) or {}).get("Allow", "GET")
            message = Errors.E070.format(
                method=request.method, path=shown(request.url.path), allowed=allowed
            )
        else:
            message = Errors.E054.format(reason=str(exc.detail))
        return error_response(request, exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def on_validation_error(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors():
            where = ".".join(
                str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body")
            )
            parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg")))
        return error_response(request, 422, Errors.E054.format(reason="; ".join(parts)))

    @app.exception_handler(StoreBusy)
    async def on_busy(request: Request, exc: StoreBusy) -> Response:
        # another writer (an ingest's long batch) holds the write lock: retry later
        wait = max(1, round(getattr(store, "lock_wait", 10)))
        return error_response(request, 503, str(exc), {"Retry-After": str(wait)})

    @app.exception_handler(Exception)
    async def on_crash(request: Request, exc: Exception) -> Response:
        log.exception("error while serving %s", request.url.path)
        return error_response(request, 500, Errors.E055)

    # ---------------------------------------------------------------- data functions

    def search_data(search: Search, page: int, per: int, base: str) -> dict[str, Any]:
        active, given = search.query(), search.filters
        where = given.or_min_confidence(sq.HIDE_BELOW)
        rows = queries.search(
            store, where, sort=search.sort or "date", limit=per + 1, offset=(page - 1) * per
        )
        more = len(rows) > per
        rows = rows[:per]
        if page == 1 and not more:
            total, exact = len(rows), True
        else:
            total, exact = queries.search_total(store, where)
            total = max(total, (page - 1) * per + len(rows) + (1 if more else 0))

        def link(p: int) -> str:
            params = dict(active, page=p)
            if per != per_page:
                params["per_page"] = per
            return f"{base}?{urlencode(params)}"

        extra: dict[str, Any] = {}
        if given.q and page == 1:  # speakers the search text names
            words = " ".join(fts.parse(given.q).words())
            extra["speakers"] = queries.speakers(store, q=words, limit=5, whole_words=True)
        if given.speaker and total == 0 and not queries.knows_speaker(store, str(given.speaker)):
            extra["did_you_mean"] = queries.suggest_speakers(store, str(given.speaker))
        extra["facets"] = sq.facets(store, where)
        if given.min_confidence is None and page == 1:  # the toggle's count
            extra["hidden_low_confidence"] = max(0, queries.search_total(store, given)[0] - total)
            extra["min_confidence_default"] = sq.HIDE_BELOW
        return {
            "query": active,
            "page": page,
            "per_page": per,
            "total": total,
            "total_exact": exact,
            **extra,
            "results": rows,
            "next": link(page + 1) if more else None,
            "previous": link(page - 1) if page > 1 else None,
        }

    def speaker_data(speaker_id: str) -> dict[str, Any]:
        sp = queries.speaker(store, speaker_id)
        if sp is None:
            raise ApiError(404, Errors.E050.format(what="speaker", id=shown(speaker_id)))
        sp = dict(sp)
        sp["duplicates"] = [
            dict(d, href=f"/speakers/{d['id']}")
            for d in sq.suggest_duplicates(store, int(sp["id"]))
        ]
        sp["corrections_enabled"] = token is not None
        return sp

    # ---------------------------------------------------------------- corrections

    def check_token(given: str, *, what: str = "corrections") -> None:
        """The server's token, compared in constant time (403 when the server has none)."""
        if token is None:
            raise ApiError(403, Errors.E071 if what == "corrections" else Errors.E051)
        if not given or not hmac.compare_digest(
            given.strip().encode("utf-8"), token.encode("utf-8")
        ):
            raise ApiError(401, Errors.E052, headers={"WWW-Authenticate": "Bearer"})

    def bearer(request: Request) -> str:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        return given if scheme.lower() == "bearer" else ""

    def speaker_id_of(value: Any, what: str = "speaker") -> int:
        text = str(value).strip()
        if not re.fullmatch(r"\d{1,10}", text) or int(text) > 2**31 - 1:
            raise ApiError(404, Errors.E050.format(what=what, id=shown(text)))
        return int(text)

    def correct(op: str, speaker_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """Merge ``body["other"]`` into the speaker, or split ``body["names"]`` /
        ``body["articles"]`` off it; the speaker that results (its summary)."""
        from ..errors import StoreError
        from ..store.corrections import merge_speakers, split_speaker

        sid = speaker_id_of(speaker_id)
        try:
            if op == "merge":
                other = speaker_id_of(body.get("other", ""), "speaker to merge")
                return merge_speakers(store, sid, other)
            names, arts = body.get("names") or [], body.get("articles") or []
            if not (isinstance(names, list) and isinstance(arts, list)) or not all(
                isinstance(x, str) for x in (*names, *arts)
            ):
                raise ApiError(
                    422, Errors.E054.format(reason="names and articles are lists of strings")
                )
            names = [n for n in names if n.strip()]
            arts = [a for a in arts if a.strip()]
            if not names and not arts:
                raise ApiError(422, Errors.E054.format(reason="give names or articles to split"))
            return split_speaker(store, sid, names=names[:100], articles=arts[:100])
        except StoreError as exc:
            status = 404 if "[E033]" in str(exc) else 409
            raise ApiError(status, str(exc)) from None

    def move(quote_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """Give statement ``quote_id`` to ``body["speaker"]`` (an id or a name)."""
        from ..errors import StoreError
        from ..store.corrections import move_quote

        to = body.get("speaker")
        if isinstance(to, bool) or not isinstance(to, int | str) or not str(to).strip():
            raise ApiError(422, Errors.E054.format(reason="give the speaker (an id or a name)"))
        try:
            return move_quote(store, quote_id, str(to).strip())
        except StoreError as exc:
            text = str(exc)
            if "[E100]" in text:
                raise ApiError(
                    404, Errors.E050.format(what="statement", id=shown(quote_id))
                ) from None
            raise ApiError(404 if "[E033]" in text else 409, text) from None

    async def json_body(request: Request) -> dict[str, Any]:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/json":
            raise ApiError(415, Errors.E054.format(reason="send application/json"))
        try:
            payload = json.loads(await request.body())
        except (ValueError, RecursionError) as exc:
            raise ApiError(
                400, Errors.E054.format(reason=f"body is not valid JSON ({exc})")
            ) from None
        if not isinstance(payload, dict):
            raise ApiError(422, Errors.E054.format(reason="body must be a JSON object"))
        return payload

    async def form_body(request: Request) -> dict[str, list[str]]:
        from urllib.parse import parse_qs

        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/x-www-form-urlencoded":
            raise ApiError(415, Errors.E054.format(reason="send a form"))
        raw = (await request.body()).decode("utf-8", "replace")
        return parse_qs(raw, keep_blank_values=False, max_num_fields=200)

    def quote_data(quote_id: str) -> dict[str, Any]:
        qt = queries.quote(store, quote_id)
        if qt is None:
            raise ApiError(404, Errors.E050.format(what="statement", id=shown(quote_id)))
        return qt

    def article_data(
        article_id: str, page: int = 1, per_page: int = queries.ARTICLE_PER_PAGE
    ) -> dict[str, Any]:
        art = queries.article(store, article_id, page=page, per_page=per_page)
        if art is None:
            raise ApiError(404, Errors.E050.format(what="article", id=shown(article_id)))
        return art

    # ------------------------------------------------ pages and their JSON forms

    paging: dict[str, Any] = {
        "page": Query(1, ge=1, le=10_000),
        "per_page": Query(per_page, ge=1, le=MAX_PER_PAGE),
    }

    def page_and_json(
        path: str, api: str, summary: str, *, name: str | None = None
    ) -> Callable[[Any], Any]:
        """Register one handler at a page's ``path`` and at ``api``, its JSON form (the
        one documented in /openapi.json, as ``name``: ``api_<handler>`` by default): the
        handler computes the result once and :func:`answer` renders it as the page or
        as the JSON."""

        def register(handler: Any) -> Any:
            app.get(
                api,
                name=name or f"api_{handler.__name__}",
                tags=["read"],
                summary=summary,
                responses=READ_ERRORS,
                response_model=dict[str, Any],
            )(handler)
            app.get(
                path, response_class=HTMLResponse, include_in_schema=False, response_model=None
            )(handler)
            return handler

        return register

    def answer(request: Request, data: dict[str, Any], page: Callable[[], Response]) -> Any:
        """``{"ok": true, **data}`` on the JSON path, else the page that ``page`` renders."""
        return {"ok": True, **data} if _is_api(request.url.path) else page()

    def listing(
        key: str, rows: list[Any], total: int, query: dict[str, Any], page: int, per: int, base: str
    ) -> dict[str, Any]:
        """A page of a list (``key``: its rows), with the links to its neighbours."""

        def link(p: int) -> str:
            return f"{base}?{urlencode(query | {'page': p, 'per_page': per})}"

        return {
            "query": query,
            "page": page,
            "per_page": per,
            "total": total,
            key: rows,
            "next": link(page + 1) if page * per < total else None,
            "previous": link(page - 1) if page > 1 else None,
        }

    @page_and_json("/", "/api/stats", "Counts", name="api_stats")
    def home(request: Request) -> Any:
        data = {"stats": queries.stats(store)}
        return answer(
            request,
            data,
            lambda: render(
                request,
                "home.html",
                stats=data["stats"],
                speakers=queries.speakers(store, limit=10, offset=0),
                api_url="/api/stats",
            ),
        )

    @page_and_json("/search", "/api/search", "Search statements")
    def search(
        request: Request,
        search: Search = Depends(search_filters),
        page: int = paging["page"],
        per_page: int = paging["per_page"],
    ) -> Any:
        data = search_data(search, page, per_page, request.url.path)
        return answer(request, data, lambda: search_page(request, search, data))

    def search_page(request: Request, search: Search, data: dict[str, Any]) -> HTMLResponse:
        q = search.filters.q
        if q:  # the page marks the search words (the JSON stays as stored)
            data = dict(
                data,
                results=[
                    dict(r, hl=highlight.term_segments(r["content"], q)) for r in data["results"]
                ],
            )
        api = "/api/search" + ("?" + request.url.query if request.url.query else "")
        export = "/api/search/export?" + "".join(
            f"{urlencode({k: v})}&" for k, v in data["query"].items()
        )
        show_all = "/search?" + urlencode(dict(data["query"], min_confidence=0))
        facets = data.get("facets") or {}
        chart = charts.timeline_counts(
            {m["value"] or "": m["n"] for m in facets.get("month", ())}, width=720, height=120
        )
        return render(
            request,
            "search.html",
            data=data,
            api_url=api,
            export_url=export,
            show_all_url=show_all,
            chart=chart,
            facet_links=facet_links(data["query"], facets),
        )

    @page_and_json("/articles", "/api/articles", "List articles")
    def articles(
        request: Request,
        outlet: str | None = Query(None, max_length=200, description="only this outlet's"),
        page: int = paging["page"],
        per_page: int = Query(50, ge=1, le=MAX_PER_PAGE),
    ) -> Any:
        outlet = _clean(outlet)
        rows, total = queries.articles_list(
            store, outlet=outlet, limit=per_page, offset=(page - 1) * per_page
        )
        query = {"outlet": outlet} if outlet else {}
        data = listing("articles", rows, total, query, page, per_page, request.url.path)
        api = "/api/articles?" + urlencode(query | {"page": page, "per_page": per_page})
        return answer(
            request, data, lambda: render(request, "articles.html", data=data, api_url=api)
        )

    @page_and_json("/outlets", "/api/outlets", "List outlets")
    def outlets(request: Request) -> Any:
        data = {"outlets": queries.outlets(store)}
        return answer(
            request,
            data,
            lambda: render(
                request, "outlets.html", outlets=data["outlets"], api_url="/api/outlets"
            ),
        )

    @page_and_json("/speakers", "/api/speakers", "List speakers by number of statements")
    def speakers(
        request: Request,
        q: str | None = Query(None, max_length=200),
        page: int = Query(1, ge=1, le=10_000),
        per_page: int = Query(50, ge=1, le=MAX_PER_PAGE),
        mentioned: bool = Query(
            False, description="list the entities only spoken about instead of the speakers"
        ),
    ) -> Any:
        """A page of speakers who made statements (or, ``mentioned``, of entities only
        spoken about) and the link to the next page."""
        query: dict[str, Any] = {"q": _clean(q)} if _clean(q) else {}
        if mentioned:
            query["mentioned"] = "true"
        rows = queries.speakers(
            store,
            q=_clean(q),
            limit=per_page + 1,
            offset=(page - 1) * per_page,
            mentioned=mentioned,
        )
        base = request.url.path
        nxt = None
        if len(rows) > per_page:
            sized = {"per_page": per_page} if _is_api(base) else {}
            nxt = f"{base}?{urlencode(query | {'page': page + 1} | sized)}"
        data = {"page": page, "speakers": rows[:per_page], "next": nxt}
        api = "/api/speakers?" + urlencode(query | {"page": page, "per_page": per_page})
        return answer(
            request,
            data,
            lambda: render(
                request,
                "speakers.html",
                speakers=data["speakers"],
                next=nxt,
                page=page,
                mentioned=mentioned,
                stats=queries.speaker_counts(store),
                api_url=api,
            ),
        )

    @page_and_json("/speakers/{speaker_id}", "/api/speakers/{speaker_id}", "One speaker")
    def speaker(request: Request, speaker_id: str) -> Any:
        moved = merged_to(speaker_id)
        if moved is not None:  # a merged speaker's old URL
            prefix = "/api" if _is_api(request.url.path) else ""
            return RedirectResponse(f"{prefix}/speakers/{moved}", status_code=301)
        sp = speaker_data(speaker_id)
        return answer(request, {"speaker": sp}, lambda: speaker_html(request, sp))

    def speaker_html(
        request: Request, sp: dict[str, Any], *, status: int = 200, form_error: str | None = None
    ) -> HTMLResponse:
        chart = charts.timeline_counts(
            {t["month"]: t["n"] for t in sp["timeline"]}, undated=sp["undated"]
        )
        return render(
            request,
            "speaker.html",
            status=status,
            sp=sp,
            chart=chart,
            form_error=form_error,
            api_url=f"/api/speakers/{sp['id']}",
        )

    def article_pages(art: dict[str, Any], base: str) -> dict[str, str | None]:
        """Links to the previous and next pages of an article's statements."""
        page, per = art["page"], art["per_page"]
        size = "" if per == queries.ARTICLE_PER_PAGE else f"&per_page={per}"

        def at(n: int) -> str:
            return f"{base}?page={n}{size}"

        return {
            "previous": at(page - 1) if page > 1 else None,
            "next": at(page + 1) if page < art["pages"] else None,
        }

    def merged_to(speaker_id: str) -> int | None:
        """The speaker an unknown id was merged into (its old URL redirects there)."""
        from ..store.corrections import merged_into

        text = str(speaker_id).strip()
        if not re.fullmatch(r"\d{1,10}", text) or queries.speaker_exists(store, int(text)):
            return None
        return merged_into(store, int(text))

    @page_and_json(
        "/articles/{article_id}",
        "/api/articles/{article_id}",
        "One article with a page of its statements (200 a page; previous/next links)",
    )
    def article(
        request: Request,
        article_id: str,
        page: int = Query(1, ge=1, le=100_000, description="page of the statements"),
        per_page: int = Query(
            queries.ARTICLE_PER_PAGE, ge=1, le=queries.ARTICLE_PER_PAGE, description="statements"
        ),
    ) -> Any:
        art = article_data(article_id, page, per_page)
        prefix = "/api" if _is_api(request.url.path) else ""
        pages = article_pages(art, f"{prefix}/articles/{quote(article_id, safe='')}")
        api = f"/api/articles/{article_id}" + (f"?page={page}" if page > 1 else "")
        return answer(
            request, {"article": art, **pages}, lambda: article_html(request, art, pages, api)
        )

    def article_html(
        request: Request, art: dict[str, Any], pages: dict[str, str | None], api_url: str
    ) -> HTMLResponse:
        quotes = art.get("quotes", [])
        segments = highlight.segment_text(art.get("text", ""), highlight.marks_from_quotes(quotes))
        return render(
            request, "article.html", art=art, segments=segments, pages=pages, api_url=api_url
        )

    @page_and_json(
        "/quotes/{quote_id}",
        "/api/quotes/{quote_id}",
        "One statement with its article's metadata and the paragraph around it",
        name="api_quote",
    )
    def quote_view(request: Request, quote_id: str) -> Any:
        qt = quote_data(quote_id)
        return answer(request, {"quote": qt}, lambda: quote_html(request, qt))

    def quote_html(
        request: Request, qt: dict[str, Any], *, status: int = 200, form_error: str | None = None
    ) -> HTMLResponse:
        ctx = qt["context"]
        sid = (qt.get("speaker") or {}).get("id")
        marks = highlight.marks_from_quotes(
            [
                {
                    "local_id": qt["local_id"],
                    "cue": qt["cue_span"],
                    "sources": qt["sources"],
                    "contents": qt["contents"],
                    "speaker_id": sid,
                }
            ]
        )
        shifted = [
            highlight.Mark(m.start - ctx["start"], m.end - ctx["start"], m.kind, m.quote, m.speaker)
            for m in marks
        ]
        return render(
            request,
            "quote.html",
            status=status,
            form_error=form_error,
            corrections_enabled=token is not None,
            qt=qt,
            segments=highlight.segment_text(ctx["text"], shifted),
            api_url=f"/api/quotes/{quote(qt['id'], safe='')}",
        )

    @page_and_json("/network", "/api/network", "Who speaks about whom")
    def network(
        request: Request,
        limit: int = Query(60, ge=1, le=200),
        window: dict[str, Any] = Depends(network_window),
    ) -> Any:
        if limit > NETWORK_PAGE_LIMIT and not _is_api(request.url.path):
            # the page computes a force layout; the JSON takes up to 200 edges
            reason = f"limit: at most {NETWORK_PAGE_LIMIT} edges on the page (200 in the JSON)"
            raise ApiError(422, Errors.E054.format(reason=reason))
        data = queries.network(store, limit=limit, **window)
        return answer(request, data, lambda: network_html(request, data, limit, window))

    def network_html(
        request: Request, data: dict[str, Any], limit: int, window: dict[str, Any]
    ) -> HTMLResponse:
        active_window = {k: v for k, v in window.items() if v}
        graph = charts.network_layout(data["nodes"], data["edges"])
        by_id = {str(n["id"]): n for n in data["nodes"]}
        hrefs = {k: n["href"] for k, n in by_id.items()}
        edges = [
            {
                "source": by_id[str(e["source"])],
                "target": by_id[str(e["target"])],
                "weight": e["weight"],
                "against": e.get("against", 0),
                "for": e.get("for", 0),
                "href": e["href"],
            }
            for e in data["edges"]
            if str(e["source"]) in by_id and str(e["target"]) in by_id
        ]
        return render(
            request,
            "network.html",
            graph=graph,
            hrefs=hrefs,
            edges=edges,
            edge_hrefs={(str(e["source"]), str(e["target"])): e["href"] for e in data["edges"]},
            edge_stances={
                (str(e["source"]), str(e["target"])): e.get("stance") for e in data["edges"]
            },
            window=window,
            limit=limit,
            api_url="/api/network?" + urlencode({"limit": limit} | active_window),
        )

    @page_and_json("/conflicts", "/api/conflicts", "Events whose claims disagree on who did it")
    def conflicts(request: Request, filters: dict[str, Any] = Depends(conflict_filters)) -> Any:
        rows = queries.conflicts(store, **filters)
        query = {k: v for k, v in filters.items() if v is not None}
        api = "/api/conflicts?" + urlencode(
            {("window" if k == "window_days" else k): v for k, v in query.items()}
        )
        return answer(
            request,
            {"conflicts": rows},
            lambda: render(request, "conflicts.html", events=rows, filters=filters, api_url=api),
        )

    @page_and_json(
        "/claims", "/api/claims", "Claims of responsibility, blame and denial, newest first"
    )
    def claims(
        request: Request,
        filters: dict[str, Any] = Depends(claim_filters),
        page: int = paging["page"],
        per_page: int = paging["per_page"],
    ) -> Any:
        query = {k: v for k, v in filters.items() if v is not None}
        rows, total = queries.claims(store, **query, limit=per_page, offset=(page - 1) * per_page)
        data = listing("claims", rows, total, query, page, per_page, request.url.path)
        api = "/api/claims?" + urlencode(query | {"page": page, "per_page": per_page})
        return answer(
            request, data, lambda: render(request, "claims.html", data=data, acts=ACTS, api_url=api)
        )

    # ---------------------------------------------------------------- JSON only

    @app.get(
        "/api/search/export",
        tags=["read"],
        summary="Every statement a search finds, as CSV, JSON or JSON Lines (streamed)",
        responses=READ_ERRORS | {200: {"content": {"text/csv": {}, "application/x-ndjson": {}}}},
    )
    def api_search_export(
        request: Request,
        search: Search = Depends(search_filters),
        format: str = Query("csv", pattern="^(csv|json|jsonl)$", description="csv, json, jsonl"),
    ) -> StreamingResponse:
        where = search.filters.or_min_confidence(sq.HIDE_BELOW)
        rows = queries.search_stream(store, where, sort=search.sort or "date")
        media, chunks = export.encode(rows, format, base=str(request.base_url))
        name = f"saidwhat-statements.{format}"
        return StreamingResponse(
            chunks,
            media_type=media,
            headers={"content-disposition": f'attachment; filename="{name}"'},
        )

    @app.get(
        "/api/quotes/{quote_id}/copies",
        tags=["read"],
        summary="The copies of a statement in other articles, with a word diff",
        responses=READ_ERRORS,
    )
    def api_quote_copies(quote_id: str) -> dict[str, Any]:
        qt = quote_data(quote_id)
        return {"ok": True, "id": qt["id"], "copies": qt["copies"]}

    @app.post(
        "/api/articles",
        tags=["write"],
        status_code=201,
        responses=WRITE_ERRORS,
        summary="Ingest one article (only with the server's token)",
        openapi_extra=_json_body(
            {
                "type": "object",
                "required": ["text"],
                "properties": {
                    "text": {"type": "string"},
                    "id": {"type": "string"},
                    "meta": {"type": "object"},
                    "quotes": {"type": "array", "items": {"type": "object"}},
                    "entities": {"type": "array", "items": {"type": "object"}},
                },
            }
        ),
    )
    async def api_ingest(request: Request) -> JSONResponse:
        # authorise before reading a single byte of the body
        if token is None:
            raise ApiError(403, Errors.E051)
        auth = request.headers.get("authorization", "")
        scheme, _, given = auth.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            given.strip().encode("utf-8"), token.encode("utf-8")
        ):
            raise ApiError(401, Errors.E052, headers={"WWW-Authenticate": "Bearer"})
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/json":
            raise ApiError(415, Errors.E054.format(reason="send the article as application/json"))
        raw = await request.body()
        try:
            payload = json.loads(raw)
        except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError
            raise ApiError(
                400, Errors.E054.format(reason=f"body is not valid JSON ({exc})")
            ) from None
        from starlette.concurrency import run_in_threadpool

        from ..api import shared_extractor

        result = await run_in_threadpool(
            queries.ingest, store, payload, config=config, extractor=shared_extractor(config)
        )
        # 201 for a new article; 200 when the same text was stored before
        return JSONResponse({"ok": True, **result}, status_code=201 if result["created"] else 200)

    async def correction(
        request: Request, work: Callable[[dict[str, Any]], dict[str, Any]], *, status: int = 200
    ) -> JSONResponse:
        """A correction over the API: the token, the JSON body, ``work`` on it (in a
        thread) and the speaker that results."""
        from starlette.concurrency import run_in_threadpool

        check_token(bearer(request))
        body = await json_body(request)
        sp = await run_in_threadpool(work, body)
        return JSONResponse(
            {"ok": True, "speaker": sp, "href": f"/speakers/{sp['id']}"}, status_code=status
        )

    @app.post(
        "/api/speakers/{speaker_id}/merge",
        tags=["write"],
        responses=CORRECTION_ERRORS,
        summary="Merge another speaker into this one (only with the server's token)",
        response_description="the merged speaker",
        openapi_extra=_json_body(
            {
                "type": "object",
                "required": ["other"],
                "properties": {"other": {"type": "integer"}},
            }
        ),
    )
    async def api_merge(request: Request, speaker_id: str) -> JSONResponse:
        return await correction(request, lambda body: correct("merge", speaker_id, body))

    @app.post(
        "/api/speakers/{speaker_id}/split",
        tags=["write"],
        status_code=201,
        responses=CORRECTION_ERRORS,
        summary="Split names or articles off a speaker (only with the server's token)",
        openapi_extra=_json_body(
            {
                "type": "object",
                "properties": {
                    "names": {"type": "array", "items": {"type": "string"}},
                    "articles": {"type": "array", "items": {"type": "string"}},
                },
            }
        ),
    )
    async def api_split(request: Request, speaker_id: str) -> JSONResponse:
        return await correction(
            request, lambda body: correct("split", speaker_id, body), status=201
        )

    def form_refusal(form: Mapping[str, list[str]]) -> ApiError | None:
        """The error of a page form's token (None when it is right): the page is shown
        again with the message beside its forms instead of an error page."""
        try:
            check_token((form.get("token") or [""])[0])
        except ApiError as exc:
            return exc
        return None

    @app.post("/quotes/{quote_id}/move", include_in_schema=False)
    async def page_move(request: Request, quote_id: str) -> Response:
        """The statement page's form: ``token`` and ``speaker`` (id or name); back to it."""
        from starlette.concurrency import run_in_threadpool

        form = await form_body(request)
        refused = form_refusal(form)
        if refused is not None:
            return await run_in_threadpool(
                lambda: quote_html(
                    request, quote_data(quote_id), status=refused.status, form_error=refused.message
                )
            )
        body = {"speaker": (form.get("speaker") or [""])[0]}
        try:
            await run_in_threadpool(move, quote_id, body)
        except ApiError as exc:
            if exc.status == 404 and "statement" in exc.message:
                raise
            status, message = exc.status, exc.message
            return await run_in_threadpool(
                lambda: quote_html(request, quote_data(quote_id), status=status, form_error=message)
            )
        return Response(
            status_code=303, headers={"location": f"/quotes/{quote(quote_id, safe='')}"}
        )

    @app.post(
        "/api/quotes/{quote_id}/move",
        tags=["write"],
        summary="Give one statement to another speaker (only with the server's token)",
        responses=CORRECTION_ERRORS,
        openapi_extra=_json_body(
            {
                "type": "object",
                "required": ["speaker"],
                "properties": {"speaker": {"type": ["integer", "string"]}},
            }
        ),
    )
    async def api_move(request: Request, quote_id: str) -> JSONResponse:
        return await correction(request, lambda body: move(quote_id, body))

    async def speaker_form(
        request: Request, speaker_id: str, op: str, body_of: Callable[[Any], dict[str, Any]]
    ) -> Response:
        """A speaker page's merge or split form: with the right ``token``, ``op`` on the
        fields ``body_of`` reads, then the resulting speaker's page; else the page again
        with the message beside its forms."""
        from starlette.concurrency import run_in_threadpool

        form = await form_body(request)
        refused = form_refusal(form)
        if refused is not None:
            return await run_in_threadpool(
                lambda: speaker_html(
                    request,
                    speaker_data(speaker_id),
                    status=refused.status,
                    form_error=refused.message,
                )
            )
        sp = await run_in_threadpool(correct, op, speaker_id, body_of(form))
        return Response(status_code=303, headers={"location": f"/speakers/{sp['id']}"})

    @app.post("/speakers/{speaker_id}/merge", include_in_schema=False)
    async def page_merge(request: Request, speaker_id: str) -> Response:
        """The speaker page's merge form: ``token`` and ``other``; back to the page."""
        return await speaker_form(
            request, speaker_id, "merge", lambda form: {"other": (form.get("other") or [""])[0]}
        )

    @app.post("/speakers/{speaker_id}/split", include_in_schema=False)
    async def page_split(request: Request, speaker_id: str) -> Response:
        """The speaker page's split form: ``token`` and the ``name``s (``article``s) to
        move; to the new speaker's page."""
        return await speaker_form(
            request,
            speaker_id,
            "split",
            lambda form: {"names": form.get("name") or [], "articles": form.get("article") or []},
        )

    return app


def app_from_env() -> FastAPI:
    """The app factory used by ``saidwhat serve`` (settings from the environment).

    In a worker process of ``serve --workers N`` it first makes the worker exit with
    its parent (:func:`saidwhat.runtime.procs.die_with_parent`): killed with ``kill -9``, the
    parent used to leave its workers serving on the port.
    """
    import multiprocessing
    import os

    parent = multiprocessing.parent_process()
    if parent is not None and parent.pid is not None:
        from ..runtime.procs import die_with_parent

        die_with_parent(parent.pid, watch=True)

    return create_app(
        os.environ.get("SAIDWHAT_SERVE_DB", "saidwhat.db"),
        token=os.environ.get("SAIDWHAT_TOKEN") or None,
        max_body=int(os.environ.get("SAIDWHAT_SERVE_MAX_BODY", DEFAULT_MAX_BODY)),
        allowed_hosts=[h for h in os.environ.get("SAIDWHAT_SERVE_HOSTS", "").split(",") if h],
    )
