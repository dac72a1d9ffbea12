"""Hand-written weights for features XED cannot teach: emoji and emoticons.

Subtitles have no emoji and almost no emoticons, so the trained model knows nothing of them.
These values (written for Humanize, not taken from any lexicon) are added to whatever the
model learned for the same feature. They are in logit units of the nine-class model: +3 on
one class moves a short sentence most of the way to it; neutral gets a negative weight so a
picture also raises the intensity.
"""

from __future__ import annotations


def _spread(**weights: float) -> dict[str, float]:
    return {**weights, "neutral": -sum(weights.values()) / 2}


_JOY = _spread(joy=3.0)
_LOVE = _spread(joy=2.0, trust=1.5)
_SAD = _spread(sadness=3.0)
_ANGRY = _spread(anger=3.0)
_FEAR = _spread(fear=3.0)
_SURPRISE = _spread(surprise=3.0)
_DISGUST = _spread(disgust=3.0)

PRIORS: dict[str, dict[str, float]] = {
    # Emoticons, as the tokenizer normalises them (noses dropped, letters upper-case).
    ":)": _JOY, ":]": _JOY, "=)": _JOY, ":D": _spread(joy=3.5), "XD": _spread(joy=3.0),
    ";)": _spread(joy=2.0, trust=1.0), ":P": _spread(joy=2.0), "^_^": _JOY, "<3": _LOVE,
    ":(": _SAD, ":[": _SAD, "=(": _SAD, ":'(": _spread(sadness=3.5), "T_T": _SAD,
    ";_;": _SAD, "</3": _SAD, ":/": _spread(sadness=1.0, disgust=1.0), ":|": _spread(),
    ":O": _SURPRISE, ":@": _ANGRY, ":$": _spread(fear=1.0, surprise=1.0),
    # Joy and love
    "😀": _JOY, "😃": _JOY, "😄": _JOY, "😁": _JOY, "😆": _JOY, "😂": _spread(joy=3.5),
    "🤣": _spread(joy=3.5), "😊": _spread(joy=2.5, trust=0.5), "🙂": _spread(joy=1.5),
    "😍": _LOVE, "🥰": _LOVE, "😘": _LOVE, "❤": _LOVE, "♥": _LOVE, "💕": _LOVE, "💖": _LOVE,
    "😎": _spread(joy=1.5, trust=1.0), "🥳": _spread(joy=3.0, anticipation=1.0),
    "🎉": _spread(joy=3.0, anticipation=1.0), "🎊": _spread(joy=3.0, anticipation=1.0),
    "✨": _spread(joy=1.5, anticipation=1.0), "☺": _spread(joy=2.5), "😇": _spread(joy=2.0),
    # Trust and reassurance
    "👍": _spread(trust=2.0, joy=1.0), "🙏": _spread(trust=2.5), "🤝": _spread(trust=3.0),
    "👌": _spread(trust=2.0), "💪": _spread(trust=2.0, anticipation=1.0), "✅": _spread(trust=2.0),
    # Anticipation
    "🤞": _spread(anticipation=2.5, fear=0.5), "⏳": _spread(anticipation=2.0),
    "👀": _spread(anticipation=1.5, surprise=1.0), "🚀": _spread(anticipation=2.5, joy=1.0),
    "✈": _spread(anticipation=2.0, joy=1.0), "🔜": _spread(anticipation=2.5),
    "🤩": _spread(joy=2.0, anticipation=1.5, surprise=1.0),
    # Sadness
    "😢": _SAD, "😭": _spread(sadness=3.5), "😞": _SAD, "😔": _SAD, "☹": _SAD, "🙁": _SAD,
    "💔": _spread(sadness=3.5), "😿": _SAD, "🥺": _spread(sadness=2.0),
    # Anger
    "😡": _ANGRY, "😠": _ANGRY, "🤬": _spread(anger=3.5), "👿": _ANGRY, "💢": _ANGRY,
    "😤": _spread(anger=2.5),
    # Fear
    "😨": _FEAR, "😰": _FEAR, "😱": _spread(fear=2.5, surprise=1.5), "😧": _FEAR,
    "😬": _spread(fear=2.0),
    "😟": _spread(fear=2.0, sadness=1.0),
    # Surprise
    "😮": _SURPRISE, "😯": _SURPRISE, "😲": _SURPRISE, "🤯": _spread(surprise=3.5),
    "❗": _spread(surprise=1.0),
    # Disgust
    "🤢": _DISGUST, "🤮": _spread(disgust=3.5), "😒": _spread(disgust=2.0, anger=1.0),
    "🙄": _spread(disgust=2.0, anger=1.0), "💩": _spread(disgust=2.0),
}
