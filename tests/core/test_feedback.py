from app.core.feedback import FeedbackStore
from app.core.suggestions import Suggestion


def sugg(original="utilize", replacement="use", kind="wordy"):
    return Suggestion(0, len(original), original, replacement, kind, "Shorter.", "lexicon:wordy")


def test_rejection_is_remembered_across_restart(tmp_path):
    path = tmp_path / "feedback.sqlite"
    store = FeedbackStore(path)
    store.record("reject", sugg())
    store.close()
    again = FeedbackStore(path)
    assert again.is_rejected(sugg())
    assert again.is_rejected(sugg("Utilize", "Use"))  # same text, other case
    assert not again.is_rejected(sugg("leverage"))


def test_accept_log_has_provenance_per_document(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite")
    store.record("accept", sugg(), document="/a.md")
    store.record("accept", sugg("in order to", "to"), document="/b.md", after="so as to")
    store.record("reject", sugg("very", ""), document="/a.md")
    changes = store.accepted_changes("/a.md")
    assert [(c.before, c.after, c.kind, c.source) for c in changes] == [
        ("utilize", "use", "wordy", "lexicon:wordy")
    ]
    assert store.accepted_changes("/b.md")[0].after == "so as to"
    assert changes[0].at > 0


def test_kinds_the_writer_rejects_sink(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite")
    for _ in range(6):
        store.record("reject", sugg("quickly", "", kind="adverb"))
    store.record("accept", sugg())
    penalties = store.kind_penalties()
    assert penalties["adverb"] > penalties["wordy"]


def test_lists_and_forgetting(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite")
    store.ignore_phrase("Leverage ")
    store.add_personal_word("Humanize")
    store.record("reject", sugg())
    assert store.ignored_phrases() == {"leverage"}
    assert store.personal_words() == {"humanize"}
    store.forget_everything()
    assert not store.ignored_phrases() and not store.personal_words()
    assert not store.is_rejected(sugg()) and store.accepted_changes() == []


def test_damaged_database_is_kept_aside(tmp_path):
    path = tmp_path / "feedback.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    store = FeedbackStore(path)
    assert store.warnings and "damaged" in store.warnings[0]
    assert list(tmp_path.glob("feedback.sqlite.bad-*"))
    store.record("reject", sugg())
    assert store.is_rejected(sugg())


def test_accepted_examples_for_a_tone(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite")
    s = Suggestion(0, 5, "Hello", "Hi there", "rewrite", "Warm", "gemma")
    store.record("accept", s)
    assert store.accepted_examples("rewrite", "Warm", 3) == [("Hello", "Hi there")]
    assert store.accepted_examples("rewrite", "Formal", 3) == []


def test_an_undone_accept_is_retracted_from_the_log(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite")
    first = store.record("accept", sugg(), document="/a.md")
    store.record("accept", sugg("in order to", "to"), document="/a.md")
    store.retract(first)
    assert [c.before for c in store.accepted_changes("/a.md")] == ["in order to"]
