"""One schema for SQLite and PostgreSQL (SQLAlchemy Core), with a version table.

Tables::

    schema_version   one row per applied migration
    articles         id = content hash of the text; metadata; text
    speakers         canonical speakers across articles (``key`` = normalised name)
    speaker_keys     every normalised name that leads to a speaker (merges move keys)
    entities         one row per entity of one article, linked to its canonical speaker
    mentions         character spans of an article entity
    entity_roles     each role/affiliation as stated in one article (with its date)
    quotes           one attributed statement; ``content`` is the joined contents text;
                     ``reporter_*``: its ``reported_by`` (migration 5)
    quote_spans      cue/source/content spans with offsets
    quote_targets    entities a statement is about (mentions inside its contents)
    corrections      log of user merges and splits (replayed rules live in
                     speaker_keys and pins)
    pins             (article, entity name) forced onto a speaker by a user split
    claims           claims about events (responsibility, blame, denial): claimant and
                     agent (article entity, canonical speaker, span), event, place,
                     time, ``event_key`` (kind|place, the block events are joined
                     in; migration 9)
    quote_vectors    a linkable (direct) statement: its article, the speaker it was linked
                     under and its sentence vector (float32 bytes; NULL without embeddings)
    quote_copies     two statements that are copies of one quote (same / near /
                     paraphrase), ``quote_a`` < ``quote_b`` (migration 10)

Full-text search is an FTS5 table ``quotes_fts`` on SQLite and a generated
``tsvector`` column with a GIN index on PostgreSQL, both created by migration 1.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

#: The schema version this code writes and reads.
SCHEMA_VERSION = 12

metadata = sa.MetaData()

schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("applied_at", sa.Text, nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("source_id", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("author", sa.Text),
    sa.Column("published", sa.String(32)),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("n_quotes", sa.Integer, nullable=False, default=0),
    sa.Column("warnings", sa.Text),
    sa.Column("ingested_at", sa.Text, nullable=False),
    sa.Index("ix_articles_published", "published"),
    sa.Index("ix_articles_outlet", "outlet"),
)

speakers = sa.Table(
    "speakers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.Text, nullable=False, unique=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("type", sa.String(8), nullable=False),
    sa.Column("surname", sa.Text),
    sa.Column("first", sa.Text),
    sa.Column("middle", sa.Text),
    sa.Column("suffix", sa.Text),
    sa.Column("n_quotes", sa.Integer, nullable=False, default=0),
    sa.Column("n_articles", sa.Integer, nullable=False, default=0),
    sa.Index("ix_speakers_surname", "type", "surname"),
    sa.Index("ix_speakers_first", "type", "first"),
    sa.Index("ix_speakers_rank", "n_quotes"),
)

speaker_keys = sa.Table(
    "speaker_keys",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("speaker_id", sa.Integer, sa.ForeignKey("speakers.id"), nullable=False),
    sa.Column("manual", sa.Boolean, nullable=False, default=False),
    sa.Index("ix_speaker_keys_speaker", "speaker_id"),
)

entities = sa.Table(
    "entities",
    metadata,
    sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id"), primary_key=True),
    sa.Column("local_id", sa.String(32), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("type", sa.String(8), nullable=False),
    sa.Column("speaker_id", sa.Integer, sa.ForeignKey("speakers.id")),
    sa.Column("n_mentions", sa.Integer, nullable=False, default=0),
    sa.Index("ix_entities_speaker", "speaker_id"),
)

mentions = sa.Table(
    "mentions",
    metadata,
    sa.Column("article_id", sa.String(64), primary_key=True),
    sa.Column("entity_id", sa.String(32), primary_key=True),
    sa.Column("start", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
)

entity_roles = sa.Table(
    "entity_roles",
    metadata,
    sa.Column("article_id", sa.String(64), primary_key=True),
    sa.Column("entity_id", sa.String(32), primary_key=True),
    sa.Column("kind", sa.String(12), primary_key=True),  # role | affiliation
    sa.Column("value", sa.Text, primary_key=True),
    sa.Column("value_norm", sa.Text, nullable=False),
    sa.Column("published", sa.String(32)),
    sa.Index("ix_entity_roles_norm", "value_norm"),
)

#: Roles and affiliations joined to the entity that holds them (and so its speaker).
roles_with_entities = entity_roles.join(
    entities,
    sa.and_(
        entities.c.article_id == entity_roles.c.article_id,
        entities.c.local_id == entity_roles.c.entity_id,
    ),
)

#: Columns of a statement's ``reported_by`` (migration 5): the reporter's entity in
#: its article, name as written, type, canonical speaker, and the cue and source spans.
REPORTER_COLUMNS: tuple[tuple[str, sa.types.TypeEngine[Any]], ...] = (
    ("reporter_entity", sa.String(32)),
    ("reporter_name", sa.Text()),
    ("reporter_type", sa.String(8)),
    ("reporter_id", sa.Integer()),
    ("reporter_cue", sa.Text()),
    ("reporter_cue_start", sa.Integer()),
    ("reporter_cue_end", sa.Integer()),
    ("reporter_source", sa.Text()),
    ("reporter_source_start", sa.Integer()),
    ("reporter_source_end", sa.Integer()),
)

quotes = sa.Table(
    "quotes",
    metadata,
    sa.Column("id", sa.String(100), primary_key=True),  # "<article id>:<Q1>"
    sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id"), nullable=False),
    sa.Column("local_id", sa.String(32), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("cue", sa.Text),
    sa.Column("cue_start", sa.Integer),
    sa.Column("cue_end", sa.Integer),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("speaker_entity", sa.String(32)),
    sa.Column("speaker_name", sa.Text),
    sa.Column("speaker_type", sa.String(8)),
    sa.Column("speaker_id", sa.Integer, sa.ForeignKey("speakers.id")),
    sa.Column("confidence", sa.Float, nullable=False, default=0.0),
    sa.Column("published", sa.String(32)),
    sa.Column("outlet", sa.Text),
    # reported_by ("X said Y, according to Z": Z); all NULL when the statement has none
    *(sa.Column(name, type_) for name, type_ in REPORTER_COLUMNS),
    sa.Index("ix_quotes_article", "article_id", "seq"),
    sa.Index("ix_quotes_speaker", "speaker_id", "published"),
    sa.Index("ix_quotes_reporter", "reporter_id"),
    sa.Index("ix_quotes_published", "published"),
)

quote_spans = sa.Table(
    "quote_spans",
    metadata,
    sa.Column("quote_id", sa.String(100), primary_key=True),
    sa.Column("role", sa.String(8), primary_key=True),  # source | content
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
)

#: Stance of a statement toward a target (issue 12): against / neutral / for and the
#: probability of that label; NULL when the extraction ran with stance off.
STANCE_COLUMNS: tuple[tuple[str, sa.types.TypeEngine[Any]], ...] = (
    ("stance", sa.String(8)),
    ("stance_prob", sa.Float()),
)

quote_targets = sa.Table(
    "quote_targets",
    metadata,
    sa.Column("quote_id", sa.String(100), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("entity_id", sa.String(32)),
    sa.Column("speaker_id", sa.Integer),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("type", sa.String(8)),
    *(sa.Column(name, type_) for name, type_ in STANCE_COLUMNS),
    sa.Index("ix_quote_targets_speaker", "speaker_id"),
    sa.Index("ix_quote_targets_stance", "stance"),
)

corrections = sa.Table(
    "corrections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("op", sa.String(8), nullable=False),
    sa.Column("args", sa.Text, nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
)

pins = sa.Table(
    "pins",
    metadata,
    sa.Column("article_id", sa.String(64), primary_key=True),
    sa.Column("name_key", sa.Text, primary_key=True),
    sa.Column("speaker_id", sa.Integer, sa.ForeignKey("speakers.id"), nullable=False),
)

#: A statement that takes part in copy links (saidwhat.semantic.copies): the speaker its links
#: were computed under (re-linked when merges or splits move it) and its sentence vector.
quote_vectors = sa.Table(
    "quote_vectors",
    metadata,
    sa.Column("quote_id", sa.String(100), primary_key=True),
    sa.Column("article_id", sa.String(64), nullable=False),
    sa.Column("speaker_id", sa.Integer),
    sa.Column("vector", sa.LargeBinary),
    sa.Index("ix_quote_vectors_speaker", "speaker_id"),
)

#: Copies of one quote across articles, stored once per pair (quote_a < quote_b).
quote_copies = sa.Table(
    "quote_copies",
    metadata,
    sa.Column("quote_a", sa.String(100), primary_key=True),
    sa.Column("quote_b", sa.String(100), primary_key=True),
    sa.Column("kind", sa.String(12), nullable=False),  # same | near | paraphrase
    sa.Column("score", sa.Float, nullable=False),
    sa.Index("ix_quote_copies_b", "quote_b"),
)


def _span_columns(prefix: str) -> list[sa.Column[Any]]:
    return [
        sa.Column(f"{prefix}_text", sa.Text),
        sa.Column(f"{prefix}_start", sa.Integer),
        sa.Column(f"{prefix}_end", sa.Integer),
    ]


def _party_columns(prefix: str) -> list[sa.Column[Any]]:
    """An article entity (local id, name, type), its canonical speaker and its span."""
    return [
        sa.Column(f"{prefix}_entity", sa.String(32)),
        sa.Column(f"{prefix}_name", sa.Text),
        sa.Column(f"{prefix}_type", sa.String(8)),
        sa.Column(f"{prefix}_id", sa.Integer),
        *_span_columns(prefix),
    ]


claims = sa.Table(
    "claims",
    metadata,
    sa.Column("id", sa.String(100), primary_key=True),  # "<article id>:<C1>"
    sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id"), nullable=False),
    sa.Column("local_id", sa.String(32), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("act", sa.String(16), nullable=False),  # responsibility | blame | denial
    *_span_columns("trigger"),
    *_span_columns("sentence"),
    *_party_columns("claimant"),
    *_party_columns("agent"),
    *_span_columns("event"),
    sa.Column("event_kind", sa.Text),
    sa.Column("event_ref", sa.String(32)),  # the article's event ("V1")
    sa.Column("event_key", sa.Text, nullable=False),  # "<kind>|<place>" of that event
    *_span_columns("place"),
    *_span_columns("time"),
    sa.Column("quote_id", sa.String(100)),  # the statement the claim is made in
    sa.Column("published", sa.String(32)),
    sa.Column("outlet", sa.Text),
    sa.Index("ix_claims_article", "article_id", "seq"),
    sa.Index("ix_claims_event_key", "event_key"),
)


def _fts_sqlite(conn: Connection) -> None:
    """FTS5 over statement contents: words stemmed (``porter``), accents folded; an
    index row's rowid is its statement's ``quotes.rowid``."""
    conn.exec_driver_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5("
        "content, quote_id UNINDEXED, tokenize='porter unicode61 remove_diacritics 2')"
    )


def _fts_postgres(conn: Connection) -> None:
    conn.exec_driver_sql(
        "ALTER TABLE quotes ADD COLUMN IF NOT EXISTS tsv tsvector "
        "GENERATED ALWAYS AS (to_tsvector('english', content)) STORED"
    )
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_quotes_tsv ON quotes USING gin (tsv)")


#: Names whose speakers :func:`saidwhat.store.write.reconcile` must settle again, stored
#: with the rows that made them uncertain: a run stopped before its reconcile (kill -9,
#: Ctrl-C) leaves them here for the next run or ``saidwhat reconcile`` (issue 20.2).
pending_names = sa.Table(
    "pending_names",
    metadata,
    sa.Column("word", sa.Text, primary_key=True),
)


def _migration_1(conn: Connection) -> None:
    metadata.create_all(conn)
    if conn.dialect.name == "sqlite":
        _fts_sqlite(conn)
    elif conn.dialect.name == "postgresql":
        _fts_postgres(conn)


def _migration_2(conn: Connection) -> None:
    """speakers.suffix: generational suffixes ("Jr.") tell people apart."""
    cols = {c["name"] for c in sa.inspect(conn).get_columns("speakers")}
    if "suffix" not in cols:
        conn.exec_driver_sql("ALTER TABLE speakers ADD COLUMN suffix TEXT")


def _migration_3(conn: Connection) -> None:
    """Case-insensitive name lookups (``--about``, speaker names) use indexes."""
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_quote_targets_lname ON quote_targets (lower(name))"
    )
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_entities_lname ON entities (lower(name))")


def _migration_4(conn: Connection) -> None:
    """PostgreSQL: indexes in the order results are listed (newest first, undated last),
    so a frequent search word or a busy speaker reads the newest rows only."""
    if conn.dialect.name != "postgresql":
        return  # SQLite's default DESC order already puts NULLs last: ix_quotes_* serve
    # Also gives the planner statistics on case-insensitive outlet filters.
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_quotes_loutlet ON quotes (lower(outlet))")
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_quotes_newest ON quotes (published DESC NULLS LAST, id)"
    )
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_quotes_speaker_newest"
        " ON quotes (speaker_id, published DESC NULLS LAST, id)"
    )


def _migration_5(conn: Connection) -> None:
    """quotes.reporter_*: who reported a statement that is someone else's (``reported_by``)."""
    cols = {c["name"] for c in sa.inspect(conn).get_columns("quotes")}
    for name, type_ in REPORTER_COLUMNS:
        if name not in cols:
            ddl = type_.compile(dialect=conn.dialect)
            conn.exec_driver_sql(f"ALTER TABLE quotes ADD COLUMN {name} {ddl}")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_quotes_reporter ON quotes (reporter_id)")


