"""`make screenshots`: the app with the welcome document, light and dark, once the rule
suggestions are in and the model has had its go, saved to docs/screenshot.png and
docs/screenshot-dark.png. Runs offscreen (the window is rendered by Qt itself), with a fresh
config folder so it looks like a first start."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL_WAIT_S = 90


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["HUMANIZE_CONFIG_DIR"] = tempfile.mkdtemp(prefix="humanize-shots-")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QApplication

    from app.ui.editor.welcome import show_welcome
    from app.ui.main_window import MainWindow
    from app.ui.theme import apply_theme

    app = QApplication(sys.argv[:1])
    out = ROOT / "docs"
    out.mkdir(exist_ok=True)
    for theme, name in (("light", "screenshot.png"), ("dark", "screenshot-dark.png")):
        apply_theme(app, theme)
        window = MainWindow()
        window.resize(1400, 860)
        window.show()
        show_welcome(window)
        # Put the cursor in the machine-sounding paragraph, as a writer would, and wait for
        # the rule checks and one model request on it (or give up on the model after a while).
        block = window.editor.document().findBlockByNumber(2)
        window.editor.setTextCursor(QTextCursor(block))
        window.gauges.set_scope("paragraph")
        started = time.monotonic()
        asked = 0.0
        while time.monotonic() - started < MODEL_WAIT_S:
            app.processEvents()
            service = window.model.service
            if service.ready and not asked:
                window.model.suggest_at_cursor()
                asked = time.monotonic()
            rewrites = [s for s in window.review.review.suggestions if s.kind == "rewrite"]
            # Done when a rewrite is in, or when the model has gone idle with nothing asked
            # (the request may wait for the debounce first, hence the grace second).
            idle = service.state == "ready" and not window.model._requests
            if asked and (rewrites or (idle and time.monotonic() - asked > 1.0)):
                break
            time.sleep(0.02)
        for _ in range(20):
            app.processEvents()
        window.grab().save(str(out / name))
        print(f"saved docs/{name} (model: {window.model_status.text()})")
        window.editor.document().setModified(False)
        window.close()
        app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
