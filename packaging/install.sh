#!/bin/sh
# Puts Humanize in your applications menu, for you only (no administrator rights needed).
#
#   ./install.sh              menu entry, icons and a `humanize-writer` command in ~/.local
#   ./install.sh --uninstall  takes them away again (your documents and settings stay)
#
# The program stays in this folder: move the folder first if you want it elsewhere, then run
# this again. `make package` copies this script into dist/humanize-writer/.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
data="${XDG_DATA_HOME:-$HOME/.local/share}"
bin="$HOME/.local/bin"
desktop="$data/applications/humanize-writer.desktop"
metainfo="$data/metainfo/io.github.humanize.Humanize.metainfo.xml"

refresh() {
    command -v update-desktop-database >/dev/null 2>&1 &&
        update-desktop-database -q "$data/applications" || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 &&
        gtk-update-icon-cache -q -t "$data/icons/hicolor" 2>/dev/null || true
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$bin/humanize-writer" "$desktop" "$metainfo"
    find "$data/icons/hicolor" -name 'humanize-writer.*' -delete 2>/dev/null || true
    refresh
    echo "Humanize is out of your menu. Your documents, settings and writing data are untouched."
    exit 0
fi

if [ ! -x "$here/humanize-writer" ]; then
    echo "install.sh: run me from the Humanize folder (no humanize-writer next to me)." >&2
    exit 1
fi

mkdir -p "$bin" "$data/applications" "$data/metainfo" "$data/icons"
ln -sf "$here/humanize-writer" "$bin/humanize-writer"
# The menu entry points at this folder's program, so it works even when ~/.local/bin is not
# on PATH.
sed -e "s|^Exec=.*|Exec=\"$here/humanize-writer\" %f|" \
    -e "s|^TryExec=.*|TryExec=$here/humanize-writer|" \
    "$here/share/applications/humanize-writer.desktop" >"$desktop"
cp "$here/share/metainfo/io.github.humanize.Humanize.metainfo.xml" "$metainfo"
cp -r "$here/share/icons/hicolor" "$data/icons/"
refresh
echo "Humanize is in your applications menu; \`humanize-writer\` starts it from a terminal."
case ":$PATH:" in
    *":$bin:"*) ;;
    *) echo "(Add $bin to your PATH to use the command.)" ;;
esac
