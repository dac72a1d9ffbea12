"""python-docx (Word export). Replaces pyinstaller-hooks-contrib's hook, which bundles the
templates but not the folders they are reached through: python-docx opens
docx/parts/../templates/default-footer.xml, and a path through docx/parts only resolves if that
folder exists on disk. Keeping the package's modules as files as well (besides the archive)
creates it."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("docx")
module_collection_mode = "pyz+py"
