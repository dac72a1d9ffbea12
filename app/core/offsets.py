"""Python string offsets versus Qt's UTF-16 positions, and where each line starts.

Core code counts code points; Qt counts UTF-16 units, in which an emoji or any other character
beyond U+FFFF takes two. `LineIndex` keeps each line's length and its count of such astral
characters, with sums per block of lines, so the start of line n in either unit costs a few
block sums rather than a walk over the document.
"""

from __future__ import annotations

from collections.abc import Sequence

_BLOCK = 256


def astral_count(text: str) -> int:
    if text.isascii():
        return 0
    return len(text.encode("utf-16-le")) // 2 - len(text)


def to_utf16(text: str, index: int) -> int:
    """UTF-16 position of the Python offset `index` in `text`."""
    return index + astral_count(text[:index])


def from_utf16(text: str, position: int) -> int:
    """Python offset of a UTF-16 position in `text` (inside a pair: the pair's start)."""
    if text.isascii():
        return position
    units = 0
    for index, char in enumerate(text):
        if units >= position:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)


class LineIndex:
    """Start offsets of lines (Python and UTF-16), updated as lines are replaced."""

    def __init__(self, lines: Sequence[str] = ("",)) -> None:
        self._lengths: list[int] = [len(line) + 1 for line in lines]  # +1: the line break
        self._astral: list[int] = [astral_count(line) for line in lines]
        self._rebuild_from(0)

    def __len__(self) -> int:
        return len(self._lengths)

    def replace(self, first: int, removed: int, new_lines: Sequence[str]) -> None:
        self._lengths[first : first + removed] = [len(line) + 1 for line in new_lines]
        self._astral[first : first + removed] = [astral_count(line) for line in new_lines]
        if removed == len(new_lines):
            for offset in range(len(new_lines)):  # same line count: adjust the blocks touched
                block = (first + offset) // _BLOCK
                start = block * _BLOCK
                self._length_sums[block] = sum(self._lengths[start : start + _BLOCK])
                self._astral_sums[block] = sum(self._astral[start : start + _BLOCK])
        else:
            self._rebuild_from(first // _BLOCK)

    def start(self, line: int) -> int:
        """Python offset of the first character of `line`."""
        return self._prefix(self._lengths, self._length_sums, line)

    def start_utf16(self, line: int) -> int:
        return self.start(line) + self._prefix(self._astral, self._astral_sums, line)

    def line_at(self, offset: int) -> int:
        """The line holding the Python offset (a line break belongs to its line)."""
        block = 0
        total = 0
        while block < len(self._length_sums) and total + self._length_sums[block] <= offset:
            total += self._length_sums[block]
            block += 1
        line = block * _BLOCK
        while line < len(self._lengths) - 1 and total + self._lengths[line] <= offset:
            total += self._lengths[line]
            line += 1
        return line

    def _rebuild_from(self, block: int) -> None:
        blocks = (len(self._lengths) + _BLOCK - 1) // _BLOCK
        if block == 0:
            self._length_sums: list[int] = []
            self._astral_sums: list[int] = []
        del self._length_sums[block:]
        del self._astral_sums[block:]
        for b in range(block, blocks):
            self._length_sums.append(sum(self._lengths[b * _BLOCK : (b + 1) * _BLOCK]))
            self._astral_sums.append(sum(self._astral[b * _BLOCK : (b + 1) * _BLOCK]))

    @staticmethod
    def _prefix(values: list[int], sums: list[int], line: int) -> int:
        block = line // _BLOCK
        return sum(sums[:block]) + sum(values[block * _BLOCK : line])
