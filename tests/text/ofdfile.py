"""Test material made by the project: an OFD package (GB/T 33190) written from a laid-out PDF, as an office
suite that exports OFD would print the same pages — every run of characters that PDFium places on one baseline
a ``TextObject`` with its ``DeltaX`` advances, every ruling line of the PDF's drawing (pdfplumber's edges) a
``PathObject``, in millimetres from the page's top left, the objects of a page written in reverse order (a
reader must take the reading order from the places, not from the XML), the title in ``DocInfo``."""

from __future__ import annotations

import html
import io
import itertools
import zipfile

MM = 25.4 / 72  # millimetres a point
NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
Run = tuple[float, float, float, list[tuple[str, float]]]  # size, x, top, [(character, left)] in mm


def _runs(page) -> list[Run]:  # type: ignore[no-untyped-def]
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    height = page.get_height()
    runs: list[Run] = []
    for i in range(textpage.count_chars()):
        char = textpage.get_text_range(i, 1)
        if not char.strip():
            continue
        left, bottom, _right, _top = textpage.get_charbox(i, loose=True)
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i) * MM
        x, baseline = left * MM, (height - bottom) * MM
        last = runs[-1] if runs else None
        if last and abs(last[2] + last[0] - baseline) < 0.3 and 0 < x - last[3][-1][1] < 3 * size:
            last[3].append((char, x))
        else:
            runs.append((size, x, baseline - size, [(char, x)]))
    textpage.close()
    return runs


def _text_object(oid: int, run: Run) -> str:
    size, x, top, chars = run
    text = "".join(c for c, _ in chars)
    deltas = " ".join(f"{b - a:.3f}" for (_, a), (_, b) in itertools.pairwise(chars))
    width = chars[-1][1] - x + size
    delta = f' DeltaX="{deltas}"' if deltas else ""
    return (f'<ofd:TextObject ID="{oid}" Boundary="{x:.3f} {top:.3f} {width + 1:.3f} {size * 1.4:.3f}" Font="3" '
            f'Size="{size:.3f}"><ofd:TextCode X="0" Y="{size:.3f}"{delta}>{html.escape(text)}</ofd:TextCode>'
            "</ofd:TextObject>")


def _path_objects(first_id: int, edges: list[dict]) -> list[str]:  # type: ignore[type-arg]
    """A stroked segment for each of pdfplumber's edges (points, top-left origin), its path drawn inside its
    boundary from the boundary's corner."""
    out = []
    for k, e in enumerate(edges):
        x0, top, x1, bottom = e["x0"] * MM, e["top"] * MM, e["x1"] * MM, e["bottom"] * MM
        w, h = max(x1 - x0, 0.0), max(bottom - top, 0.0)
        out.append(f'<ofd:PathObject ID="{first_id + k}" Boundary="{x0:.3f} {top:.3f} {w + 0.2:.3f} {h + 0.2:.3f}" '
                   f'LineWidth="0.25"><ofd:AbbreviatedData>M 0 0 L {w:.3f} {h:.3f}</ofd:AbbreviatedData>'
                   "</ofd:PathObject>")
    return out


def ofd_of_pdf(pdf: bytes, title: str) -> bytes:
    """An OFD package holding the characters and ruling lines of ``pdf`` where the PDF prints them."""
    import pdfplumber
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    out = io.BytesIO()
    with pdfplumber.open(io.BytesIO(pdf)) as plumbed, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.0" DocType="OFD">'
                    f"<ofd:DocBody><ofd:DocInfo><ofd:DocID>d1</ofd:DocID><ofd:Title>{html.escape(title)}"
                    "</ofd:Title></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
        listed = "".join(f'<ofd:Page ID="{k + 10}" BaseLoc="Pages/Page_{k}/Content.xml"/>'
                         for k in range(len(document)))
        zf.writestr("Doc_0/Document.xml", f"<ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>999999</ofd:MaxUnitID>"
                    "<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData>"
                    f"<ofd:Pages>{listed}</ofd:Pages></ofd:Document>")
        for k in range(len(document)):
            objects = [_text_object(1000 + i, run) for i, run in enumerate(_runs(document[k]))]
            objects += _path_objects(500000, plumbed.pages[k].edges)
            zf.writestr(f"Doc_0/Pages/Page_{k}/Content.xml",
                        f'<ofd:Page {NS}><ofd:Content><ofd:Layer ID="1">{"".join(objects[::-1])}'
                        "</ofd:Layer></ofd:Content></ofd:Page>")
    document.close()
    return out.getvalue()


def one_page_ofd(objects: list[str]) -> bytes:
    """An OFD of one A4 page holding ``objects`` (``TextObject``/``PathObject`` XML) in one layer, as a small
    office tool writes it: no templates, no metadata."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("OFD.xml", f'<ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody>'
                    "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
        zf.writestr("Doc_0/Document.xml", f"<ofd:Document {NS}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>"
                    "0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>"
                    '<ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>')
        zf.writestr("Doc_0/Pages/Page_0/Content.xml", f'<ofd:Page {NS}><ofd:Content><ofd:Layer ID="1">'
                    + "".join(objects) + "</ofd:Layer></ofd:Content></ofd:Page>")
    return buf.getvalue()
