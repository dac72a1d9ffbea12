"""Reading a text with the loaded model: how surprising each token is (its surprisal, −ln p,
in nats) and its rank among everything the model might have written there. No Qt here.

The scorer has its own llama.cpp context on the engine's model (the weights are shared, the
key/value cache is not), so reading the draft never evicts the rewrite prompt's cache. It
evaluates text in chunks of CHUNK tokens with the logits of every position; from each logit
row it keeps two numbers, the target token's surprisal and rank, and lets the row go (262,144
floats for Gemma's vocabulary: a megabyte a token). Cancelling is checked between chunks.

Used for three things: the predictability view and `predictable` findings (score), human-ness
2.0 (the mean and spread of surprisal), and ranking candidate wordings by fluency
(continuations: the log-probability of each candidate after a shared prefix, which is
evaluated once).
"""

from __future__ import annotations

import ctypes
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.llm.engine import Engine, EngineError

CHUNK = 32  # tokens per decode: logits for all of them are 32 MB at Gemma's vocabulary
# Logit rows reduced to a surprisal and a rank at a time, in scratch arrays the scorer keeps
# (4 MB and 1 MB at Gemma's vocabulary). Reducing a whole chunk at once made ~100 MB of
# temporary arrays per decode, allocated and handed back to the system each time, and every
# GUI stall over 100 ms in a 30-minute bench soak came while the model read the draft.
ROWS_AT_ONCE = 4
CONTEXT_TOKENS = 48  # preceding text given as context, at most


@dataclass(frozen=True, slots=True)
class TokenScores:
    """The scores of one text's tokens. Offsets are Python string offsets into the text."""

    spans: tuple[tuple[int, int], ...]  # each scored token's characters (may be empty)
    surprisal: tuple[float, ...]  # −ln p(token | what comes before), nats
    ranks: tuple[int, ...]  # 0 = the model's first choice

    @property
    def mean(self) -> float:
        return sum(self.surprisal) / len(self.surprisal) if self.surprisal else 0.0


