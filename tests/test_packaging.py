"""What `make package` uses (the PyInstaller spec, its hooks, install.sh) is consistent with the
app. The bundle itself is built and self-tested by `make package`, not by the suite: building
it takes minutes and a second llama.cpp build."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from app.about_info import DEPENDENCIES

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "humanize.spec"


def test_the_spec_and_hooks_are_valid_python():
    for path in [SPEC, *sorted((PACKAGING / "hooks").glob("hook-*.py"))]:
        compile(path.read_text(encoding="utf-8"), str(path), "exec")


def test_the_bundle_carries_the_metadata_help_about_reads():
    spec = SPEC.read_text(encoding="utf-8")
    for distribution, _purpose, _licence in DEPENDENCIES:
        assert f'"{distribution}"' in spec, f"{distribution} metadata is not bundled"
    assert '"humanize-writer"' in spec


def test_the_spec_ships_what_the_app_reads_from_disk():
    spec = SPEC.read_text(encoding="utf-8")
    assert '(str(ROOT / "app" / "resources"), "app/resources")' in spec
    # The joined model and its marker go where app.llm.model_store.shipped_model looks.
    assert '(str(model), "app/resources/models")' in spec
    assert '(str(marker), "app/resources/models")' in spec


def test_the_llama_hook_finds_the_installed_libraries():
    import re

    import llama_cpp

    hook = (PACKAGING / "hooks" / "hook-llama_cpp.py").read_text(encoding="utf-8")
    wanted = re.compile(re.search(r're\.compile\(r"(.+)"\)', hook).group(1))
    lib = Path(llama_cpp.__file__).parent / "lib"
    names = {p.name for p in lib.iterdir() if wanted.match(p.name)}
    suffix = {"posix": ".so", "nt": ".dll"}.get(os.name, ".dylib")
    assert f"libllama{suffix}" in names and f"libggml{suffix}" in names


def _fake_bundle(folder: Path) -> Path:
    """The layout `make package` leaves in dist/humanize-writer/, with a stand-in program."""
    shutil.copy(PACKAGING / "install.sh", folder / "install.sh")
    program = folder / "humanize-writer"
    program.write_text("#!/bin/sh\necho humanize\n", encoding="utf-8")
    program.chmod(0o755)
    (folder / "share" / "applications").mkdir(parents=True)
    (folder / "share" / "metainfo").mkdir()
    shutil.copy(PACKAGING / "humanize-writer.desktop", folder / "share" / "applications")
    shutil.copy(PACKAGING / "io.github.humanize.Humanize.metainfo.xml",
                folder / "share" / "metainfo")
    shutil.copytree(PACKAGING / "icons", folder / "share" / "icons")
    return program


@pytest.mark.skipif(os.name != "posix", reason="install.sh is for Linux desktops")
def test_install_sh_puts_the_app_in_the_menu_and_takes_it_out(tmp_path):
    bundle = tmp_path / "Humanize folder"  # a space in the path must survive
    bundle.mkdir()
    program = _fake_bundle(bundle)
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}

    done = subprocess.run(["sh", str(bundle / "install.sh")], env=env, capture_output=True,
                          text=True, check=True)  # fmt: skip
    assert "applications menu" in done.stdout
    data = home / ".local" / "share"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(data / "applications" / "humanize-writer.desktop", encoding="utf-8")
    assert entry["Desktop Entry"]["Exec"] == f'"{program}" %f'
    assert entry["Desktop Entry"]["TryExec"] == str(program)
    assert (data / "icons" / "hicolor" / "256x256" / "apps" / "humanize-writer.png").is_file()
    assert (data / "metainfo" / "io.github.humanize.Humanize.metainfo.xml").is_file()
    command = home / ".local" / "bin" / "humanize-writer"
    assert subprocess.run([str(command)], capture_output=True, text=True).stdout == "humanize\n"
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate",
                                str(data / "applications" / "humanize-writer.desktop")],
                               capture_output=True, text=True)  # fmt: skip
        assert check.returncode == 0, check.stdout + check.stderr

    subprocess.run(["sh", str(bundle / "install.sh"), "--uninstall"], env=env,
                   capture_output=True, check=True)  # fmt: skip
    assert not command.exists() and not command.is_symlink()
    assert not (data / "applications" / "humanize-writer.desktop").exists()
    assert not list((data / "icons").rglob("humanize-writer.*"))
    assert program.is_file()  # the program itself is left where it is