def _migration_6(conn: Connection) -> None:
    """Speakers by first name: a given name alone looks up the people of that name."""
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_speakers_first ON speakers (type, first)")


def _migration_7(conn: Connection) -> None:
    """Roles by normalised value: who else holds a role (duplicate suggestions)."""
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_entity_roles_norm ON entity_roles (value_norm)"
    )


def _migration_8(conn: Connection) -> None:
    """quote_targets.stance / stance_prob: the stance toward each target (issue 12)."""
    cols = {c["name"] for c in sa.inspect(conn).get_columns("quote_targets")}
    for name, type_ in STANCE_COLUMNS:
        if name not in cols:
            ddl = type_.compile(dialect=conn.dialect)
            conn.exec_driver_sql(f"ALTER TABLE quote_targets ADD COLUMN {name} {ddl}")
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_quote_targets_stance ON quote_targets (stance)"
    )


def _migration_9(conn: Connection) -> None:
    """claims: claims of responsibility, blame and denial about events (issue 12)."""
    claims.create(conn, checkfirst=True)
    for ix in claims.indexes:
        ix.create(conn, checkfirst=True)


def _migration_10(conn: Connection) -> None:
    """quote_vectors and quote_copies: the same quote across outlets (issue 12)."""
    for table in (quote_vectors, quote_copies):
        table.create(conn, checkfirst=True)


