"""The per-paragraph part of `check --json`: for each non-blank paragraph its offsets, its
human-ness, what the model read of it (predictability and each sentence's mean surprisal),
the feeling a reader will get (emotions with the words behind them), and how much it sounds
like the writer (with --voice). Also the document's human-ness with the signals it used.

Offsets are Python string offsets into the file's text, as the suggestions' are.
"""

from __future__ import annotations

from app.core.analysis.emotion import EmotionModel, EmotionScore
from app.core.analysis.humanness import humanness, humanness_label
from app.core.analysis.incremental import ParagraphMeasurer
from app.core.analysis.predictability import ParagraphPredictability, Reading, model_humanness
from app.core.document import line_starts, split_lines

RULE_SIGNALS = ["machine_findings", "sentence_length_variation", "lexical_variety"]
MODEL_SIGNALS = ["first_choice_share", "mean_surprisal", "surprisal_spread",
                 "machine_findings", "sentence_length_variation"]


def emotion_payload(score: EmotionScore, base: int) -> dict:
    return {
        "label": score.label,
        "intensity": round(score.intensity, 3),
        "scores": {k: round(v, 3) for k, v in score.scores.items()},
        "cues": [{"start": base + c.start, "end": base + c.end, "text": c.text,
                  "emotion": c.emotion, "weight": round(c.weight, 3)} for c in score.cues],
    }


def paragraphs_payload(text: str,
                       readings: dict[int, tuple[ParagraphPredictability, Reading]],
                       family: str = "gemma3", voice=None) -> tuple[list[dict], dict]:
    """(the "paragraphs" list, the document's "emotion")."""
    measurer = ParagraphMeasurer()
    emotions = EmotionModel.load()
    matcher = None
    if voice is not None:
        from app.core.voice.match import matcher as voice_matcher

        matcher = voice_matcher(voice)
    lines = split_lines(text)
    found, total = [], None
    for number, (start, line) in enumerate(zip(line_starts(lines), lines, strict=True)):
        if not line.strip():
            continue
        rules = humanness(measurer.measure(line).humanness)
        entry: dict = {"start": start, "end": start + len(line)}
        read = readings.get(number)
        score = None
        if read is not None:
            summary, reading = read
            score = model_humanness(reading, rules.ai_tells_per_1000_words,
                                    rules.sentence_length_cv, family)
            entry["predictability"] = {
                "mean_surprisal": round(summary.mean_surprisal, 3),
                "spread": round(summary.spread, 3), "tokens": summary.counts.tokens,
            }
            entry["sentences"] = [{"start": start + s.start, "end": start + s.end,
                                   "mean_surprisal": round(s.mean_surprisal, 3)}
                                  for s in summary.sentences]
        entry["humanness"] = score if score is not None else rules.score
        feeling = emotions.score_paragraph(line)
        total = feeling.counts if total is None else total + feeling.counts
        entry["emotion"] = emotion_payload(feeling.emotion, start)
        entry["emotion"]["sentences"] = [
            {"start": start + s.start, "end": start + s.end,
             **emotion_payload(s.emotion, start)} for s in feeling.sentences]
        if matcher is not None:
            from app.core.voice.counts import count_paragraph

            entry["voice_match"] = matcher.match_counts(count_paragraph(line,
                                                                        phrases=False)).score
        found.append(entry)
    document = total.score() if total is not None else EmotionModel.load().score_sentence("")
    return found, emotion_payload(document, 0)


def humanness_payload(gauge: dict, readings: dict[int, tuple[ParagraphPredictability, Reading]],
                      model: str, family: str, words: int) -> dict:
    """The document's human-ness: model-backed when the model read it, else the rules'
    score, with the signals it used named."""
    gauge = dict(gauge)
    gauge["rules_score"] = gauge["score"]
    total = None
    for _summary, reading in readings.values():
        total = reading if total is None else total + reading
    score = None if total is None else model_humanness(
        total, gauge["ai_tells_per_1000_words"], gauge["sentence_length_cv"], family)
    if score is None:
        gauge.update(signals=RULE_SIGNALS, model=None)
        return gauge
    gauge.update(score=score, label=humanness_label(score, words), signals=MODEL_SIGNALS,
                 model=model)
    return gauge


def format_emotions(text: str) -> str:
    """`check --emotions`: a row per paragraph: its feeling, the two strongest emotions with
    their share, and the words that carry the strongest."""
    model = EmotionModel.load()
    rows = ["  Feeling      ¶    reads as                 strongest               words"]
    lines = split_lines(text)
    total = None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        feeling = model.score_paragraph(line)
        total = feeling.counts if total is None else total + feeling.counts
        score = feeling.emotion
        first, second = score.top(2)
        words = ", ".join(dict.fromkeys(c.text for c in score.cues if c.emotion == first))
        label = score.label if score.intensity >= 0.2 else "neutral"
        rows.append(f"               {number:<4} {label:<10} {score.intensity:4.2f}      "
                    f"{first} {score.scores[first]:.2f}, {second} {score.scores[second]:.2f}"
                    f"   {words[:60] or '-'}")
    if total is not None:
        document = total.score()
        rows.append(f"  Document     reads as {document.label} (intensity "
                    f"{document.intensity:.2f}), valence {document.valence:+.2f}")
    return "\n".join(rows)
