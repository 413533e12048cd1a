#!/usr/bin/python3
"""pdf_text.py - the text of a figure that PLplot's cairo driver wrote as
PDF, each piece with its place on the page.

Usage: pdf_text.py FILE.pdf   (prints x, y and the text of each piece)

The SVG and PNG figures hold their text as glyph outlines and pixels; the
PDF keeps it as text in the fonts' own codes, with a ToUnicode map for
each font.  This reads what cairo writes (one page, its text shown by Tj
and TJ between BT and ET, placed by Tm and Td, in 8-bit subsets and a
composite font of 2-byte codes, a ligature marked with the text it stands
for), not any PDF.
A piece is what is shown from one place: a label, written in one or more
fonts (cairo shows the labels of a line in one TJ, moving between them by
more than a kerning).  Its place is in points from the page's top left corner (cairo
flips the page once, at the start: "1 0 0 -1 0 H cm").
"""
import re
import sys
import zlib


def _objects(data):
    """{number: (dictionary text, stream bytes or None)}."""
    out = {}
    for m in re.finditer(rb"(\d+) 0 obj(.*?)endobj", data, re.S):
        body = m.group(2)
        s = re.search(rb"stream\r?\n", body)
        if s is None:
            out[int(m.group(1))] = (body, None)
            continue
        raw = body[s.end():body.rindex(b"endstream")]
        if b"/FlateDecode" in body[:s.start()]:
            raw = zlib.decompressobj().decompress(raw)
        out[int(m.group(1))] = (body[:s.start()], raw)
    return out


