"""Options every command takes (the window, `check`, `export`, `--selftest`), defined once so
they read and behave the same everywhere."""

from __future__ import annotations

import argparse
from pathlib import Path

from app import paths


def add_common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config-dir", type=Path, metavar="DIR",
                        help="keep settings in DIR and data in DIR/data (portable use; the "
                             f"same as setting {paths.CONFIG_DIR_ENV}=DIR)")


def apply_common_options(args: argparse.Namespace) -> None:
    """Act on the common options; call once, right after parsing."""
    if args.config_dir is not None:
        paths.set_portable_root(args.config_dir)
