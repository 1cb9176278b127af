"""Rebuild the bundled sample articles from the GUM Wikinews documents.

    python scripts/make_sample.py ../shared/data/gum-news src/saidwhat/sample afghan election korea

The texts are Wikinews (CC BY 2.5); paragraphs follow the ``# newpar`` marks
of GUM's conllu files, sentences their ``# text`` lines.
"""

from __future__ import annotations

import sys
from pathlib import Path


def conllu_text(path: Path) -> str:
    paras: list[list[str]] = []
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("# newpar") and not line.startswith("# newpar_"):
            paras.append([])
        elif line.startswith("# text = "):
            if not paras:
                paras.append([])
            paras[-1].append(line[len("# text = ") :])
    return "\n\n".join(" ".join(p) for p in paras if p) + "\n"


def main(src: str, out: str, *names: str) -> None:
    Path(out).mkdir(parents=True, exist_ok=True)
    for name in names:
        text = conllu_text(Path(src) / "dep" / f"GUM_news_{name}.conllu")
        Path(out, f"{name}.txt").write_text(text, "utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
