"""Performance harness: `python -m bench [NAME ...]` runs the benches and writes
bench/results/NAME.json. Benches report figures and ratios; they do not pass or fail."""

import json
import os
import platform
from pathlib import Path

BENCHES: tuple[str, ...] = ("gauges", "llm", "startup", "rewrites", "rules", "correctness", "voice",
                             "emotion", "voice_rewrites", "predictability")
# Run only when named: `python -m bench soak [--minutes N]` takes twice N minutes.
ON_REQUEST: tuple[str, ...] = ("soak",)


def write_results(path: Path, result: dict) -> Path:
    """Write a bench's JSON; returns the path as the summary line shows it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    cwd = Path.cwd()
    return path.relative_to(cwd) if path.is_relative_to(cwd) else path


def machine_info() -> dict[str, object]:
    import PySide6

    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info
                        if line.startswith("model name")), cpu)
    except OSError:
        pass
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "cpu": cpu,
        "cpu_count": os.cpu_count(),
    }

