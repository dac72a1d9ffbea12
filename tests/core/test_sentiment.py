import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from app.core.analysis.incremental import analyze_text
from app.core.analysis.sentiment import SentimentScorer, label_for
from app.core.document import split_sentences


def test_single_sentence_equals_vader():
    s = "I absolutely love this wonderful little town!"
    counts = SentimentScorer().count(s)
    assert counts.compound == pytest.approx(
        SentimentIntensityAnalyzer().polarity_scores(s)["compound"]
    )


def test_paragraph_is_word_weighted_mean_of_sentences():
    first = "This is a truly great and happy day for all of us here."
    second = "Awful."
    vader = SentimentIntensityAnalyzer()
    c1, c2 = (vader.polarity_scores(x)["compound"] for x in (first, second))
    expected = (c1 * 13 + c2 * 1) / 14
    assert SentimentScorer().count(f"{first} {second}").compound == pytest.approx(expected)


def test_labels_and_drivers():
    r = analyze_text("The service was terrible and the food was awful.\nWe left angry.")
    assert r.sentiment.label == "negative"
    words = [w for w, _ in r.sentiment.drivers]
    assert "terrible" in words and "awful" in words
    assert all(v < 0 for _, v in r.sentiment.drivers)
    assert analyze_text("The meeting is at noon.").sentiment.label == "neutral"
    assert label_for(0.05) == "positive" and label_for(-0.05) == "negative"


def test_vader_never_sees_more_than_a_sentence(monkeypatch):
    seen = []
    original = SentimentIntensityAnalyzer.polarity_scores

    def spy(self, text):
        seen.append(text)
        return original(self, text)

    monkeypatch.setattr(SentimentIntensityAnalyzer, "polarity_scores", spy)
    text = "One happy line. Two sad lines! Three? " * 3 + "\nAnother paragraph here."
    analyze_text(text)
    assert seen and all(len(split_sentences(s)) == 1 for s in seen)
