"""`humanize-writer models [--json]`: the models Model ▸ Choose Model… would list, without a
window: the built-in model, the files the writer added, and the GGUF models found on this
computer (app/llm/discovery.py). Reads directory listings and file headers only.

JSON output (`--json`) is one list, in the window's order:
    [{"name", "path", "size_bytes", "source", "quantisation", "chat_template", "fits_memory",
      "min_ram_gb", "architecture"}, ...]
`source` is one of built-in, added, lmstudio, ollama, gpt4all, jan, huggingface, folder;
`path` is null for the built-in model before its first use; `fits_memory` is null when the
installed memory is unknown. Exit status: 0.
"""

from __future__ import annotations

import argparse
import json

from app import paths
from app.cli_options import add_common_options, apply_common_options
from app.llm.discovery import SOURCE_LABELS, FoundModel, discover, memory_gb
from app.settings import SettingsStore


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="humanize-writer models",
        description="List the GGUF models on this computer that Humanize can use: the "
                    "built-in one, files you added, and models from LM Studio, Ollama, "
                    "GPT4All, Jan, the Hugging Face cache, ~/models and Downloads.",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON list")
    add_common_options(parser)  # --config-dir: whose added files and built-in model
    return parser


def added_models() -> list[str]:
    """The files the writer picked in the window, the one in use first."""
    store = SettingsStore(paths.config_dir())
    current = store.load_settings().model_path
    added = store.load_state().added_models
    return ([current] if current else []) + [p for p in added if p != current]


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    apply_common_options(args)
    models = discover(added_models())
    if args.json:
        print(json.dumps([m.to_json() for m in models], ensure_ascii=False, indent=2))
    else:
        print(format_models(models, memory_gb()))
    return 0


def format_models(models: list[FoundModel], ram_gb: float | None) -> str:
    memory = f"{ram_gb:.0f} GB of memory" if ram_gb else "unknown memory"
    lines = [f"{len(models)} model{'s' * (len(models) != 1)} (this computer: {memory})"]
    for m in models:
        fits = {True: "fits", False: f"needs {m.min_ram_gb:.0f} GB", None: "memory unknown"}
        traits = ", ".join(t for t in (
            _size(m.size_bytes), m.quantisation,
            "chat template" if m.chat_template else "no chat template",
            fits[m.fits_memory],
        ) if t)  # fmt: skip
        lines.append(f"  {m.name}  [{SOURCE_LABELS.get(m.source, m.source)}]  {traits}")
        lines.append(f"      {m.path or m.where}")
    return "\n".join(lines)


def _size(size: int) -> str:
    if not size:
        return ""
    return f"{size / 1e9:.1f} GB" if size >= 1e9 else f"{size / 1e6:.0f} MB"
