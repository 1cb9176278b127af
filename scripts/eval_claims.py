"""Score claims about events against tests/data/claims_gold.jsonl (docs/claims.md).

    PYTHONPATH=src .venv/bin/python scripts/eval_claims.py [--polnear DIR] [--json]

PolNeAR (copyrighted, not in the repository) is read from --polnear, by
default ../shared/data/polnear; without it only the samples and the written
test texts are scored.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    from saidwhat.evaluate.claims import run

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(REPO / "tests" / "data" / "claims_gold.jsonl"))
    ap.add_argument("--polnear", default=str(REPO.parent / "shared" / "data" / "polnear"))
    ap.add_argument("--written", default=str(REPO / "tests" / "data" / "claims"))
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--errors", action="store_true", help="also list spurious and missed claims")
    args = ap.parse_args(argv)
    root = Path(args.polnear) if (Path(args.polnear) / "dev" / "text").is_dir() else None
    if root is None:
        print(
            f"PolNeAR not found at {args.polnear}: scoring samples and written texts",
            file=sys.stderr,
        )
    out = run(args.gold, polnear_root=root, written=args.written)
    if args.json:
        print(json.dumps(out))
        return 0
    c, p = out["claims"], out["conflict_pairs"]

    def prf(v: dict[str, float]) -> str:
        return f"P {v['p']:.3f}  R {v['r']:.3f}  (tp {v['tp']}, fp {v['fp']}, fn {v['fn']})"

    print(f"texts {out['texts']}, gold claims {out['gold_claims']}, gold pairs {out['gold_pairs']}")
    print(f"claims            {prf(c)}  F {c['f']:.3f}")
    for corpus, v in out["claims_by_corpus"].items():
        print(f"  {corpus:<15} {prf(v)}")
    m = out["matched"] or 1
    for what in ("claimant", "agent"):
        n = out[f"{what}_right"]
        print(f"{what + ' right':<17} {n}/{out['matched']} ({n / m:.0%})")
    print(f"conflict pairs    {prf(p)}")
    if args.errors:
        for e in out["errors"]:
            print(json.dumps(e))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
