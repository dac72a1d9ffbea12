"""Preferences: the goal and which kinds of suggestion to show, the writer's word lists, and
forgetting everything Humanize has learned. The model's settings live on their own page."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.analysis.families import EDITING, GOAL_LABELS, GOALS, MACHINE, family_of
from app.core.analysis.style import KIND_LABELS, KINDS
from app.core.feedback import FeedbackStore
from app.core.voice import forget_all as forget_voice
from app.settings import Settings
from app.ui.dialogs import prompts
from app.ui.dialogs.model_server import ServerSection

KIND_HELP = {
    "ai_tell": "Stock words and phrases of machine-written text (“delve into”, “robust”).",
    "significance": "Inflated significance (“a testament to”, “plays a pivotal role”).",
    "puffery": "Brochure praise (“nestled”, “vibrant”, “a hidden gem”).",
    "formulaic": "Stock openers, connectors and closers (“In today's world”, “Moreover”).",
    "chatbot": "Chatbot leftovers (“I hope this helps”, “Certainly!”).",
    "copula_avoidance": "“Serves as” or “boasts” where “is” or “has” would do.",
    "negative_parallelism": "“Not just X, but Y” and “It's not X, it's Y”.",
    "rule_of_three": "Lists of three abstract words (“innovation, growth, and success”).",
    "trailing_analysis": "Sentences ending “…, highlighting the importance of…”.",
    "vague_attribution": "“Experts say”, “studies show” with no source named.",
    "em_dash": "Paragraphs crowded with em dashes.",
    "heading_case": "Sub-headings with Every Word Capitalised.",
    "bold_lead_in": "Points that open with a bold label (“**Tip:** …”).",
    "synonym_cycling": "One thing called by several names (“the city… the metropolis”).",
    "monotony": "Runs of sentences of the same length.",
    "wordy": "Long ways of saying short things (“in order to”).",
    "filler": "Filler words and hedges (“very”, “basically”).",
    "passive": "Passive voice where an active verb is clearer.",
    "adverb": "Adverbs propping up a weak verb.",
    "hard_sentence": "Sentences that are hard to read.",
    "very_hard_sentence": "Sentences that are very hard to read.",
    "repetition": "The same word again and again, or sentences opening alike.",
    "inclusive": "Gendered or exclusionary terms.",
    "idiom": "Idioms that confuse international readers.",
    "telling": "Feelings named outright (“she was furious”) where showing them would do more.",
}
DIALECT_LABELS = {"": "As the computer is set", "us": "American", "uk": "British",
                  "canada": "Canadian", "australia": "Australian", "india": "Indian"}
GOAL_HELP = {
    "humanize": "What sounds machine-made. Your own voice (“I think”, “really”, a fragment, "
                "a joke) is left alone.",
    "edit": "Tighter, clearer prose: filler, adverbs, passive voice, wordiness, hard "
            "sentences.",
    "all": "Both.",
}


class PreferencesDialog(QDialog):
    """Edits a copy of the kinds setting; the word lists and forgetting act on the store at once
    (they are the writer's data, not preferences)."""

    def __init__(
        self, settings: Settings, feedback: FeedbackStore, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.feedback = feedback
        self.forgot = False
        self.lists_changed = False
        tabs = QTabWidget()
        tabs.addTab(self._kinds_page(settings), "Suggestions")
        tabs.addTab(self._model_page(settings), "Model")
        tabs.addTab(self._memory_page(), "Your writing data")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.tabs = tabs

    def _kinds_page(self, settings: Settings) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        goal_row = QHBoxLayout()
        goal_row.addWidget(QLabel("Goal"))
        self.goal = QComboBox()
        for goal in GOALS:
            self.goal.addItem(GOAL_LABELS[goal], goal)
        self.goal.setCurrentIndex(max(0, self.goal.findData(settings.goal)))
        goal_row.addWidget(self.goal)
        goal_hint = QLabel()
        goal_hint.setWordWrap(True)
        goal_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.goal.currentIndexChanged.connect(
            lambda _i: goal_hint.setText(GOAL_HELP[self.goal.currentData()]))
        goal_hint.setText(GOAL_HELP[settings.goal])
        goal_row.addWidget(goal_hint, 1)
        column.addLayout(goal_row)
        self.kind_boxes: dict[str, QCheckBox] = {}
        for family, title in ((MACHINE, "Sounds machine-made (Humanize)"),
                              (EDITING, "Tighter prose (Edit)")):
            group = QGroupBox(title)
            grid = QGridLayout(group)
            for row, kind in enumerate(k for k in KINDS if family_of(k) == family):
                box = QCheckBox(KIND_LABELS.get(kind, kind))
                box.setChecked(kind not in settings.disabled_kinds)
                box.setToolTip(KIND_HELP.get(kind, ""))
                hint = QLabel(KIND_HELP.get(kind, ""))
                hint.setWordWrap(True)
                hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                grid.addWidget(box, row, 0)
                grid.addWidget(hint, row, 1)
                self.kind_boxes[kind] = box
            grid.setColumnStretch(1, 1)
            column.addWidget(group)
        correctness = QGroupBox("Spelling and grammar (every goal)")
        form = QFormLayout(correctness)
        self.spelling = QCheckBox("Check spelling, grammar and punctuation as I type")
        self.spelling.setChecked(settings.spelling)
        form.addRow(self.spelling)
        self.dialect = QComboBox()
        for key, label in DIALECT_LABELS.items():
            self.dialect.addItem(label, key)
        self.dialect.setCurrentIndex(max(0, self.dialect.findData(settings.dialect)))
        form.addRow("English", self.dialect)
        column.addWidget(correctness)
        column.addStretch(1)
        scroll = QScrollArea()  # the list is long: it scrolls on small screens
        scroll.setWidget(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        return scroll

    def chosen_goal(self) -> str:
        return self.goal.currentData()

    def apply_correctness(self, settings: Settings) -> bool:
        """Copy the spelling choices into settings; True if they changed."""
        chosen = (self.spelling.isChecked(), self.dialect.currentData())
        changed = chosen != (settings.spelling, settings.dialect)
        settings.spelling, settings.dialect = chosen
        return changed

    def _model_page(self, settings: Settings) -> QWidget:
        form = QFormLayout()
        self.model_path = QLineEdit(settings.model_path)
        self.model_path.setPlaceholderText("Built-in: Gemma 3 270M")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse_model)
        row = QHBoxLayout()
        row.addWidget(self.model_path, 1)
        row.addWidget(browse)
        form.addRow("Model file", row)
        self.live = QCheckBox("Suggest rewrites while I write")
        self.live.setChecked(settings.live_suggestions)
        form.addRow("", self.live)
        self.debounce = _spin(100, 10_000, settings.debounce_ms, " ms", 100)
        form.addRow("Wait after typing", self.debounce)
        self.candidates = _spin(1, 8, settings.candidates, " drafts")
        self.candidates.setToolTip("Drafts per request; the best that passes the check is shown.")
        form.addRow("Drafts per rewrite", self.candidates)
        self.threads = _spin(0, 256, settings.n_threads)
        self.threads.setSpecialValueText("Automatic")
        form.addRow("CPU threads", self.threads)
        self.n_ctx = _spin(512, 131_072, settings.n_ctx, " tokens", 512)
        form.addRow("Context size", self.n_ctx)
        self.gpu_layers = _spin(-1, 1_000, settings.n_gpu_layers)
        self.gpu_layers.setSpecialValueText("All")
        self.gpu_layers.setToolTip(
            "Layers to run on the graphics card (needs llama-cpp-python built with CUDA, Metal"
            " or Vulkan; see models/README.md). 0 runs on the CPU only."
        )
        form.addRow("GPU layers", self.gpu_layers)
        self.adapter = QCheckBox("Use Humanize's rewriter with the built-in model")
        self.adapter.setChecked(settings.use_adapter)
        self.adapter.setToolTip(
            "A small add-on to the built-in model, trained by Humanize to turn machine-sounding "
            "sentences into plain ones while keeping every fact. Turn it off to compare with "
            "the built-in model's suggestions alone. Other model files do not use it."
        )
        form.addRow("", self.adapter)
        self.server = ServerSection(settings)
        column = QVBoxLayout()
        column.addLayout(form)
        column.addWidget(self.server)
        column.addStretch(1)
        outer = QWidget()
        outer.setLayout(column)
        return outer

    def accept(self) -> None:  # a server on another computer is explained before it is used
        if self.server.confirm():
            super().accept()

    def _browse_model(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a model file", self.model_path.text(), "GGUF models (*.gguf)"
        )
        if path:
            self.model_path.setText(path)

    def apply_model(self, settings: Settings) -> bool:
        """Copy the Model page into settings; True if the model must be loaded again."""
        before = (settings.model_path, settings.n_threads, settings.n_ctx, settings.n_gpu_layers,
                  settings.use_adapter)
        settings.model_path = self.model_path.text().strip()
        settings.live_suggestions = self.live.isChecked()
        settings.debounce_ms = self.debounce.value()
        settings.candidates = self.candidates.value()
        settings.n_threads = self.threads.value()
        settings.n_ctx = self.n_ctx.value()
        settings.n_gpu_layers = self.gpu_layers.value()
        settings.use_adapter = self.adapter.isChecked()
        after = (settings.model_path, settings.n_threads, settings.n_ctx, settings.n_gpu_layers,
                 settings.use_adapter)
        server_changed = self.server.apply(settings)
        return before != after or server_changed

    def _memory_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.words = self._list_group(
            layout,
            "Personal word list (never flagged)",
            sorted(self.feedback.personal_words()),
            self.feedback.remove_personal_word,
        )
        self.phrases = self._list_group(
            layout,
            "Phrases ignored everywhere",
            sorted(self.feedback.ignored_phrases()),
            self.feedback.unignore_phrase,
        )
        forget = QPushButton("Forget my writing data…")
        forget.setToolTip(
            "Deletes every accept and reject, the accepted-changes log, your lists, your voice "
            "profiles and your tones."
        )
        forget.clicked.connect(self._forget)
        note = QLabel("Humanize learns from what you accept and reject, on this computer only.")
        note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(note, 1)
        row.addWidget(forget)
        layout.addLayout(row)
        return page

    def _list_group(self, layout: QVBoxLayout, title: str, items: list[str], remove) -> QListWidget:
        group = QGroupBox(title)
        inner = QHBoxLayout(group)
        widget = QListWidget()
        widget.addItems(items)
        button = QPushButton("Remove")
        button.setEnabled(False)
        widget.currentRowChanged.connect(lambda row: button.setEnabled(row >= 0))

        def remove_current() -> None:
            item = widget.currentItem()
            if item is None:
                return
            remove(item.text())
            widget.takeItem(widget.row(item))
            self.lists_changed = True

        button.clicked.connect(remove_current)
        inner.addWidget(widget, 1)
        inner.addWidget(button)
        layout.addWidget(group)
        return widget

    def _forget(self) -> None:
        answer = prompts.ask(
            self,
            QMessageBox.Icon.Warning,
            "Forget my writing data",
            "Forget everything Humanize has learned from you?",
            "Every accept and reject, the log of accepted changes, your personal word list, "
            "ignored phrases, voice profiles and custom tones are deleted (your sample files "
            "stay where they are). This cannot be undone.",
            prompts.Button.Yes | prompts.Button.Cancel,
            prompts.Button.Cancel,
            {prompts.Button.Yes: "Forget"},
        )
        if answer != prompts.Button.Yes:
            return
        self.feedback.forget_everything()
        try:
            forget_voice()
        except OSError as exc:
            prompts.show_warning(self, "Forget my writing data",
                                 "The voice profiles could not all be deleted.", str(exc))
        self.words.clear()
        self.phrases.clear()
        self.forgot = True

    def disabled_kinds(self) -> list[str]:
        return [kind for kind, box in self.kind_boxes.items() if not box.isChecked()]


def _spin(low: int, high: int, value: int, suffix: str = "", step: int = 1) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    box.setSingleStep(step)
    return box
