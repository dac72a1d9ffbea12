"""The gauges at the top of the side panel: sentiment, readability, counts and the trend.

The panel only displays: it keeps the last reports it was given and shows the document's or the
cursor's paragraph's figures, whichever scope the writer picked. Colours come from the palette
(plus two sentiment accents that work on light and dark), so it follows the theme.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.analysis.incremental import DocumentReport
from app.core.analysis.predictability import model_humanness
from app.ui.gauges.emotion_bars import FeelingGauge
from app.ui.gauges.gauge_text import (
    DASH,
    drivers_html,
    heading_label,
    reading_time_text,
    restyle,
    secondary_label,
    signed,
    value_label,
)
from app.ui.gauges.humanness_gauge import HumannessGauge
from app.ui.gauges.live_analysis import LiveAnalysis
from app.ui.gauges.trend import SentimentBar, SentimentTrend, sentiment_colours
from app.ui.voice.voice_gauge import VoiceGauge

SCOPES = ("document", "paragraph")

# (attribute of Readability, name shown, one-sentence explanation)
READABILITY_DETAILS = (
    ("gunning_fog", "Gunning fog",
     "Years of schooling needed, from sentence length and the share of long words."),
    ("smog_index", "SMOG",
     "Years of schooling needed, from the number of words of three or more syllables."),
    ("coleman_liau_index", "Coleman–Liau",
     "US school grade, from letters per word and sentences per hundred words."),
    ("automated_readability_index", "ARI",
     "US school grade, from characters per word and words per sentence."),
    ("dale_chall_readability_score", "Dale–Chall",
     "Difficulty from the share of words outside 3,000 familiar ones: under 5 is easy,"
     " 9 and above is college level."),
)


class GaugePanel(QWidget):
    """Sentiment, readability, human-ness and counts for the document or the cursor's paragraph."""

    scope_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document: DocumentReport | None = None
        self._paragraph: DocumentReport | None = None
        self._scope = "document"
        self._reader = None
        self.setMinimumWidth(260)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addLayout(self._build_scope())
        layout.addSpacing(4)
        self._build_sentiment(layout)
        layout.addSpacing(6)
        self._build_readability(layout)
        layout.addSpacing(6)
        layout.addWidget(heading_label("Human-ness"))
        self.humanness = HumannessGauge()
        layout.addWidget(self.humanness)
        layout.addSpacing(6)
        layout.addWidget(heading_label("Feeling"))
        self.feeling = FeelingGauge()
        layout.addWidget(self.feeling)
        layout.addSpacing(6)
        layout.addWidget(heading_label("Voice"))
        self.voice = VoiceGauge()  # filled by app/ui/voice/voice_setup.py
        layout.addWidget(self.voice)
        layout.addSpacing(6)
        self._build_counts(layout)
        self.progress_label = secondary_label(value_label(
            "progress", "Long texts are measured in the background; figures fill in as it goes."))
        self.progress_label.hide()
        layout.addWidget(self.progress_label)
        layout.addSpacing(6)
        layout.addWidget(heading_label("Sentiment trend"))
        self.trend = SentimentTrend()
        layout.addWidget(self.trend)
        layout.addStretch(1)
        self._render()

    # --- building -----------------------------------------------------------------------

    def _build_scope(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(0)
        self._scope_group = QButtonGroup(self)
        self._scope_group.setExclusive(True)
        self.scope_buttons: dict[str, QToolButton] = {}
        for scope, text in zip(SCOPES, ("Document", "Paragraph"), strict=True):
            button = QToolButton()
            button.setText(text)
            button.setObjectName(f"scope_{scope}")
            button.setCheckable(True)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setToolTip(
                "Show the figures for the whole document."
                if scope == "document"
                else "Show the figures for the paragraph with the cursor."
            )
            self._scope_group.addButton(button)
            self.scope_buttons[scope] = button
            row.addWidget(button)
        self.scope_buttons["document"].setChecked(True)
        self._scope_group.buttonToggled.connect(self._on_scope_toggled)
        self._style_scope_buttons()
        return row

    def _style_scope_buttons(self) -> None:
        # Colours are written out from the current palette (a style sheet's palette(...) is
        # resolved once), and written again when the palette changes.
        p = self.palette()
        role = QPalette.ColorRole
        for scope, button in self.scope_buttons.items():
            corner = "left" if scope == SCOPES[0] else "right"
            button.setStyleSheet(
                f"QToolButton {{ padding: 3px 8px; border: 1px solid {p.color(role.Mid).name()};"
                f" background: {p.color(role.Button).name()};"
                f" color: {p.color(role.ButtonText).name()};"
                f" border-top-{corner}-radius: 5px; border-bottom-{corner}-radius: 5px; }}"
                f" QToolButton:checked {{ background: {p.color(role.Highlight).name()};"
                f" color: {p.color(role.HighlightedText).name()};"
                f" border-color: {p.color(role.Highlight).name()}; }}"
            )

    def _build_sentiment(self, layout: QVBoxLayout) -> None:
        tip = ("How positive or negative the text sounds, from −1 to +1, scored sentence by"
               " sentence with VADER.")
        head = QHBoxLayout()
        head.addWidget(heading_label("Sentiment"))
        head.addStretch(1)
        self.sentiment_label = value_label("sentiment_value", tip)
        head.addWidget(self.sentiment_label)
        layout.addLayout(head)
        self.sentiment_bar = SentimentBar()
        self.sentiment_bar.setToolTip(tip)
        layout.addWidget(self.sentiment_bar)
        self.drivers_label = value_label(
            "sentiment_drivers", "The words that move the score most, strongest first.")
        self.drivers_label.setWordWrap(True)
        self.drivers_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.drivers_label)

    def _build_readability(self, layout: QVBoxLayout) -> None:
        layout.addWidget(heading_label("Readability"))
        row = QHBoxLayout()
        row.setSpacing(10)
        self.ease_value = value_label(
            "reading_ease", "Flesch reading ease, 0–100: higher is easier; 60–70 is plain"
            " English that most adults read without effort.")
        font = self.ease_value.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.ease_value.setFont(font)
        self.ease_value.setMinimumWidth(self.ease_value.fontMetrics().horizontalAdvance("100"))
        row.addWidget(self.ease_value)
        words = QVBoxLayout()
        words.setSpacing(0)
        self.ease_label = value_label("ease_label", self.ease_value.toolTip())
        bold = self.ease_label.font()
        bold.setBold(True)
        self.ease_label.setFont(bold)
        self.grade_label = secondary_label(value_label(
            "grade_label", "Flesch–Kincaid grade: the US school grade that can follow the text."))
        words.addStretch(1)
        words.addWidget(self.ease_label)
        words.addWidget(self.grade_label)
        words.addStretch(1)
        row.addLayout(words, 1)
        self.details_button = QToolButton()
        self.details_button.setObjectName("readability_details_toggle")
        self.details_button.setCheckable(True)
        self.details_button.setAutoRaise(True)
        self.details_button.setText("Details")
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.setToolTip("Show the other readability scores.")
        self.details_button.toggled.connect(self._on_details_toggled)
        row.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)

        self.details = QFrame()
        self.details.setObjectName("readability_details")
        grid = QGridLayout(self.details)
        grid.setContentsMargins(4, 0, 4, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(1)
        self.detail_values: dict[str, QLabel] = {}
        for row_index, (key, name, tip) in enumerate(READABILITY_DETAILS):
            caption = secondary_label(QLabel(name))
            caption.setToolTip(tip)
            value = value_label(key, tip)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(caption, row_index, 0)
            grid.addWidget(value, row_index, 1)
            self.detail_values[key] = value
        self.details.hide()
        layout.addWidget(self.details)

    def _build_counts(self, layout: QVBoxLayout) -> None:
        tip = ("Words, sentences, paragraphs and characters in the shown scope, and the time an"
               " adult takes to read it (238 words a minute).")
        layout.addWidget(heading_label("Counts"))
        self.reading_time_label = value_label("reading_time", tip)
        bold = self.reading_time_label.font()
        bold.setBold(True)
        self.reading_time_label.setFont(bold)
        layout.addWidget(self.reading_time_label)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(0)
        self.count_values: dict[str, QLabel] = {}
        for column, key in enumerate(("words", "sentences", "paragraphs", "characters")):
            value = value_label(f"count_{key}", tip)
            caption = secondary_label(QLabel(key))
            caption.setToolTip(tip)
            small = caption.font()
            small.setPointSizeF(small.pointSizeF() * 0.85)
            caption.setFont(small)
            grid.addWidget(value, 0, column)
            grid.addWidget(caption, 1, column)
            self.count_values[key] = value
        layout.addLayout(grid)

    # --- wiring -------------------------------------------------------------------------

    def connect_to(self, live: LiveAnalysis) -> None:
        """Follow a LiveAnalysis: its reports, its sentiment series and its progress."""
        live.report_ready.connect(self.show_reports)
        live.series_ready.connect(self.show_series)
        live.progress.connect(self.show_progress)
        live.refresh()

    @property
    def scope(self) -> str:
        return self._scope

    def set_scope(self, scope: str) -> None:
        """"document" or "paragraph" (anything else means "document")."""
        self.scope_buttons[scope if scope in SCOPES else "document"].setChecked(True)

    def show_reports(self, document: DocumentReport, paragraph: DocumentReport | None) -> None:
        self._document = document
        self._paragraph = paragraph
        self._render()

    def set_reader(self, reader) -> None:
        """The model's reading of the draft (a PredictabilityReader): human-ness 2.0."""
        self._reader = reader
        reader.readings_changed.connect(self._render)

    def _model_humanness(self, report: DocumentReport) -> tuple[int | None, float]:
        reader = self._reader
        if reader is None:
            return None, 0.0
        if self._scope == "paragraph":
            read, coverage = reader.paragraph_reading(), 1.0
        else:
            read, coverage = reader.document_reading()
        if read is None:
            return None, 0.0
        h = report.humanness
        return model_humanness(read, h.ai_tells_per_1000_words, h.sentence_length_cv,
                               reader.family), coverage

    def show_series(self, values: Sequence[float], current: int) -> None:
        self.trend.set_series(values, current)

    def show_progress(self, fraction: float) -> None:
        if fraction >= 1.0:
            self.progress_label.hide()
            return
        self.progress_label.setText(f"measuring… {int(fraction * 100)}%")
        self.progress_label.show()

    # --- showing ------------------------------------------------------------------------

    def shown_report(self) -> DocumentReport | None:
        return self._paragraph if self._scope == "paragraph" else self._document

    def _on_scope_toggled(self, button: QToolButton, checked: bool) -> None:
        if not checked:
            return
        scope = next(s for s, b in self.scope_buttons.items() if b is button)
        if scope != self._scope:
            self._scope = scope
            self._render()
            self.scope_changed.emit(scope)

    def _on_details_toggled(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_button.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._style_scope_buttons()
            self._render()  # the sentiment colours depend on light or dark

    def _render(self) -> None:
        report = self.shown_report()
        if report is None or not report.counts.words:
            self._render_empty(report)
            return
        self._render_sentiment(report)
        r = report.readability
        self.ease_value.show()
        self.ease_value.setText(f"{round(r.flesch_reading_ease)}")
        self.ease_label.setText(r.ease_label)
        self.grade_label.setText(r.grade_label)
        for key, label in self.detail_values.items():
            label.setText(f"{getattr(r, key):.1f}")
        self.feeling.show_emotion(report.emotion, report.counts.words)
        model_score, coverage = self._model_humanness(report)
        self.humanness.show_humanness(report.humanness, report.counts.words, model_score,
                                      coverage)
        self._render_counts(report)

    def _render_empty(self, report: DocumentReport | None) -> None:
        self.sentiment_label.setText(DASH)
        restyle(self.sentiment_label, "")
        self.sentiment_bar.set_value(None)
        self.drivers_label.setText("")
        self.ease_value.setText(DASH)
        self.ease_value.hide()  # a big dash reads as a glitch; the words say it all
        if self._scope == "paragraph" and (report is None or not report.counts.characters):
            self.ease_label.setText("Empty paragraph")
        else:
            self.ease_label.setText("Nothing to measure yet")
        self.grade_label.setText("")
        for label in self.detail_values.values():
            label.setText(DASH)
        self.humanness.show_humanness(None, 0)
        if report is None:
            self.reading_time_label.setText("nothing to read yet")
            for label in self.count_values.values():
                label.setText("0")
        else:
            self._render_counts(report)

    def _render_sentiment(self, report: DocumentReport) -> None:
        s = report.sentiment
        positive, negative = sentiment_colours(self.palette())
        colour = {"positive": positive, "negative": negative}.get(s.label)
        self.sentiment_label.setText(f"{signed(s.compound)}  {s.label}")
        restyle(self.sentiment_label,
                f"font-weight: bold; color: {colour.name()};" if colour else "font-weight: bold;")
        self.sentiment_bar.set_value(s.compound)
        self.drivers_label.setText(drivers_html(s.drivers[:3], positive, negative))

    def _render_counts(self, report: DocumentReport) -> None:
        c = report.counts
        self.reading_time_label.setText(reading_time_text(c.reading_time_s, c.words))
        for key, value in (("words", c.words), ("sentences", c.sentences),
                           ("paragraphs", c.paragraphs), ("characters", c.characters)):
            self.count_values[key].setText(f"{value:,}")
