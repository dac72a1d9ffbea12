"""The gauge panel shows the live figures; the trend draws any length of series."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QTextCursor

from app.ui.editor.writer_editor import WriterEditor
from app.ui.gauges.gauge_panel import GaugePanel
from app.ui.gauges.gauge_text import reading_time_text, signed
from app.ui.gauges.live_analysis import LiveAnalysis
from app.ui.gauges.trend import SentimentTrend, bucket_means, sentiment_colours
from app.ui.theme import dark_palette, light_palette


@pytest.fixture
def setup(qtbot):
    editor = WriterEditor()
    qtbot.addWidget(editor)
    live = LiveAnalysis(editor, editor)
    qtbot.waitUntil(lambda: live.ready, timeout=30_000)
    panel = GaugePanel()
    qtbot.addWidget(panel)
    panel.connect_to(live)
    return editor, live, panel


def test_the_panel_shows_the_numbers(qtbot, setup):
    editor, live, panel = setup
    assert panel.ease_label.text() == "Nothing to measure yet"
    assert panel.count_values["words"].text() == "0"
    with qtbot.waitSignal(
        live.report_ready, check_params_cb=lambda doc, _para: doc.counts.words == 5
    ):
        qtbot.keyClicks(editor, "I love this wonderful day.")
    assert panel.count_values["words"].text() == "5"
    assert panel.count_values["sentences"].text() == "1"
    assert panel.count_values["paragraphs"].text() == "1"
    assert panel.count_values["characters"].text() == "26"
    assert panel.reading_time_label.text() == "under 1 min read"
    assert panel.sentiment_label.text().endswith("positive")
    assert panel.sentiment_label.text().startswith("+0.")
    assert panel.sentiment_bar.value > 0.5
    assert "love" in panel.drivers_label.text() and "wonderful" in panel.drivers_label.text()
    ease = live.analyzer.report().readability
    assert panel.ease_value.text() == str(round(ease.flesch_reading_ease))
    assert panel.ease_label.text() == ease.ease_label
    assert panel.grade_label.text() == ease.grade_label
    assert panel.detail_values["gunning_fog"].text() == f"{ease.gunning_fog:.1f}"


def test_the_scope_toggle_switches_between_document_and_paragraph(qtbot, setup):
    editor, live, panel = setup
    editor.setPlainText(
        "The sun is out and the birds sing. What a lovely morning it is.\n"
        "\n"
        "I hate this awful traffic."
    )
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    assert panel.scope == "document"
    assert panel.count_values["words"].text() == "19"
    assert panel.count_values["paragraphs"].text() == "2"
    with qtbot.waitSignal(panel.scope_changed, check_params_cb=lambda s: s == "paragraph"):
        qtbot.mouseClick(panel.scope_buttons["paragraph"], Qt.MouseButton.LeftButton)
    assert panel.scope_buttons["paragraph"].isChecked()
    assert not panel.scope_buttons["document"].isChecked()
    assert panel.count_values["words"].text() == "5"
    assert panel.count_values["paragraphs"].text() == "1"
    assert panel.sentiment_label.text().endswith("negative")
    # The paragraph figures follow the cursor.
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    editor.setTextCursor(cursor)
    assert panel.count_values["words"].text() == "14"
    assert panel.sentiment_label.text().endswith("positive")
    cursor.movePosition(QTextCursor.MoveOperation.Down)
    editor.setTextCursor(cursor)
    assert panel.ease_label.text() == "Empty paragraph"
    panel.set_scope("document")
    assert panel.count_values["words"].text() == "19"


def test_progress_shows_while_measuring(qtbot, setup):
    _editor, _live, panel = setup
    panel.show_progress(0.4)
    assert not panel.progress_label.isHidden()
    assert panel.progress_label.text() == "measuring… 40%"
    panel.show_progress(1.0)
    assert panel.progress_label.isHidden()


def test_a_bulk_load_reports_progress_to_the_panel(qtbot, setup):
    editor, live, panel = setup
    text = "\n".join(f"Paragraph {i} is rather good, though a little sad." for i in range(900))
    seen: list[bool] = []
    live.progress.connect(lambda f: seen.append(not panel.progress_label.isHidden()))
    with qtbot.waitSignal(live.progress, check_params_cb=lambda f: f == 1.0, timeout=20_000):
        editor.setPlainText(text)
    assert seen[0] is True
    assert panel.progress_label.isHidden()
    assert panel.count_values["paragraphs"].text() == "900"


def test_dark_palette_uses_the_dark_accents(qtbot, setup):
    editor, _live, panel = setup
    qtbot.keyClicks(editor, "What a wonderful, happy day.")
    panel.setPalette(dark_palette())
    dark_positive = sentiment_colours(dark_palette())[0].name()
    assert dark_positive in panel.sentiment_label.styleSheet()
    panel.setPalette(light_palette())
    assert sentiment_colours(light_palette())[0].name() in panel.sentiment_label.styleSheet()
    assert dark_positive != sentiment_colours(light_palette())[0].name()


def test_every_gauge_explains_itself(setup):
    _editor, _live, panel = setup
    for widget in (panel.sentiment_label, panel.sentiment_bar, panel.drivers_label,
                   panel.ease_value, panel.grade_label, panel.reading_time_label,
                   panel.trend, *panel.detail_values.values(), *panel.count_values.values(),
                   *panel.scope_buttons.values()):
        assert widget.toolTip().endswith("."), widget.objectName()


@pytest.mark.parametrize("count", [0, 1, 5000])
def test_the_trend_renders_any_length(qtbot, count):
    trend = SentimentTrend()
    qtbot.addWidget(trend)
    trend.resize(300, 72)
    values = [0.6 if i % 3 else -0.4 for i in range(count)]
    trend.set_series(values, count // 2 if count else -1)
    image = trend.grab().toImage()
    assert not image.isNull() and image.width() == 300
    assert trend.current == (count // 2 if count else -1)


def _ink(image, top: int, bottom: int, background: QColor) -> int:
    """Pixels in rows top..bottom-1 that differ clearly from the background."""
    ink = 0
    for y in range(top, bottom):
        for x in range(8, image.width() - 8):
            c = image.pixelColor(x, y)
            if abs(c.red() - background.red()) + abs(c.green() - background.green()) > 40:
                ink += 1
    return ink


def test_the_trend_fills_above_for_positive_and_below_for_negative(qtbot):
    trend = SentimentTrend()
    qtbot.addWidget(trend)
    trend.setPalette(light_palette())
    trend.resize(200, 80)
    background = light_palette().color(QPalette.ColorRole.Base)
    trend.set_series([0.8] * 50)
    image = trend.grab().toImage()
    assert _ink(image, 10, 36, background) > 10 * _ink(image, 44, 70, background) + 100
    trend.set_series([-0.8] * 50)
    image = trend.grab().toImage()
    assert _ink(image, 44, 70, background) > 10 * _ink(image, 10, 36, background) + 100


def test_bucket_means_downsamples_by_averaging():
    values = [float(i % 10) for i in range(5000)]
    means = bucket_means(values, 300)
    assert len(means) == 300
    assert sum(means) / len(means) == pytest.approx(4.5, abs=0.05)
    assert bucket_means([1.0, -1.0], 300) == [1.0, -1.0]
    assert bucket_means([], 300) == []
    assert bucket_means([0.0, 1.0, 2.0, 3.0], 2) == [0.5, 2.5]


def test_formatting_helpers():
    assert reading_time_text(0, 0) == "nothing to read yet"
    assert reading_time_text(20, 80) == "under 1 min read"
    assert reading_time_text(300, 1190) == "5 min read"
    assert signed(0.4167) == "+0.42"
    assert signed(-0.4167) == "−0.42"
    assert signed(0.001) == "0.00"


def test_the_same_figures_again_repaint_and_relayout_nothing(qtbot, setup):
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QWidget

    editor, live, panel = setup
    panel.show()
    with qtbot.waitSignal(live.report_ready, check_params_cb=lambda doc, _p: doc.counts.words):
        qtbot.keyClicks(editor, "What a lovely, hopeful morning it was.")
    qtbot.wait(50)
    document, paragraph = live.analyzer.report(), None

    class Count(QObject):
        events: list[str] = []

        def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
            if event.type() in (QEvent.Type.Paint, QEvent.Type.LayoutRequest) and isinstance(
                    watched, QWidget) and (watched is panel or panel.isAncestorOf(watched)):
                self.events.append(f"{type(watched).__name__} {event.type().name}")
            return False

    counter = Count()
    QApplication.instance().installEventFilter(counter)
    try:
        panel.show_reports(document, paragraph)
        qtbot.wait(50)
        assert counter.events == []
    finally:
        QApplication.instance().removeEventFilter(counter)
