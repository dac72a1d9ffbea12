"""llama-cpp-python opens llama.cpp with ctypes from llama_cpp/lib, which PyInstaller's import
analysis cannot see: collect the shared libraries into the same folder of the bundle.

ctypes opens the unversioned names (libllama.so, libggml.so); the libraries then find each other
by soname (libggml-base.so.0, libggml-cpu.so.0) through their RUNPATH of $ORIGIN, so both names
go in. The fully versioned files (libllama.so.0.5.0) are byte-for-byte copies nobody opens.
"""

import re
from pathlib import Path

from PyInstaller.utils.hooks import get_package_paths

_WANTED = re.compile(r"^lib.+(\.so|\.so\.\d+|\.dylib|\.dll)$|^.+\.dll$")

_, _package_dir = get_package_paths("llama_cpp")
_lib = Path(_package_dir) / "lib"

binaries = [
    (str(path), "llama_cpp/lib")
    for path in sorted(_lib.iterdir())
    if path.is_file() and _WANTED.match(path.name)
]
if not binaries:
    raise SystemExit(f"hook-llama_cpp: no llama.cpp libraries in {_lib}; is it installed?")

# The OpenAI-compatible server needs FastAPI and friends; Humanize never starts it (no network).
excludedimports = ["llama_cpp.server"]