def _migration_11(conn: Connection) -> None:
    """SQLite: the full-text index stems words (porter) and shares the statements' rowids
    (issue 19); rebuilt from the stored statements. PostgreSQL's ``tsvector`` already stems."""
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("DROP TABLE IF EXISTS quotes_fts")
    _fts_sqlite(conn)
    conn.exec_driver_sql(
        "INSERT INTO quotes_fts (rowid, content, quote_id) SELECT rowid, content, id FROM quotes"
    )


def _migration_12(conn: Connection) -> None:
    """pending_names: the names a write left for reconcile, durable (issue 20.2)."""
    pending_names.create(conn, checkfirst=True)


#: version -> function that brings the schema from version-1 to version. Migration 1
#: creates the current tables, so later migrations check before altering.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: _migration_1,
    2: _migration_2,
    3: _migration_3,
    4: _migration_4,
    5: _migration_5,
    6: _migration_6,
    7: _migration_7,
    8: _migration_8,
    9: _migration_9,
    10: _migration_10,
    11: _migration_11,
    12: _migration_12,
}


def current_version(conn: Connection) -> int:
    """The highest applied migration, 0 for an empty database."""
    if not sa.inspect(conn).has_table("schema_version"):
        return 0
    v = conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar()
    return int(v or 0)


def migrate(conn: Connection, *, now: str) -> int:
    """Apply every migration not recorded in ``schema_version``, in order (also one below
    the highest applied: each checks before it creates or alters)."""
    applied: set[int] = set()
    if current_version(conn):
        applied = {int(v) for v in conn.execute(sa.select(schema_version.c.version)).scalars()}
    for v in sorted(MIGRATIONS):
        if v not in applied:
            MIGRATIONS[v](conn)
            conn.execute(schema_version.insert().values(version=v, applied_at=now))
    return max(MIGRATIONS)
