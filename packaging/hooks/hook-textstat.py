"""textstat reads its easy-word lists (Dale–Chall, Spache) from textstat/resources by path."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("textstat")
