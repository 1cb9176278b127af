"""The extraction engine: spaCy parse, attribution finding, speaker resolution.

Stages (one module each under :mod:`saidwhat.extract`):

1. ``quotemarks``: quoted passages and warnings for unsound marks (text only);
2. ``tagger`` (method ``neural``, with ``rules`` as a backoff) or ``rules``
   alone: cue / source / content spans grouped into attributions;
3. ``speakers``: entities of the article, each source resolved to one;
4. assembly into :class:`~saidwhat.records.ArticleResult` records.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .config import load_config
from .errors import Errors, ModelError
from .extract import rules
from .extract.attributions import Attribution, kind_of, tidy_cues, tidy_sources
from .extract.claims import FoundClaim, find_claims, lede_place, link_events
from .extract.continuity import (
    Resolved,
    add_reported,
    continue_quotes,
    cut_at_paragraphs,
    first_person_in_quotes,
    share_contents,
    unnest,
)
from .extract.lexicon import REPORTING_VERBS
from .extract.quotemarks import find_quoted
from .extract.runs import restore_span_texts, tame_runs
from .extract.speakers import ArticleEntities, is_dateline
from .readers import ArticleInput
from .records import ArticleResult, Claim, Entity, Quote, Reporter, Speaker, TextSpan

#: extraction methods (``extract.method``): the neural tagger with the rules as its
#: backoff, or the rules alone
METHODS = ("neural", "rules")
_ENGINES: dict[str, Engine] = {}


def get_engine(config: Mapping[str, Any] | None = None) -> Engine:
    """A cached engine for this configuration (one per process)."""
    key = json.dumps(config or {}, sort_keys=True, default=str)
    if key not in _ENGINES:
        _ENGINES[key] = Engine(load_config(config))
    return _ENGINES[key]


def load_nlp(name: str) -> Language:
    import spacy

    try:
        return spacy.load(name)
    except Exception as exc:  # OSError for a missing package, others for broken ones
        raise ModelError(Errors.E010.format(name=name, reason=exc)) from exc


def chunk_text(text: str, limit: int) -> list[tuple[int, str]]:
    """Split a long text at paragraph (or line, or space) boundaries into pieces <= limit."""
    if len(text) <= limit:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + limit)
        if end < len(text):
            window = text[pos:end]
            cut = max(window.rfind("\n\n"), window.rfind("\n"))
            if cut < limit // 4:
                cut = window.rfind(" ")
            if cut > limit // 4:
                end = pos + cut + 1
        pieces.append((pos, text[pos:end]))
        pos = end
    return pieces


class Analyzer:
    """Everything after the spaCy parse: attributions, speakers, records."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = config
        self.method = config["extract"]["method"]
        self.rule_backoff = bool(config["extract"].get("rule_backoff", True))
        self.max_quote_chars = int(config["extract"]["max_quote_chars"])
        self.min_confidence = float(config["extract"].get("min_confidence", 0.0))
        self.min_cue_prob = float(config["extract"].get("min_cue_prob", 0.0))
        self.tagger = None
        if self.method not in METHODS:
            raise ModelError(Errors.E064.format(method=self.method, options=", ".join(METHODS)))
        if self.method == "neural":
            from .extract.tagger import load_tagger

            self.tagger = load_tagger(config["extract"].get("tagger_path") or None)

    def analyse(self, article: ArticleInput, docs: list[tuple[int, Doc]]) -> ArticleResult:
        """One article's result from its parsed chunks ``(offset, doc)``."""
        quotes: list[Quote] = []
        entities: list[Entity] = []
        claims: list[Claim] = []
        warnings = list(article.warnings)
        if len(docs) > 1:
            warnings.append(f"text analysed in {len(docs)} chunks")
        for offset, doc in docs:
            q, e, c, w = self._analyse_doc(doc, offset, len(quotes), len(entities), len(claims))
            quotes.extend(q)
            entities.extend(e)
            claims.extend(c)
            warnings.extend(w)
        return ArticleResult(
            id=article.id,
            text=article.text,
            quotes=tuple(quotes),
            entities=tuple(entities),
            warnings=tuple(warnings),
            meta=dict(article.meta),
            claims=tuple(link_events(claims, lede=self._lede(docs) if claims else None)),
        )

    @staticmethod
    def _lede(docs: list[tuple[int, Doc]]) -> TextSpan | None:
        """The place the article's lede names (claims of attacks and accidents)."""
        if not docs:
            return None
        offset, doc = docs[0]
        found = lede_place(doc)
        if found is None:
            return None
        s, e = found
        return TextSpan(s + offset, e + offset, doc.text[s:e])

    def find_attributions(
        self, doc: Doc, text: str | None = None
    ) -> tuple[list[Attribution], list[str]]:
        """Attributions found in ``doc`` and warnings; ``text`` is ``doc.text`` when the
        caller has it (``Doc.text`` joins every token each time it is read)."""
        if text is None:
            text = doc.text
        quoted, warnings = find_quoted(text, max_chars=self.max_quote_chars)
        if self.tagger is not None:
            atts = self.tagger.attributions(doc, quoted, text)
            if self.rule_backoff:
                strict = list(rules.find_attributions(doc, quoted, strict=True))
                atts = add_uncovered(atts, strict, len(text))
                atts = add_reported(text, atts, strict)
            inherit_conj_sources(doc, atts)
        else:
            atts = list(rules.find_attributions(doc, quoted))
        if self.tagger is None or self.rule_backoff:
            atts = add_uncovered(
                atts,
                rules.find_punctuation_attributions(doc, quoted, text),
                len(text),
                over_contents=self.tagger is not None,
            )
        tidy_sources(text, atts)
        tidy_cues(text, atts)
        cut_at_paragraphs(text, atts)
        share_contents(text, atts)
        atts = [a for a in atts if a.contents and any(e > s for s, e in a.contents)]
        qspans = [(q.start, q.end) for q in quoted]
        for a in atts:
            a.kind = kind_of(text, a.contents, qspans)
        return atts, warnings

    def _analyse_doc(
        self, doc: Doc, offset: int, q_base: int, e_base: int, c_base: int = 0
    ) -> tuple[list[Quote], list[Entity], list[Claim], list[str]]:
        text = doc.text
        atts, warnings = self.find_attributions(doc, text)
        ents = ArticleEntities(doc)
        atts = [a for a in atts if not (a.sources and is_dateline(doc, *a.sources[0]))]
        resolved = []
        # in text order: "he added" goes to the speaker reported just before
        for a in sorted(atts, key=_attribution_at):
            cluster, conf = (None, 0.0)
            if a.sources:
                cluster, conf = ents.resolve(doc, a.sources[0], a.source_token)
            resolved.append(Resolved(a, cluster, conf))
        resolved = first_person_in_quotes(text, resolved)
        resolved = continue_quotes(text, unnest(text, resolved))
        # claims about events (a regular expression first: the parse is read at hits only)
        found = list(find_claims(doc, text))
        holders = [_claim_parties(doc, ents, f, resolved) for f in found]
        used = {id(r.speaker) for r in resolved if r.speaker is not None}
        used |= {id(c) for pair in holders for c in pair[:2] if c is not None}
        used |= {id(r.reporter.speaker) for r in resolved if r.reporter and r.reporter.speaker}
        # what the statements are about: a named organisation, place or group is kept
        # when a mention of it lies inside some content (the store's targets)
        spans = [span for r in resolved for span in r.att.contents]
        keep = [
            c
            for c in ents.clusters
            if id(c) in used
            or c.type == "PERSON"
            or (c.type in _TARGET_TYPES and _inside_any(c.mentions, spans))
        ]
        ids = {id(c): f"E{e_base + n}" for n, c in enumerate(keep, start=1)}

        def span(s: int, e: int) -> TextSpan:
            return TextSpan(s + offset, e + offset, text[s:e])

        def speaker_of(cluster: Any) -> Speaker | None:
            if cluster is None:
                return None
            return Speaker(ids[id(cluster)], cluster.name, cluster.type)

        entities = [
            Entity(
                id=ids[id(c)],
                name=c.name,
                type=c.type,  # type: ignore[arg-type]
                roles=tuple(c.roles),
                affiliations=tuple(c.affiliations),
                mentions=tuple(span(s, e) for s, e in sorted(c.mentions)),
            )
            for c in keep
        ]
        quotes = []
        resolved = [r for r in resolved if _confidence(r) >= self.min_confidence]
        if self.tagger is not None and self.min_cue_prob > 0:
            probs = self.tagger.neural.cue_probs
            resolved = [
                r
                for r in resolved
                if _named(r) or _speech_cue(doc, r.att, probs, self.min_cue_prob)
            ]
        for n, r in enumerate(resolved, start=1):
            a, rep = r.att, r.reporter
            reporter = None
            if rep is not None:
                reporter = Reporter(
                    speaker=speaker_of(rep.speaker),
                    cue=span(*rep.att.cue) if rep.att.cue else None,
                    source=span(*rep.att.sources[0]) if rep.att.sources else None,
                )
            quotes.append(
                Quote(
                    id=f"Q{q_base + n}",
                    kind=a.kind,  # type: ignore[arg-type]
                    cue=span(*a.cue) if a.cue else None,
                    sources=tuple(span(s, e) for s, e in a.sources),
                    contents=tuple(span(s, e) for s, e in a.contents),
                    speaker=speaker_of(r.speaker),
                    confidence=_confidence(r),
                    reported_by=reporter,
                )
            )
        qid_of = {id(r.att): q.id for r, q in zip(resolved, quotes)}
        claims = []
        for n, (f, (claimant, agent, stmt)) in enumerate(zip(found, holders), start=1):
            claims.append(
                Claim(
                    id=f"C{c_base + n}",
                    act=f.act,  # type: ignore[arg-type]
                    trigger=span(*f.trigger),
                    sentence=span(*f.sentence),
                    claimant=speaker_of(claimant),
                    claimant_span=span(*f.claimant) if f.claimant else None,
                    agent=speaker_of(agent),
                    agent_span=span(*f.agent) if f.agent else None,
                    event=span(*f.event) if f.event else None,
                    event_kind=f.event_kind,
                    event_ref="",
                    place=span(*f.place) if f.place else None,
                    time=span(*f.time) if f.time else None,
                    quote=qid_of.get(id(stmt.att)) if stmt is not None else None,
                )
            )
        warnings = [_shift_warning(w, offset) for w in warnings]
        return quotes, entities, claims, warnings


