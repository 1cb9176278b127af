"""Speed benchmark: saidwhat's extraction against the bare spaCy pipeline, in one process.

Loads the PolNeAR dev texts (or, when PolNeAR is absent, the bundled sample
articles repeated up to ``--min-words``), times ``nlp.pipe`` of the same
spaCy model (the engine's own, without saidwhat's line-break component) with the
engine's batch size, then ``saidwhat.api.extract_many``
(``n_process=1``) over the same texts. The runs alternate (spaCy, saidwhat,
saidwhat, spaCy, ...) and the best time of each is kept. Prints one line::

    words=N spacy_words_per_s=A saidwhat_words_per_s=B ratio_vs_spacy_pipe=B/A peak_rss_mb=M

``cpu_ratio_vs_spacy_pipe`` follows: the same ratio from CPU time of this
process, which other processes on the machine disturb much less than wall time.
With ``--n-process 2`` it also times ``extract_many(n_process=2)`` and appends
``ratio_2proc_vs_1proc=R cores_busy=C`` where ``C`` is the CPU time of the
parent and the workers over the wall time (about 2 when both cores worked),
followed by ``cores_check=ok`` when ``C > 1.3`` and ``cores_check=FAIL``
otherwise.

Stance (issue 12, off by default in extraction) is timed too, in the same
alternation, unless ``--no-stance``: ``extract_many`` with ``[stance] enabled``
appends ``stance_words_per_s=S stance_ratio_vs_spacy_pipe=S/A
stance_ratio_vs_off=S/B stance_cpu_ratio_vs_off=... stance_pairs=P
stance_ms_per_pair=M stance_peak_rss_mb=R`` (P: statement-target pairs
classified; M: the extra wall time per pair; R: peak RSS with the stance model
loaded, while ``peak_rss_mb`` is the peak before it was).

The accurate tier (``[model] tier = "accurate"``: the stance step on
all-mpnet-base-v2) is timed the same way after it, unless ``--no-accurate`` or
``--no-stance``: ``accurate_words_per_s=W accurate_ratio_vs_spacy_pipe=W/A
accurate_ratio_vs_fast_stance=W/S accurate_cpu_ratio_vs_off=C accurate_ms_per_pair=M
accurate_peak_rss_mb=R``
(M: the extra wall time per pair over stance off; R: peak RSS of this process
once the accurate model is loaded as well -- an upper bound of the accurate
tier's own, since both stance models are then in memory).

``--tier accurate`` times the accurate tier as a whole instead: the ``saidwhat``
figures of the line are extraction with ``[model] tier = "accurate"`` (the cue and
link models over all-mpnet-base-v2 states, :mod:`saidwhat.extract.context`; stance
off), the ``stance_`` figures the same with the accurate stance model on (unless
``--no-stance``; no ``accurate_`` figures then), all against the bare spaCy pipeline
of the same run; ``peak_rss_mb`` is the tier's without stance and
``stance_peak_rss_mb`` with it (nothing of the fast tier's stance is loaded); the
line starts with ``tier=accurate runtime=R``, R the runtime of MPNet's layers
(``onnxruntime`` where installed, else ``numpy``; ``SAIDWHAT_ENCODER_RUNTIME=numpy``
forces NumPy, :func:`saidwhat.semantic.encoder.default_runtime`).

Usage: ``make bench`` or ``.venv/bin/python scripts/bench.py [--n-process 2]
[--max-words N] [--repeat 2] [--batch-size 16] [--polnear DIR] [--no-stance]``. Other processes on
the machine lower every figure, the 2-process ones most; the load average is
printed on stderr.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_POLNEAR = REPO.parent / "shared" / "data" / "polnear"
SAMPLE = REPO / "src" / "saidwhat" / "sample"


def load_texts(polnear: Path, *, min_words: int, max_words: int | None) -> tuple[list[str], str]:
    """The benchmark texts and a description of where they come from."""
    texts: list[str]
    if (polnear / "dev" / "text").is_dir():
        from saidwhat.evaluate.polnear import load_polnear

        texts = [a.text for a in load_polnear(polnear, "dev")]
        origin = f"PolNeAR dev ({len(texts)} articles)"
    else:
        sample = [p.read_text("utf-8") for p in sorted(SAMPLE.glob("*.txt"))]
        texts = []
        target = min(min_words, max_words) if max_words else min_words
        while sum(len(t.split()) for t in texts) < target:
            texts.extend(sample)
        origin = f"bundled sample repeated ({len(texts)} texts; PolNeAR not found at {polnear})"
    if max_words is not None:
        kept: list[str] = []
        total = 0
        for text in texts:
            room = max_words - total
            if room <= 0:
                break
            bounds = [m.end() for m in re.finditer(r"\S+", text)]
            if len(bounds) > room:
                text = text[: bounds[room - 1]]
            kept.append(text)
            total += len(text.split())
        texts = kept
    return texts, origin


def cpu_seconds() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polnear", type=Path, default=DEFAULT_POLNEAR)
    parser.add_argument("--n-process", type=int, default=1, choices=(1, 2))
    parser.add_argument("--repeat", type=int, default=2, help="timed runs of each (best kept)")
    parser.add_argument("--min-words", type=int, default=50_000)
    parser.add_argument("--max-words", type=int, default=None, help="cut the input (smoke tests)")
    parser.add_argument(
        "--batch-size", type=int, default=16, help="articles per extract_many batch (its default)"
    )
    parser.add_argument(
        "--no-stance", dest="stance", action="store_false", help="do not time stance on"
    )
    parser.add_argument(
        "--no-accurate",
        dest="accurate",
        action="store_false",
        help="do not time the accurate tier (all-mpnet-base-v2 stance)",
    )
    parser.add_argument(
        "--tier",
        choices=("fast", "accurate"),
        default="fast",
        help="the tier whose extraction is timed (accurate: MPNet spans and stance)",
    )
    args = parser.parse_args(argv)

    from saidwhat.api import extract_many
    from saidwhat.config import load_config
    from saidwhat.engine import get_engine
    from saidwhat.extract import segment
    from saidwhat.extract.stages.stance import make_stance
    from saidwhat.semantic.encoder import default_runtime

    texts, origin = load_texts(args.polnear, min_words=args.min_words, max_words=args.max_words)
    words = sum(len(t.split()) for t in texts)
    items = [(t, f"doc{i}") for i, t in enumerate(texts)]
    cfg = load_config()
    batch_size = int(cfg["nlp"]["batch_size"])
    print(
        f"# {origin}; {words} words; model {cfg['nlp']['model']}; batch_size {batch_size}; "
        f"method {cfg['extract']['method']}",
        file=sys.stderr,
    )

    config = {"model": {"tier": args.tier}} if args.tier != "fast" else None
    engine = get_engine(config)  # load the engine's models outside the timings
    # the bare pipeline is the engine's own spaCy model without saidwhat's component: a
    # second copy of the model would add its ~55 MB to the peak RSS of the tier measured
    nlp = engine.nlp
    if config:
        list(extract_many(items[:1], config=config))  # and the tier's encoder
    rss_off: list[float] = []  # peak RSS before the stance model is loaded

    cpu_times: dict[str, list[float]] = {"spacy": [], "saidwhat": [], "stance": [], "accurate": []}
    pairs = [0]
    rss_fast: list[float] = []  # peak RSS before the accurate model is loaded

    def run_spacy() -> float:
        start, cpu = time.perf_counter(), time.process_time()
        for _ in nlp.pipe(texts, batch_size=batch_size, disable=[segment.COMPONENT]):
            pass
        cpu_times["spacy"].append(time.process_time() - cpu)
        return time.perf_counter() - start

    def run_saidwhat(n_process: int = 1) -> float:
        start, cpu = time.perf_counter(), time.process_time()
        for _ in extract_many(
            items, n_process=n_process, batch_size=args.batch_size, config=config
        ):
            pass
        if n_process == 1:
            cpu_times["saidwhat"].append(time.process_time() - cpu)
        return time.perf_counter() - start

    def run_stance(tier: str = args.tier) -> float:
        from saidwhat.semantic import stance

        if not rss_off:  # the stance model loads outside the timings, after the off peak
            rss_off.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
            stance.load(tier=args.tier)
        if tier != args.tier and not rss_fast:
            rss_fast.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
            stance.load(tier=tier)
        # the same engine with the stance stage on (a second engine would double the RSS)
        stages = engine.analyzer.article_stages
        on = {"stance": {"enabled": True}, "model": {"tier": tier}}
        engine.analyzer.article_stages = [("stance", make_stance(on))]
        try:
            start, cpu = time.perf_counter(), time.process_time()
            n = 0
            for res in extract_many(items, batch_size=args.batch_size, config=config):
                n += sum(len(q.stance or ()) for q in res.quotes)
            cpu_times["stance" if tier == args.tier else tier].append(time.process_time() - cpu)
        finally:
            engine.analyzer.article_stages = stages
        pairs[0] = n
        return time.perf_counter() - start

    spacy_times: list[float] = []
    saidwhat_times: list[float] = []
    stance_times: list[float] = []
    accurate_times: list[float] = []
    for i in range(args.repeat):
        order = (run_spacy, run_saidwhat) if i % 2 == 0 else (run_saidwhat, run_spacy)
        for run in order:
            (spacy_times if run is run_spacy else saidwhat_times).append(run())
        if args.stance:
            stance_times.append(run_stance())
    if args.stance and args.accurate and args.tier == "fast":  # after every fast run (RSS)
        for _ in range(args.repeat):
            accurate_times.append(run_stance("accurate"))
    spacy_wps = words / min(spacy_times)
    saidwhat_wps = words / min(saidwhat_times)
    line = (
        (f"tier=accurate runtime={default_runtime('mpnet')} " if args.tier == "accurate" else "")
        + f"words={words} spacy_words_per_s={spacy_wps:.0f} "
        f"saidwhat_words_per_s={saidwhat_wps:.0f} "
        f"ratio_vs_spacy_pipe={saidwhat_wps / spacy_wps:.3f}"
    )

    # CPU time of this process: less disturbed than wall time by other processes
    extra = f" cpu_ratio_vs_spacy_pipe={min(cpu_times['spacy']) / min(cpu_times['saidwhat']):.3f}"
    if args.n_process == 2:
        best = float("inf")
        busy = 0.0
        for _ in range(args.repeat):
            self_before, kids_before = cpu_seconds()
            wall = run_saidwhat(2)
            self_after, kids_after = cpu_seconds()
            if wall < best:
                best = wall
                busy = ((self_after - self_before) + (kids_after - kids_before)) / wall
        ratio = min(saidwhat_times) / best
        extra += (
            f" ratio_2proc_vs_1proc={ratio:.3f} cores_busy={busy:.2f}"
            f" cores_check={'ok' if busy > 1.3 else 'FAIL'}"
        )

    if args.stance:
        stance_wps = words / min(stance_times)
        extra_ms = 1000 * (min(stance_times) - min(saidwhat_times)) / max(1, pairs[0])
        extra += (
            f" stance_words_per_s={stance_wps:.0f}"
            f" stance_ratio_vs_spacy_pipe={stance_wps / spacy_wps:.3f}"
            f" stance_ratio_vs_off={stance_wps / saidwhat_wps:.3f}"
            f" stance_cpu_ratio_vs_off="
            f"{min(cpu_times['saidwhat']) / min(cpu_times['stance']):.3f}"
            f" stance_pairs={pairs[0]} stance_ms_per_pair={extra_ms:.1f}"
        )
    if accurate_times:
        acc_wps = words / min(accurate_times)
        acc_ms = 1000 * (min(accurate_times) - min(saidwhat_times)) / max(1, pairs[0])
        extra += (
            f" accurate_words_per_s={acc_wps:.0f}"
            f" accurate_ratio_vs_spacy_pipe={acc_wps / spacy_wps:.3f}"
            f" accurate_ratio_vs_fast_stance={acc_wps / stance_wps:.3f}"
            f" accurate_cpu_ratio_vs_off="
            f"{min(cpu_times['saidwhat']) / min(cpu_times['accurate']):.3f}"
            f" accurate_ms_per_pair={acc_ms:.1f}"
        )

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"# load average at the end: {load} ({os.cpu_count()} cores)", file=sys.stderr)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    if rss_fast:
        extra += f" accurate_peak_rss_mb={peak_mb:.0f}"
        peak_mb = rss_fast[0]
    if rss_off:
        extra += f" stance_peak_rss_mb={peak_mb:.0f}"
        peak_mb = rss_off[0]
    print(f"{line} peak_rss_mb={peak_mb:.0f}{extra}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
