"""A tiny TrueType font made on the fly, so font tests need no font installed by hand.

`make_font(family, characters)` returns the bytes of a valid TrueType file in which every given
character is a plain box (glyph 0 is the usual "missing" glyph). Qt loads it with
QFontDatabase.addApplicationFontFromData and can draw, measure and embed it in a PDF like any
other font: enough to test what happens with and without the glyphs a text needs.
"""

from __future__ import annotations

import struct

UNITS = 1000
ADVANCE = 600
BOX = (50, 0, 550, 700)  # xMin, yMin, xMax, yMax of every drawn glyph


def make_font(family: str, characters: str) -> bytes:
    codes = sorted({ord(ch) for ch in characters if ord(ch) < 0xFFFF})
    glyphs = len(codes) + 1  # glyph 0: .notdef
    tables = {
        b"OS/2": _os2(codes),
        b"cmap": _cmap(codes),
        b"glyf": b"",
        b"head": b"",
        b"hhea": _hhea(glyphs),
        b"hmtx": struct.pack(">Hh", ADVANCE, BOX[0]) * glyphs,
        b"loca": b"",
        b"maxp": _maxp(glyphs),
        b"name": _name(family),
        b"post": struct.pack(">IiHhIIIII", 0x00030000, 0, 0xFF9C, 50, 0, 0, 0, 0, 0)[:32],
    }
    box = _box_glyph()
    glyf = _box_glyph(notdef=True) + box * len(codes)
    offsets = [0, len(_box_glyph(notdef=True))]
    offsets += [offsets[1] + len(box) * (i + 1) for i in range(len(codes))]
    tables[b"glyf"] = glyf
    tables[b"loca"] = struct.pack(f">{len(offsets)}I", *offsets)
    tables[b"head"] = _head()
    return _assemble(tables)


def _box_glyph(notdef: bool = False) -> bytes:
    x0, y0, x1, y1 = BOX
    if notdef:  # a smaller hollow-looking box, so it differs from the drawn glyphs
        x0, y0, x1, y1 = 100, 0, 500, 500
    points = [(x0, y0), (x0, y1), (x1, y1), (x1, y0)]
    header = struct.pack(">hhhhh", 1, x0, y0, x1, y1)
    ends = struct.pack(">H", len(points) - 1) + struct.pack(">H", 0)  # no instructions
    flags = bytes([0x01] * len(points))  # on-curve, 16-bit signed deltas
    xs, ys, px, py = b"", b"", 0, 0
    for x, y in points:
        xs += struct.pack(">h", x - px)
        ys += struct.pack(">h", y - py)
        px, py = x, y
    data = header + ends + flags + xs + ys
    return data + b"\0" * (-len(data) % 4)


def _head() -> bytes:
    return struct.pack(
        ">IIIIHHqqhhhhHHhh", 0x00010000, 0x00010000, 0, 0x5F0F3CF5, 0x000B, UNITS, 0, 0,
        *BOX, 0, 8, 2, 1,  # macStyle, lowestRecPPEM, fontDirectionHint, long loca offsets
    ) + struct.pack(">h", 0)


def _hhea(glyphs: int) -> bytes:
    return struct.pack(">IhhhHhhhhhhhhhhhH", 0x00010000, 800, -200, 0, ADVANCE, BOX[0],
                       ADVANCE - BOX[2], BOX[2], 1, 0, 0, 0, 0, 0, 0, 0, glyphs)


def _maxp(glyphs: int) -> bytes:
    return struct.pack(">IHHHHHHHHHHHHHH", 0x00010000, glyphs, 4, 1, 0, 0, 2, 0, 0, 0, 0, 0,
                       0, 0, 0)


def _os2(codes: list[int]) -> bytes:
    first = min(codes) if codes else 0x20
    last = max(codes) if codes else 0x20
    return struct.pack(
        ">HhHHHhhhhhhhhhhh10sIIII4sHHHhhhHHIIhhHHH",
        4, ADVANCE, 400, 5, 0,  # version, avg width, weight, width, fsType 0: embeddable
        500, 500, 0, 0, 500, 500, 0, 300, 50, 250, 0,  # sub/superscripts, strikeout, class
        bytes(10), 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0, b"TEST",  # panose, unicode ranges
        0x0040, first, last, 800, -200, 0, 800, 200,  # regular, first/last, typo, win metrics
        0x0000_0001, 0, 500, 700, 0, 0x20, 1,  # code pages (Latin 1), x/cap height, chars
    )


def _cmap(codes: list[int]) -> bytes:
    # Format 4, one segment per character, plus the closing 0xFFFF segment.
    ends = [*codes, 0xFFFF]
    starts = [*codes, 0xFFFF]
    deltas = [(glyph - code) & 0xFFFF for glyph, code in enumerate(codes, start=1)] + [1]
    segments = len(ends)
    search = 2 ** (segments.bit_length() - 1) * 2
    body = struct.pack(">HHHH", segments * 2, search, search.bit_length() - 2,
                       segments * 2 - search)
    body += struct.pack(f">{segments}H", *ends) + b"\0\0"
    body += struct.pack(f">{segments}H", *starts)
    body += struct.pack(f">{segments}H", *deltas)
    body += struct.pack(f">{segments}H", *([0] * segments))
    subtable = struct.pack(">HHH", 4, 6 + len(body), 0) + body
    return struct.pack(">HHHHI", 0, 1, 3, 1, 12) + subtable


def _name(family: str) -> bytes:
    records = [(1, family), (2, "Regular"), (4, f"{family} Regular"),
               (6, family.replace(" ", "") + "-Regular")]
    strings, entries = b"", b""
    for name_id, text in records:
        data = text.encode("utf-16-be")
        entries += struct.pack(">HHHHHH", 3, 1, 0x0409, name_id, len(data), len(strings))
        strings += data
    offset = 6 + 12 * len(records)
    return struct.pack(">HHH", 0, len(records), offset) + entries + strings


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def _assemble(tables: dict[bytes, bytes]) -> bytes:
    tags = sorted(tables)
    count = len(tags)
    search = 2 ** (count.bit_length() - 1) * 16
    header = struct.pack(">IHHHH", 0x00010000, count, search, (search // 16).bit_length() - 1,
                         count * 16 - search)
    offset = 12 + 16 * count
    directory, body = b"", b""
    for tag in tags:
        data = tables[tag]
        directory += struct.pack(">4sIII", tag, _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    return header + directory + body
