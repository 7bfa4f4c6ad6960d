"""Every NLP figure of issue 4 in one command: entities, quotes, events, stories and speed.

    python -m bench.nlp [--only entities,quotes,events,stories,speed]

Each part is its own script (``bench/nlp_entities.py`` and so on, runnable alone) that measures
newsradar beside its baseline in the same process and writes its own section of BENCHMARKS.md;
this runs them one after another so that one command refreshes them all. Speed is
``bench.throughput``: the whole enrichment against spaCy ``en_core_web_sm``'s own ``nlp.pipe`` over
the same texts on both cores.
"""

from __future__ import annotations

import argparse
import importlib
import time
from collections.abc import Callable

PARTS: dict[str, str] = {
    "entities": "bench.nlp_entities",
    "quotes": "bench.nlp_quotes",
    "events": "bench.nlp_events",
    "stories": "bench.nlp_stories",
    "speed": "bench.throughput",
}


def _runner(module: str) -> Callable[..., None]:
    main: Callable[..., None] = importlib.import_module(module).main
    return main


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.nlp", description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default=",".join(PARTS),
                    help=f"comma-separated parts to run (default: all of {', '.join(PARTS)})")
    args = ap.parse_args(argv)
    chosen = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = [p for p in chosen if p not in PARTS]
    if unknown:
        ap.error(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    for part in chosen:
        module = PARTS[part]
        print(f"== bench.nlp: {part} ({module})", flush=True)
        started = time.perf_counter()
        _runner(module)([])  # each part with its defaults
        print(f"== bench.nlp: {part} done in {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
