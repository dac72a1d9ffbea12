"""Turning a file's bytes into text and back: encodings, byte-order marks, line endings.

Pure functions on bytes and strings; app.core.fileio does the disk work and names the file in
its messages. Kept apart so that each module has one reason to change.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

SNIFF_BYTES = 64 * 1024
# Text has next to no control characters; random binary data has about one byte in ten.
CONTROL_SHARE_LIMIT = 0.05
# C0 controls and DEL, less the ones text really uses: tab, newlines, form feed, ESC (ANSI colour).
_CONTROL_BYTES = bytes(b for b in [*range(0x20), 0x7F] if b not in b"\t\n\v\f\r\x1b")
_CONTROL_CHARS = frozenset(chr(b) for b in _CONTROL_BYTES)

_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with a byte-order mark",
    "utf-16-le": "UTF-16 (little-endian)",
    "utf-16-be": "UTF-16 (big-endian)",
    "utf-32-le": "UTF-32 (little-endian)",
    "utf-32-be": "UTF-32 (big-endian)",
    "cp1252": "Windows-1252",
    "latin-1": "Latin-1 (ISO-8859-1)",
}
# UTF-32 marks come first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Python's -le/-be codecs write no mark, but other programs need one to recognise these files.
_WRITE_BOM = {name: bom for bom, name in _BOMS if name != "utf-8-sig"}
_NEWLINE_NAMES = {"\n": "Unix (LF)", "\r\n": "Windows (CRLF)", "\r": "old Mac (CR)"}


class NotTextError(ValueError):
    """The bytes look like a binary file (NUL bytes that are not UTF-16, many control bytes)."""


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str  # newlines normalised to "\n"
    encoding: str  # codec name to encode with again (see encode_text)
    newline: str  # dominant original line ending: "\n", "\r\n" or "\r"
    notice: str  # "" for plain UTF-8; otherwise a sentence saying what was assumed


def encoding_label(encoding: str) -> str:
    """A name for the encoding a writer would recognise ("Windows-1252", "UTF-16 (big-endian)")."""
    return _LABELS.get(encoding, encoding.upper())


def decode_document(data: bytes | bytearray) -> DecodedText:
    """Decode a whole file: byte-order mark, then UTF-8, then Windows-1252, then Latin-1.

    Raises NotTextError for binary content. Decodes once for UTF-8 files; only a file that is
    not UTF-8 pays for a second attempt.
    """
    encoding, text, notice = _decode(data)
    newline, mixed = newline_style(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if mixed:
        sentence = (
            "The file mixed line endings; it will be saved with "
            f"{_NEWLINE_NAMES[newline]} endings."
        )
        notice = f"{notice} {sentence}".strip()
    return DecodedText(text, encoding, newline, notice)


def encode_text(text: str, encoding: str, newline: str = "\n") -> bytes:
    """Encode text that uses "\\n" newlines for saving, with ``newline`` line endings.

    UTF-16 and UTF-32 get a byte-order mark. Raises UnicodeEncodeError when the encoding cannot
    hold a character, LookupError for an unknown encoding, ValueError for an unknown newline.
    """
    if newline not in _NEWLINE_NAMES:
        raise ValueError(f"unsupported line ending {newline!r}")
    if newline != "\n":
        text = text.replace("\n", newline)
    return _WRITE_BOM.get(encoding, b"") + text.encode(encoding)


def _decode(data: bytes | bytearray) -> tuple[str, str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_marked(data, bom, encoding)
    sample = bytes(data[:SNIFF_BYTES])
    if b"\x00" in sample:
        return _decode_unmarked_utf16(data, sample)
    if sample and len(sample) - len(sample.translate(None, _CONTROL_BYTES)) > (
        CONTROL_SHARE_LIMIT * len(sample)
    ):
        raise NotTextError("too many control bytes")
    try:
        return "utf-8", data.decode("utf-8"), ""
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        return "cp1252", text, "Opened as Windows-1252 because the file is not UTF-8."
    except UnicodeDecodeError:
        # latin-1 maps every byte, so this always succeeds: the last resort.
        return "latin-1", data.decode("latin-1"), (
            "Opened as Latin-1 (ISO-8859-1) because the file is neither UTF-8 nor "
            "Windows-1252; some characters may look wrong."
        )


def _decode_marked(data: bytes | bytearray, bom: bytes, encoding: str) -> tuple[str, str, str]:
    codec = "utf-8" if encoding == "utf-8-sig" else encoding  # the mark is cut off already
    label = encoding_label(encoding)
    with memoryview(data) as view, view[len(bom) :] as body:
        try:
            text = str(body, codec)
            notice = f"Opened as {label}; it will be saved the same way."
        except UnicodeDecodeError:
            # The mark is strong evidence: show the damage rather than guess another encoding.
            text = str(body, codec, "replace")
            notice = (
                f"Opened as {label}, but some bytes were not valid {label} and show as �; "
                "saving will keep the � marks."
            )
    if _too_many_controls(text[: SNIFF_BYTES // 2]):
        raise NotTextError("too many control characters after the byte-order mark")
    return encoding, text, notice


def _decode_unmarked_utf16(data: bytes | bytearray, sample: bytes) -> tuple[str, str, str]:
    # Mostly-ASCII UTF-16 has a zero in nearly every other byte; binary has zeros anywhere.
    pairs = len(sample) // 2
    zeros_even, zeros_odd = sample[0::2].count(0), sample[1::2].count(0)
    if pairs >= 2 and zeros_odd > 0.3 * pairs and zeros_even <= 0.01 * pairs:
        encoding = "utf-16-le"
    elif pairs >= 2 and zeros_even > 0.3 * pairs and zeros_odd <= 0.01 * pairs:
        encoding = "utf-16-be"
    else:
        raise NotTextError("NUL bytes that are not UTF-16")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise NotTextError("NUL bytes that are not valid UTF-16") from None
    if _too_many_controls(text[: SNIFF_BYTES // 2]):
        raise NotTextError("too many control characters in UTF-16")
    notice = (
        f"Opened as {encoding_label(encoding)}, which the file did not mark; "
        "it will be saved with a byte-order mark."
    )
    return encoding, text, notice


def _too_many_controls(text: str) -> bool:
    controls = sum(1 for char in text if char in _CONTROL_CHARS)
    return controls > CONTROL_SHARE_LIMIT * len(text)


def newline_style(text: str) -> tuple[str, bool]:
    """The dominant line ending in ``text`` and whether it mixes several."""
    if "\r" not in text:  # the common case: one fast scan instead of three counts
        return "\n", False
    crlf = text.count("\r\n")
    counts = {"\n": text.count("\n") - crlf, "\r\n": crlf, "\r": text.count("\r") - crlf}
    style = max(counts, key=lambda key: counts[key])  # a tie keeps "\n": it is listed first
    if counts[style] == 0:
        return "\n", False
    return style, sum(1 for count in counts.values() if count) > 1
