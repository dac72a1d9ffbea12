"""Entry point: `humanize-writer [FILE] [--config-dir DIR] [--theme system|light|dark] [--verbose]`
opens the app; `humanize-writer check …` runs the command-line check, `humanize-writer
export …` exports a file, `humanize-writer models` lists the models on this computer and
`humanize-writer --selftest` checks the installation, all four without any window."""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from app import paths
from app.cli_options import add_common_options, apply_common_options

log = logging.getLogger("app")

LOG_FILE = "humanize.log"
# The window's app id; packaging/humanize-writer.desktop must be installed under this name.
DESKTOP_ID = "humanize-writer"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="humanize-writer",
        description="Offline writing assistant. Use `humanize-writer check FILE` for the "
                    "command-line check, `humanize-writer export FILE --to FORMAT` to "
                    "export and `humanize-writer models` to list the models on this "
                    "computer.",
    )
    parser.add_argument("file", nargs="?", type=Path, help="a Markdown or text file to open")
    add_common_options(parser)
    parser.add_argument("--theme", choices=("system", "light", "dark"),
                        help="colour theme for this run (also remembered)")
    parser.add_argument("--verbose", action="store_true", help="log debugging detail to stderr")
    parser.add_argument("--selftest", action="store_true",
                        help="check without a window that the model, gauges, rule checks and "
                             "exports work, then exit (0 if all did)")
    return parser


def setup_logging(verbose: bool) -> Path | None:
    """Log to stderr and to a rotating file in the data folder; returns the log file's path."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setLevel(logging.DEBUG if verbose else logging.WARNING)
    stderr.setFormatter(fmt)
    root.addHandler(stderr)
    try:
        log_path = paths.data_dir() / LOG_FILE
        handler = RotatingFileHandler(log_path, maxBytes=1_000_000, backupCount=3,
                                      encoding="utf-8")
    except OSError as exc:
        log.warning("Logging to a file is off: %s", exc)
        return None
    handler.setLevel(logging.DEBUG if verbose else logging.INFO)
    handler.setFormatter(fmt)
    root.addHandler(handler)
    return log_path


def _log_uncaught(kind: type[BaseException], value: BaseException,
                  traceback: TracebackType | None) -> None:
    # Exceptions raised in Qt slots end up here; log them instead of losing them on stderr.
    log.critical("Uncaught exception", exc_info=(kind, value, traceback))


def _install_qt_message_handler() -> None:
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("qt")
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        qt_log.log(levels.get(kind, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)


def run(argv: list[str] | None = None) -> None:
    """Console entry point; never returns (exits with the application's status)."""
    # In a packaged (PyInstaller) build, the child process that tries a model file the writer
    # picked (app.llm.runtime.probe_model) re-runs this executable: this turns it into that
    # child instead of a second app. A no-op when running from Python.
    multiprocessing.freeze_support()
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "check":
        # The check command must work without a display, so no Qt is touched on this path.
        from app.cli import main as check_main

        sys.exit(check_main(argv[2:]))
    if len(argv) > 1 and argv[1] == "export":
        # Also windowless: PDF and ODT start a QGuiApplication of their own, without a window.
        from app.cli_export import main as export_main

        sys.exit(export_main(argv[2:]))
    if len(argv) > 1 and argv[1] == "voice":
        # Voice profiles (learn, list, show, use, forget): windowless too.
        from app.cli_voice import main as voice_main

        sys.exit(voice_main(argv[2:]))
    if len(argv) > 1 and argv[1] == "models":
        # Windowless too: lists the model files on this computer from their headers.
        from app.cli_models import main as models_main

        sys.exit(models_main(argv[2:]))
    args = build_parser().parse_args(argv[1:])
    apply_common_options(args)
    if args.selftest:
        sys.exit(run_selftest(args))
    sys.exit(run_app(args, argv))


def run_selftest(args: argparse.Namespace) -> int:
    # Headless like `check`: PDF export makes its own windowless QGuiApplication.
    from app.selftest import main as selftest_main

    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    return selftest_main()


def run_app(args: argparse.Namespace, argv: list[str]) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from app.core.fileio import FileWriteError
    from app.settings import SettingsStore
    from app.ui.editor.welcome import is_first_run, show_welcome
    from app.ui.main_window import MainWindow
    from app.ui.theme import apply_theme

    log_path = setup_logging(args.verbose)
    sys.excepthook = _log_uncaught
    _install_qt_message_handler()
    log.info("Humanize starting (log: %s)", log_path)

    app = QApplication(argv[:1])
    app.setApplicationName("Humanize")
    app.setOrganizationName("Humanize")
    app.setApplicationDisplayName("Humanize")
    app.setDesktopFileName(DESKTOP_ID)
    app.setWindowIcon(QIcon(str(paths.resource_path("icons", "humanize.svg"))))

    store = SettingsStore(paths.config_dir())
    settings = store.load_settings()
    for warning in store.warnings:
        log.warning("%s", warning)
    if args.theme:
        settings.theme = args.theme
        try:
            store.save_settings(settings)
        except (FileWriteError, ValueError) as exc:
            log.warning("Could not remember the theme: %s", exc)
    settings.theme = apply_theme(app, settings.theme)

    window = MainWindow(store, settings)
    window.show()
    # Logged once the event loop runs, i.e. when the window is really on screen (bench/startup.py
    # times start-up by these lines).
    QTimer.singleShot(0, lambda: log.info("Window shown"))
    if args.file is not None:
        window.session.open_file(args.file.expanduser().absolute(), confirmed=True)
    recovery_offered = window.offer_recovery()
    if is_first_run(window, args.file is not None, recovery_offered):
        show_welcome(window)
    status = app.exec()
    log.info("Humanize closed with status %s", status)
    return status