def _cmap(stream):
    """A ToUnicode map: {code: text}."""
    out = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.S):
        for a, b in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            out[int(a, 16)] = bytes.fromhex(b.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", stream, re.S):
        for a, b, c in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            first = int(c, 16)
            for k in range(int(a, 16), int(b, 16) + 1):
                out[k] = chr(first + k - int(a, 16))
    return out


def _string(token):
    """The codes of a PDF string, (literal) or <hex>."""
    if token.startswith(b"<"):
        return bytes.fromhex(token[1:-1].decode())
    body, out, i = token[1:-1], bytearray(), 0
    while i < len(body):
        c = body[i]
        if c == 0x5C:  # backslash
            i += 1
            e = body[i:i + 1]
            if e.isdigit():
                m = re.match(rb"[0-7]{1,3}", body[i:])
                out.append(int(m.group(0), 8) & 0xFF)
                i += len(m.group(0))
                continue
            out += {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b",
                    b"f": b"\f"}.get(e, e)
        else:
            out.append(c)
        i += 1
    return bytes(out)


TOKEN = re.compile(rb"\((?:\\.|[^\\)])*\)|<[0-9a-fA-F\s]*>|\[|\]|/[^\s/\[\]()<>]+|[^\s/\[\]()<>]+", re.S)


def texts(path):
    """[(text, x, y)] of each piece of text of the PDF at path, and the
    page's width and height: (pieces, (width, height))."""
    pieces, page = _pieces(path)
    return [tuple(p[:3]) for p in pieces], page


def _pieces(path):
    """[[text, x, y, text matrix (a, b, c, d), size, advance]], page."""
    data = open(path, "rb").read()
    objs = _objects(data)
    box = re.search(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]", data)
    page = (float(box.group(3)), float(box.group(4)))
    # Each font's map and widths, by the resource name the content uses.
    maps, widths, two_byte = {}, {}, set()
    for d, _ in objs.values():
        for name, ref in re.findall(rb"/(f-\d+-\d+)\s+(\d+) 0 R", d):
            font = objs.get(int(ref), (b"", None))[0]
            tu = re.search(rb"/ToUnicode\s+(\d+) 0 R", font)
            if tu:
                maps[name.decode()] = _cmap(objs[int(tu.group(1))][1])
            first = re.search(rb"/FirstChar\s+(\d+)", font)
            w = re.search(rb"/Widths\s*\[([^\]]*)\]", font)
            if first and w:
                widths[name.decode()] = {int(first.group(1)) + i: float(x)
                                         for i, x in enumerate(w.group(1).split())}
            # A composite font (Type0, Identity-H: cairo's for glyphs
            # beyond its 8-bit subsets, "−" and ligatures): codes of two
            # bytes, the glyph ids, whose widths its descendant gives in W
            # ("first [w w ...]" or "first last w").
            desc = re.search(rb"/DescendantFonts\s*\[\s*(\d+) 0 R", font)
            if b"/Type0" in font and desc:
                two_byte.add(name.decode())
                table, wd = {}, re.search(rb"/W\s*\[(.*)\]", objs[int(desc.group(1))][0], re.S)
                items = re.findall(rb"\[[^\]]*\]|[-\d.]+", wd.group(1)) if wd else []
                i = 0
                while i + 1 < len(items):
                    start = int(items[i])
                    if items[i + 1].startswith(b"["):
                        for k, x in enumerate(items[i + 1][1:-1].split()):
                            table[start + k] = float(x)
                        i += 2
                    else:
                        for c in range(start, int(items[i + 1]) + 1):
                            table[c] = float(items[i + 2])
                        i += 3
                widths[name.decode()] = table
    pieces = []
    for d, stream in objs.values():
        if stream is None or b"BT" not in stream:
            continue
        font, width, size, wide = {}, {}, 1.0, False
        tm, line, stack, arr, current = [1, 0, 0, 1, 0, 0], [0, 0], [], None, None
        actual = None  # the text a marked span stands for (a ligature's)
        for tok in TOKEN.findall(stream):
            if tok == b"[":
                arr = []
            elif tok == b"]":
                stack.append(arr)
                arr = None
            elif arr is not None:
                arr.append(tok)
            elif tok in (b"Tm", b"Td", b"TD", b"BT", b"ET", b"T*"):
                if tok == b"Tm":
                    tm = [float(x) for x in stack[-6:]]
                    line = tm[4:6]
                elif tok in (b"Td", b"TD"):
                    tx, ty = float(stack[-2]), float(stack[-1])
                    line = [line[0] + tx * tm[0] + ty * tm[2], line[1] + tx * tm[1] + ty * tm[3]]
                at = list(line)
                current = None
                stack = []
            elif tok == b"Tf":
                name = stack[-2].decode().lstrip("/")
                font, width, size = maps.get(name, {}), widths.get(name, {}), float(stack[-1])
                wide = name in two_byte
                stack = []
            elif tok == b"BDC":
                if b"/ActualText" in stack:
                    actual = _string(stack[stack.index(b"/ActualText") + 1]).decode("utf-16")
                stack = []
            elif tok == b"EMC":
                actual = None
                stack = []
            elif tok in (b"Tj", b"TJ"):
                # Shown from the current place: a move of more than a
                # kerning's (cairo shows the labels of a line in one TJ,
                # their gaps as moves, an overlap as a move back) starts a
                # piece of its own.
                shown = stack[-1] if isinstance(stack[-1], list) else [stack[-1]]
                for s in shown:
                    if s[:1] in (b"(", b"<"):
                        codes = _string(s)
                        if wide:
                            codes = [codes[k] << 8 | codes[k + 1] for k in range(0, len(codes) - 1, 2)]
                        text = "".join(font.get(c, "\ufffd") for c in codes)
                        if actual is not None and codes:
                            text, actual = actual, ""
                        if current is None:
                            current = [text, at[0], at[1], tm[:4], size, 0.0]
                            pieces.append(current)
                        else:
                            current[0] += text
                        advance = sum(width.get(c, 0.0) for c in codes) / 1000 * size
                        current[5] += advance
                    else:
                        advance = -float(s) / 1000 * size
                        if abs(advance) > 0.15 * size:
                            current = None
                        elif current is not None:
                            current[5] += advance
                    at = [at[0] + advance * tm[0], at[1] + advance * tm[1]]
                stack = []
            elif re.fullmatch(rb"[A-Za-z*']+", tok):
                stack = []
            else:
                stack.append(tok)
    return pieces, page


def boxes(path):
    """[(text, (left, top, right, bottom))] of each piece of text of the PDF
    at path, in points from the page's top left corner: from the text's
    start along its advance (the fonts' widths), from a fifth of an em
    below its baseline to three quarters above (DejaVu's digits and
    capitals); and the page's size."""
    pieces, page = _pieces(path)
    out = []
    for text, x, y, m, size, advance in pieces:
        corners = []
        for a in (0.0, advance):
            for b in (-0.2 * size, 0.75 * size):
                corners.append((x + a * m[0] + b * m[2], y + a * m[1] + b * m[3]))
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        out.append((text, (min(xs), min(ys), max(xs), max(ys))))
    return out, page


def overlaps(a, b, margin=0.5):
    """Whether boxes a and b (left, top, right, bottom) overlap by more
    than margin."""
    return (a[0] < b[2] - margin and b[0] < a[2] - margin and
            a[1] < b[3] - margin and b[1] < a[3] - margin)


if __name__ == "__main__":
    found, size = boxes(sys.argv[1])
    print(f"page {size[0]:g} x {size[1]:g}: left top right bottom, text")
    for t, b in found:
        print(" ".join(f"{v:6.1f}" for v in b), "", t)
