"""Thin launcher: `python main.py [FILE]` does what `humanize-writer [FILE]` does."""

from app.main import run

if __name__ == "__main__":
    run()
