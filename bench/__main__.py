"""Run every bench (or the ones named): `python -m bench`, `python -m bench gauges`;
`python -m bench llm --server` times the model behind a local model server beside the local
engine, measured the same way (bench/llm_server.py)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from bench import BENCHES, ON_REQUEST


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"benches to run (default: all of {', '.join(BENCHES)}; "
                             f"{', '.join(ON_REQUEST)} only when named)")
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of each bench's timed part")
    parser.add_argument("--server", action="store_true",
                        help="llm only: the model behind llama-cpp-python's OpenAI-compatible "
                             "server beside the local engine (needs the server extra)")
    parser.add_argument("--minutes", type=float, default=10.0,
                        help="soak only: minutes per run (two runs: live suggestions on, off)")
    parser.add_argument("--stall-dump", metavar="FILE",
                        help="soak only: every thread's stack at each GUI stall over 100 ms")
    parser.add_argument("--memory-trace", metavar="FILE",
                        help="soak only: what Python allocated from the fifth minute on")
    parser.add_argument("--only", choices=("on", "off"),
                        help="soak only: one run, live suggestions on or off")
    parser.add_argument("--limit", type=int, default=0, metavar="N",
                        help="rewrites only: N paragraphs per set and no per-tone drafts")
    parser.add_argument("--show", type=int, default=0, metavar="N",
                        help="rewrites only: print N suggestions per set and approach")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(BENCHES) - set(ON_REQUEST))
    if unknown:
        parser.error(f"no bench named {', '.join(unknown)}; there are "
                     f"{', '.join(BENCHES + ON_REQUEST)}")
    # The benches drive real widgets; no window is shown.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.server and args.names != ["llm"]:
        parser.error("--server is a mode of the llm bench: python -m bench llm --server")
    for name in ["llm_server"] if args.server else args.names or BENCHES:
        module = importlib.import_module(f"bench.{name}")
        if name == "soak":
            module.run(profile=args.profile, minutes=args.minutes, stall_dump=args.stall_dump,
                       memory_trace=args.memory_trace, only=args.only)
        elif name == "rewrites":
            module.run(profile=args.profile, show=args.show, limit=args.limit)
        else:
            module.run(profile=args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
