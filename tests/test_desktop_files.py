"""The desktop entry, AppStream metainfo and icons in packaging/ agree with each other and
with the app (its window app id and its icon)."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer

from app import paths
from app.main import DESKTOP_ID

PACKAGING = Path(__file__).resolve().parent.parent / "packaging"
DESKTOP = PACKAGING / f"{DESKTOP_ID}.desktop"
METAINFO = PACKAGING / "io.github.humanize.Humanize.metainfo.xml"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_icon_renders_and_every_png_size_exists(qapp):
    assert QSvgRenderer(str(paths.resource_path("icons", "humanize.svg"))).isValid()
    icon = desktop_entry()["Icon"]
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        png = PACKAGING / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{icon}.png"
        image = QImage(str(png))
        assert (image.width(), image.height()) == (size, size), png
        assert image.pixelColor(size // 2, size // 2).alpha() == 255  # not blank
    assert (PACKAGING / "icons" / "hicolor" / "scalable" / "apps" / f"{icon}.svg").is_file()


def test_metainfo_launches_the_desktop_entry_that_runs_the_app():
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("provides/binary") == "humanize-writer"
    assert root.findtext("icon") == desktop_entry()["Icon"]
    assert desktop_entry()["Exec"].split()[0] == "humanize-writer"


@pytest.mark.parametrize(("tool", "args", "target"), [
    ("desktop-file-validate", [], DESKTOP),
    ("appstreamcli", ["validate", "--no-net"], METAINFO),
])
def test_the_freedesktop_validators_accept_them(tool, args, target):
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed")
    result = subprocess.run([tool, *args, str(target)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