class Scorer:
    """Belongs to the thread of its engine, like the engine itself."""

    def __init__(self, engine: Engine, n_ctx: int = 1024, n_threads: int | None = None) -> None:
        llm = engine.native
        self._engine = engine
        self._llm = llm
        from llama_cpp import llama_cpp as low

        self._low = low
        params = low.llama_context_default_params()
        params.n_ctx = n_ctx
        params.n_batch = CHUNK
        params.n_ubatch = CHUNK
        threads = n_threads or engine.model.n_threads
        params.n_threads = threads
        params.n_threads_batch = threads
        params.no_perf = True
        self._ctx = low.llama_init_from_model(llm._model.model, params)
        if not self._ctx:
            raise EngineError("The model could not open a second context for reading.")
        self._n_ctx = n_ctx
        self._vocab = low.llama_model_get_vocab(llm._model.model)
        self._n_vocab = low.llama_vocab_n_tokens(self._vocab)
        self._batch = low.llama_batch_init(CHUNK, 0, 1)
        self._work = np.empty((ROWS_AT_ONCE, self._n_vocab), dtype=np.float32)
        self._above = np.empty((ROWS_AT_ONCE, self._n_vocab), dtype=bool)
        self._cached: list[int] = []  # tokens whose keys and values are in the cache

    def close(self) -> None:
        if self._ctx:
            self._low.llama_batch_free(self._batch)
            self._low.llama_free(self._ctx)
            self._ctx = None

    # --- public -----------------------------------------------------------------------------

    def score(self, text: str, context: str = "",
              cancel: threading.Event | None = None) -> TokenScores | None:
        """Surprisal and rank of every token of `text` after `context` (the end of the text
        before it); None when cancelled. Raises EngineError when the text is too long."""
        prefix = self._prefix(context)
        tokens, spans = self._tokens_with_spans(text)
        if not tokens:
            return TokenScores((), (), ())
        if len(prefix) + len(tokens) > self._n_ctx:
            raise EngineError("The paragraph is too long to read in one go.")
        scored = self._evaluate(prefix, tokens, cancel)
        if scored is None:
            return None
        surprisal, ranks = scored
        return TokenScores(tuple(spans), tuple(surprisal), tuple(ranks))

    def continuations(self, prefix_text: str, candidates: Sequence[str],
                      cancel: threading.Event | None = None) -> list[tuple[float, int]] | None:
        """For each candidate, (sum of ln p of its tokens after the prefix, token count): how
        likely the model finds each wording in the same place. None when cancelled."""
        prefix = self._prefix(prefix_text, limit=self._n_ctx // 2)
        found = []
        for candidate in candidates:
            tokens, _spans = self._tokens_with_spans(candidate)
            if not tokens:
                found.append((0.0, 0))
                continue
            tokens = tokens[: self._n_ctx - len(prefix)]
            scored = self._evaluate(prefix, tokens, cancel)
            if scored is None:
                return None
            surprisal, _ranks = scored
            found.append((-sum(surprisal), len(tokens)))
        return found

    # --- tokens -----------------------------------------------------------------------------

    def _prefix(self, context: str, limit: int = CONTEXT_TOKENS) -> list[int]:
        bos = [self._llm.token_bos()]
        if not context.strip():
            return bos
        tokens = self._llm.tokenize(context.encode("utf-8"), add_bos=False, special=False)
        return bos + tokens[-limit:]

    def _tokens_with_spans(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """The text's tokens and, for each, the characters it covers."""
        data = text.encode("utf-8")
        tokens = self._llm.tokenize(data, add_bos=False, special=False)
        pieces = [self._engine.piece(t) for t in tokens]
        joined = b"".join(pieces)
        # A tokenizer may add a space before the first word; it belongs to no character.
        lead = len(joined) - len(data) if joined.endswith(data) else 0
        # Byte offsets of each character start, to map token bytes back to characters.
        char_of_byte = [0] * (len(data) + 1)
        index = 0
        for position, ch in enumerate(text):
            width = len(ch.encode("utf-8"))
            for k in range(width):
                char_of_byte[index + k] = position
            index += width
        char_of_byte[len(data)] = len(text)
        spans, at = [], -lead
        for piece in pieces:
            start, end = max(0, at), max(0, min(len(data), at + len(piece)))
            spans.append((char_of_byte[start], char_of_byte[end] if end > start else
                          char_of_byte[start]))
            at += len(piece)
        return tokens, spans

    # --- evaluation -------------------------------------------------------------------------

    def _evaluate(self, prefix: list[int], tokens: list[int],
                  cancel: threading.Event | None) -> tuple[list[float], list[int]] | None:
        """Surprisal and rank of each of `tokens` after `prefix`, reusing the cache for the
        part of the prefix already evaluated."""
        low = self._low
        sequence = prefix + tokens
        shared = 0
        for a, b in zip(self._cached, sequence, strict=False):
            if a != b:
                break
            shared += 1
        # The last prefix token is evaluated again: its logits predict the first token.
        shared = min(shared, len(prefix) - 1)
        memory = low.llama_get_memory(self._ctx)
        if not low.llama_memory_seq_rm(memory, 0, shared, -1):
            low.llama_memory_clear(memory, True)
            shared = 0
        self._cached = sequence[:shared]
        surprisal: list[float] = []
        ranks: list[int] = []
        first_scored = len(prefix) - 1  # the position whose logits predict tokens[0]
        for start in range(shared, len(sequence) - 1, CHUNK):
            if cancel is not None and cancel.is_set():
                return None
            piece = sequence[start : min(start + CHUNK, len(sequence) - 1)]
            batch = self._batch
            batch.n_tokens = len(piece)
            wanted = []
            for i, token in enumerate(piece):
                position = start + i
                batch.token[i] = token
                batch.pos[i] = position
                batch.n_seq_id[i] = 1
                batch.seq_id[i][0] = 0
                want = position >= first_scored
                batch.logits[i] = want
                if want:
                    wanted.append(position)
            if low.llama_decode(self._ctx, batch) != 0:
                raise EngineError("The model could not read this text.")
            self._cached = sequence[: start + len(piece)]
            if wanted:
                s, r = self._scores(len(wanted), [sequence[p + 1] for p in wanted])
                surprisal += s
                ranks += r
        return surprisal, ranks

    def _scores(self, rows: int, targets: list[int]) -> tuple[list[float], list[int]]:
        """Surprisal and rank of each target from the last decode's logit rows."""
        pointer = self._low.llama_get_logits(self._ctx)
        logits = np.ctypeslib.as_array(
            ctypes.cast(pointer, ctypes.POINTER(ctypes.c_float)), shape=(rows, self._n_vocab))
        surprisal: list[float] = []
        ranks: list[int] = []
        for first in range(0, rows, ROWS_AT_ONCE):
            block = logits[first : first + ROWS_AT_ONCE]
            n = len(block)
            target = block[np.arange(n), targets[first : first + n]]
            top = block.max(axis=1)
            work = self._work[:n]
            np.subtract(block, top[:, None], out=work)
            np.exp(work, out=work)
            found = np.log(work.sum(axis=1)) + top - target
            above = self._above[:n]
            np.greater(block, target[:, None], out=above)
            surprisal += [float(x) if math.isfinite(x) else 30.0 for x in found]
            ranks += [int(x) for x in np.count_nonzero(above, axis=1)]
        return surprisal, ranks