class Engine:
    """The spaCy pipeline plus the :class:`Analyzer`; :meth:`extract_batch` is the hot path."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = config
        self.nlp = load_nlp(config["nlp"]["model"])
        self.max_chunk = int(config["nlp"]["max_chunk_chars"])
        self.nlp.max_length = max(self.nlp.max_length, self.max_chunk + 1)
        self.batch_size = int(config["nlp"]["batch_size"])
        self.analyzer = Analyzer(config)
        self.stance = bool((config.get("stance") or {}).get("enabled", False))
        # the model tier decides which stance model runs (saidwhat.stance.TIERS)
        self.tier = str((config.get("model") or {}).get("tier", "fast"))

    def extract(self, article: ArticleInput) -> ArticleResult:
        return self.extract_batch([article])[0]

    def extract_batch(self, articles: Sequence[ArticleInput]) -> list[ArticleResult]:
        jobs: list[tuple[int, int, str]] = []  # (article index, offset, text)
        for n, art in enumerate(articles):
            for off, piece in chunk_text(art.text, self.max_chunk):
                jobs.append((n, off, piece))
        per_article: list[list[tuple[int, Doc]]] = [[] for _ in articles]
        # long punctuation runs are cut (same length) to keep the tokenizer linear
        docs = self.nlp.pipe((tame_runs(p) for _, _, p in jobs), batch_size=self.batch_size)
        for (n, off, _), doc in zip(jobs, docs):
            per_article[n].append((off, doc))
        results = [
            restore_span_texts(self.analyzer.analyse(art, per_article[n]))
            for n, art in enumerate(articles)
        ]
        if self.stance:
            from .stance import annotate

            results = annotate(results, tier=self.tier)
        return results


def add_uncovered(
    atts: list[Attribution],
    extra: Iterable[Attribution],
    length: int,
    *,
    over_contents: bool = False,
) -> list[Attribution]:
    """Add rule-found attributions whose cue no learned span covers (rare or British verbs).

    With ``over_contents`` (punctuation attributions: a dash after a quotation, a
    speaker label opening a line) only learned cues and sources block one: a
    learned content that runs over it is cut where it starts, as a new speaker's
    turn or signature ends the statement before it.
    """
    covered = bytearray(length + 1)

    def cover(r: tuple[int, int]) -> None:
        covered[r[0] : r[1]] = b"\x01" * (r[1] - r[0])

    for a in atts:
        for r in ([a.cue] if a.cue else []) + a.sources + ([] if over_contents else a.contents):
            cover(r)
    out = list(atts)
    for b in extra:
        if b.cue is None or any(covered[b.cue[0] : b.cue[1]]):
            continue
        if over_contents:
            cut = min(b.cue[0], *(s for s, _ in b.sources))
            for a in out:
                pieces = [(s, min(e, cut)) if s < cut < e else (s, e) for s, e in a.contents]
                a.contents = [(s, e) for s, e in pieces if not (cut <= s < b.cue[1])]
            out = [a for a in out if a.contents]
        b.confidence *= 0.8
        out.append(b)
        for r in [b.cue, *b.sources, *b.contents]:
            cover(r)
    return out


def inherit_conj_sources(doc: Doc, atts: list[Attribution]) -> None:
    """ "X declined to comment but insisted ...": a conjoined cue shares its subject."""
    by_token = {}
    for a in atts:
        if a.cue is not None:
            span = doc.char_span(a.cue[0], a.cue[1], alignment_mode="expand")
            if span is not None:
                by_token[span.root.i] = a
    for i, a in by_token.items():
        if a.sources:
            continue
        tok = doc[i]
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
            other = by_token.get(tok.i)
            if other is not None and other.sources:
                a.sources = list(other.sources)
                a.source_token = other.source_token
                break


def _speech_cue(doc: Doc, a: Attribution, probs: Mapping[str, float], least: float) -> bool:
    """Keep a reported (unquoted) statement only when its cue is a reporting verb or
    a word that is a cue at least ``least`` of the time in the training data:
    "decided to", "first arrested", "wants to" report actions, not statements."""
    if a.kind != "indirect" or a.cue is None:
        return True
    span = doc.char_span(a.cue[0], a.cue[1], alignment_mode="expand")
    if span is None:
        return True
    lemma = span.root.lemma_.lower()
    return lemma in REPORTING_VERBS or probs.get(lemma, 0.0) >= least


def _claim_parties(
    doc: Doc, ents: ArticleEntities, f: FoundClaim, resolved: Sequence[Resolved]
) -> tuple[Any, Any, Resolved | None]:
    """A claim's claimant and agent as article entities (clusters; None when not
    resolved), and the statement it is made in (if any).

    The statement is the one whose cue is the claim's trigger ("X blamed Y",
    the statement of X) or, failing that, the one whose content holds the
    trigger. The claimant is that statement's resolved speaker when the claim is
    a reported statement ("Z said Y was behind it") or the trigger is its cue;
    otherwise the entity its own subject names. The agent is the entity named
    in the agent phrase (a group named inside "a Taliban spokesman" included).
    """
    t0, t1 = f.trigger
    stmt = next((r for r in resolved if r.att.cue and r.att.cue[0] <= t0 < r.att.cue[1]), None)
    if stmt is None:
        stmt = next(
            (r for r in resolved if any(s <= t0 and t1 <= e for s, e in r.att.contents)), None
        )
    own = f.claimant is not None and f.claimant_head is not None
    claimant = None
    if stmt is not None and (f.reported or not own or (stmt.att.cue and stmt.att.cue[0] <= t0)):
        claimant = stmt.speaker
    if claimant is None and own and f.claimant is not None:
        claimant = _entity_in(doc, ents, f.claimant, f.claimant_head)
        if claimant is None:
            claimant, _ = ents.resolve(doc, f.claimant, f.claimant_head)
    if f.agent_is_claimant:
        # "a Taliban spokesman denied ...": the group named in the claimant phrase
        group = None
        if f.claimant is not None:
            sp = doc.char_span(f.claimant[0], f.claimant[1], alignment_mode="expand")
            group = next(
                (
                    c
                    for t in sp or ()
                    if (c := ents.cluster_at(t)) is not None and c.type in _TARGET_TYPES
                ),
                None,
            )
        agent = group or claimant
    elif f.agent is not None:
        agent = _entity_in(doc, ents, f.agent, f.agent_head)
    else:
        agent = None
    return claimant, agent, stmt


def _entity_in(doc: Doc, ents: ArticleEntities, span: tuple[int, int], head: int | None) -> Any:
    """The entity named at ``head``, else the first named inside ``span``, else
    the first named in the head's whole phrase ("a group calling itself X": X)."""
    if head is not None:
        c = ents.cluster_at(doc[head])
        if c is not None:
            return c
    sp = doc.char_span(span[0], span[1], alignment_mode="expand")
    found = next((c for t in sp or () if (c := ents.cluster_at(t)) is not None), None)
    if found is None and head is not None:
        found = next((c for t in doc[head].subtree if (c := ents.cluster_at(t)) is not None), None)
    return found


#: Entity types kept in the output when a statement's content mentions them.
_TARGET_TYPES = frozenset({"ORG", "GPE", "NORP"})


def _inside_any(mentions: list[tuple[int, int]], spans: list[tuple[int, int]]) -> bool:
    """Whether some mention lies wholly inside one of ``spans``."""
    return any(s <= ms and me <= e for ms, me in mentions for s, e in spans)


def _named(r: Resolved) -> bool:
    return r.speaker is not None and r.speaker.type != "UNNAMED"


def _confidence(r: Resolved) -> float:
    """A statement's confidence: the attribution's, lowered when its speaker is unsure
    or unknown."""
    a = r.att
    if a.sources or r.speaker is not None:
        return a.confidence * (0.5 + 0.5 * r.confidence)
    return a.confidence * 0.5


def _attribution_at(a: Attribution) -> int:
    """Where an attribution is made: its source, else its cue, else its content."""
    pts = [s for s, _ in a.sources] or ([a.cue[0]] if a.cue else []) or [s for s, _ in a.contents]
    return min(pts) if pts else 0


def _shift_warning(w: str, offset: int) -> str:
    if not offset:
        return w
    return re.sub(r"at character (\d+)", lambda m: f"at character {int(m.group(1)) + offset}", w)
