"""`humanize-writer voice …`: teach Humanize the writer's voice from the command line.

    voice learn NAME FILE... [--add]   learn a profile from sample files (--add: update it)
    voice list                         the profiles, the active one marked with *
    voice show NAME [--json]           what a profile measured, in words (or as JSON)
    voice use NAME                     make a profile the active one
    voice forget NAME                  remove a profile
Every subcommand takes --config-dir. The samples stay where they are; the profile keeps only
the measured features and the samples' paths (app/core/voice). Exit status: 0 done, 1 a file
or profile could not be read or written, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.cli_options import add_common_options, apply_common_options
from app.core.fileio import FileReadError
from app.core.voice import (
    VoiceStore,
    VoiceStoreError,
    describe_profile,
    favourite_phrases,
    favourite_words,
    learn_files,
)
from app.core.voice.features import summary
from app.core.voice.store import name_problem


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="humanize-writer voice",
        description="Teach Humanize your voice from your own writing, and manage the profiles.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    learn = commands.add_parser("learn", help="learn a profile from your own writing")
    learn.add_argument("name", help="the profile's name, e.g. work or personal")
    learn.add_argument("files", nargs="+", type=Path, metavar="FILE",
                       help="text or Markdown files you wrote")
    learn.add_argument("--add", action="store_true",
                       help="add these samples to the profile instead of starting it afresh")
    commands.add_parser("list", help="list the profiles (* marks the active one)")
    show = commands.add_parser("show", help="what a profile measured")
    show.add_argument("name")
    show.add_argument("--json", action="store_true", help="print one JSON object")
    use = commands.add_parser("use", help="make a profile the active one")
    use.add_argument("name")
    forget = commands.add_parser("forget", help="remove a profile")
    forget.add_argument("name")
    for sub in (learn, *(commands.choices[c] for c in ("list", "show", "use", "forget"))):
        add_common_options(sub)
    return parser


def main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    apply_common_options(args)
    store = VoiceStore()
    try:
        if args.command == "learn":
            problem = name_problem(args.name)
            if problem:
                parser.error(problem)
            return _learn(store, args.name, args.files, args.add)
        if args.command == "list":
            return _list(store)
        if args.command == "show":
            return _show(store, args.name, args.json)
        if args.command == "use":
            store.set_active(args.name)
            print(f"{store.active_name()} is now the active voice profile.")
            return 0
        return _forget(store, args.name)
    except VoiceStoreError as error:
        print(f"humanize-writer: {error}", file=sys.stderr)
        return 1


def _learn(store: VoiceStore, name: str, files: list[Path], add: bool) -> int:
    try:
        profile = learn_files(files, name)
    except FileReadError as error:
        print(f"humanize-writer: {error}", file=sys.stderr)
        return 1
    updated = add and store.has(name)
    if updated:
        profile = store.load(name).merged(profile)
    store.save(profile)
    what = "Updated" if updated else "Learned"
    active = " It is the active profile." if store.active_name() == profile.name else ""
    print(f"{what} the voice profile {profile.name} from {len(files)} "
          f"{'file' if len(files) == 1 else 'files'}.{active}")
    for line in describe_profile(profile):
        print(f"  {line}")
    return 0


def _list(store: VoiceStore) -> int:
    profiles = store.profiles()
    if not profiles:
        print("No voice profiles yet. Make one with: humanize-writer voice learn NAME FILE...")
        return 0
    active = (store.active_name() or "").casefold()
    for p in profiles:
        mark = "*" if p.name.casefold() == active else " "
        samples = "sample" if p.sample_count == 1 else "samples"
        print(f"{mark} {p.name}  {p.words:,} words from {p.sample_count} {samples}"
              f"  (updated {p.updated or 'unknown'})")
    return 0


def _show(store: VoiceStore, name: str, as_json: bool) -> int:
    profile = store.load(name)
    if as_json:
        data = {
            "name": profile.name,
            "active": (store.active_name() or "").casefold() == profile.name.casefold(),
            "samples": list(profile.samples),
            "sample_count": profile.sample_count,
            "updated": profile.updated,
            "features": summary(profile.counts),
            "favourite_words": [f.text for f in favourite_words(profile)],
            "favourite_phrases": [f.text for f in favourite_phrases(profile)],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"Voice profile {profile.name}")
    for line in describe_profile(profile):
        print(f"  {line}")
    if profile.samples:
        print("  Samples (read again for examples; they stay where they are):")
        for path in profile.samples:
            gone = "" if Path(path).is_file() else "  (not found)"
            print(f"    {path}{gone}")
    return 0


def _forget(store: VoiceStore, name: str) -> int:
    if not store.delete(name):
        print(f"humanize-writer: There is no voice profile called {name}.", file=sys.stderr)
        return 1
    print(f"Forgot the voice profile {name}. Its samples were not touched.")
    return 0
