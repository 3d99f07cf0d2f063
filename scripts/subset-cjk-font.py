#!/usr/bin/python3
"""Noto Sans CJK SC reduced to the characters the platform prints, with TrueType outlines, for the contract PDFs.

Cairo subsets every font a PDF uses, and for the 65,535-glyph CID-keyed CFF Noto CJK face that costs most of a
contract's rendering time whatever few glyphs it shows (docs/services.md, "Figures"). This face keeps GB 2312
(6,763 hanzi and its symbols), ASCII, a few punctuation marks GB 2312 lacks and every character of the text files
given (the contract templates), converted from cubic CFF outlines to quadratic TrueType ones (cairo's TrueType
subsetter copies only the glyphs used), under the family name "JZ Noto Sans SC"; any other character falls back to
the full Noto face by the family list (src/services/pdf.cpp). Run by the build (CMakeLists.txt; about a minute),
not committed: the output is about 4 MB.

usage: subset-cjk-font.py NotoSansCJK-Regular.ttc OUT.ttf [text files whose characters to keep …]
Needs Debian's python3-fonttools.
"""
import sys

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

FAMILY = "JZ Noto Sans SC"
SC_INDEX = 2  # the SC face of NotoSansCJK-*.ttc (fc-query: JP 0, KR 1, SC 2, TC 3, HK 4)


def gb2312():
    chars = set()
    for b1 in range(0xA1, 0xF8):
        for b2 in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([b1, b2]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return chars


def to_truetype(font):
    """Replaces the CFF outlines by quadratic ones within 1 unit (of 1000 per em)."""
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
                  "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    font.sfntVersion = "\x00\x01\x00\x00"


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    src, out, extra = argv[1], argv[2], argv[3:]
    chars = gb2312() | set(range(0x20, 0x7F))
    chars |= {ord(c) for c in "　—…“”‘’·〔〕～×√①②③④⑤⑥⑦⑧⑨⑩"}
    for path in extra:
        with open(path, encoding="utf-8") as f:
            chars |= {ord(c) for c in f.read() if ord(c) >= 0x20}
    font = TTFont(src, fontNumber=SC_INDEX)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=chars)
    subsetter.subset(font)
    for rec in font["name"].names:
        if rec.nameID in (1, 16):
            rec.string = FAMILY
        elif rec.nameID == 4:
            rec.string = FAMILY + " Regular"
        elif rec.nameID == 6:
            rec.string = FAMILY.replace(" ", "") + "-Regular"
    to_truetype(font)
    font.save(out)
    print(f"{out}: {len(font.getGlyphOrder())} glyphs for {len(chars)} characters")


if __name__ == "__main__":
    main(sys.argv)
