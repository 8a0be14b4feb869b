"""OFD (GB/T 33190), the Chinese fixed-layout format of official documents: a ZIP of XML parts.

``OFD.xml`` names the document's root (``Document.xml``), its metadata (``DocInfo``) and its signatures;
``Document.xml`` lists the pages, each a ``Content.xml`` of layers of ``TextObject`` s: a box on the page
(millimetres), a font size, and ``TextCode`` runs placed at an X and a baseline Y with the advance of each
character (``DeltaX``, where ``g 3 5.6`` stands for three advances of 5.6). Templates (``Template``) hold
what every page repeats; a table's rules are path objects (:mod:`zhengce.text.ofdpaths`), made into cells as a
PDF's drawing is. The characters with their places go to :mod:`zhengce.text.layout`, as a PDF's
do, so reading order, running headers and page numbers are handled alike.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable

from zhengce.text.glyphs import Table
from zhengce.text.grid import grids
from zhengce.text.grid import tables as grid_tables
from zhengce.text.layout import Glyph, Page, lay_out
from zhengce.text.ofdpaths import local_name, numbers, ruling_lines
from zhengce.text.raw import PageSize, RawText, ReadError

MM = 72 / 25.4  # points in a millimetre: boxes are kept in points, as for PDF
MAX_PART = 32 * 1024 * 1024  # one XML part, once decompressed
MAX_TOTAL = 128 * 1024 * 1024  # all parts together
DAMAGED = "OFD 文件损坏或被截断 / the OFD file is damaged or truncated"


def is_ofd(data: bytes) -> bool:
    """A ZIP whose root holds ``OFD.xml``."""
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return any(name.lower() == "ofd.xml" for name in names)


def read_ofd(data: bytes, check_size: Callable[[int], None]) -> RawText:
    package, body, base, pages = _read(data, check_size)
    if not pages:
        raise ReadError("OFD 没有页面 / the OFD has no pages")
    if not any(page.glyphs for page in pages):
        raise ReadError("OFD 没有文字（可能是扫描件，需要先做 OCR）/ the OFD has no text (scanned?)")
    laid = lay_out(pages)
    warnings = [*laid.warnings, *_signatures(package, body, base)]
    return RawText(laid.text, "ofd", None, warnings, laid.edits, laid.page_starts, laid.boxes,
                   meta=_doc_info(body), pages=[PageSize(p.number, p.width, p.height) for p in pages])


def ofd_pages(data: bytes) -> list[Page]:
    """The pages of an OFD with their characters placed in points, as :func:`read_ofd` reads them (templates
    included): what a page image of the file is drawn from. Raises :class:`ReadError` for a bad file."""
    return _read(data, lambda _chars: None)[3]


def _read(data: bytes, check_size: Callable[[int], None]):  # type: ignore[no-untyped-def]
    """(package, DocBody, the document's folder, its pages with their characters)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ReadError(DAMAGED) from exc
    if sum(i.file_size for i in infos) > MAX_TOTAL or max((i.file_size for i in infos), default=0) > MAX_PART:
        raise ReadError("OFD 解压后过大，可能是压缩炸弹，未导入 / the OFD decompresses beyond the limit, "
                        "a possible zip bomb; not stored")
    package = _Package(zf)
    root = package.xml(next(i.filename for i in infos if i.filename.lower() == "ofd.xml"))
    body = _first(root, "DocBody")
    if body is None:
        raise ReadError(DAMAGED)
    if _first(root, "Encryptions") is not None or _first(body, "Encryptions") is not None:
        raise ReadError("OFD 文件已加密，需要密码或证书 / the OFD is encrypted")
    doc_root = _text(_first(body, "DocRoot"))
    if not doc_root:
        raise ReadError(DAMAGED)
    document = package.xml(doc_root)
    base = posixpath.dirname(doc_root)
    default_box = _box_of(_first(_first(document, "CommonData"), "PageArea"))
    templates = _templates(package, document, base)
    pages: list[Page] = []
    chars = 0
    for number, page_el in enumerate(_all(_first(document, "Pages"), "Page"), 1):
        loc = page_el.get("BaseLoc")
        if not loc:
            continue
        content = package.xml(_join(base, loc))
        box = _box_of(_first(content, "Area")) or default_box or (0.0, 0.0, 210.0, 297.0)
        roots = (*_template_roots(content, templates), content)
        glyphs = [g for el in roots for g in _glyphs(el, box)]
        chars += len(glyphs)
        check_size(chars)
        pages.append(Page(number, box[2] * MM, box[3] * MM, glyphs, _tables(roots, box, glyphs)))
    return package, body, base, pages


class _Package:
    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.names = {name.lstrip("/").lower(): name for name in zf.namelist()}

    def xml(self, name: str):  # type: ignore[no-untyped-def]
        from lxml import etree

        real = self.names.get(name.lstrip("/").lower())
        if real is None:
            raise ReadError(f"{DAMAGED}: 缺少 / missing {name}")
        try:
            with self.zf.open(real) as f:
                raw = f.read(MAX_PART + 1)
            parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
            return etree.fromstring(raw, parser)
        except (zipfile.BadZipFile, OSError, EOFError, etree.XMLSyntaxError, ValueError) as exc:
            raise ReadError(f"{DAMAGED}: {name}") from exc


def _join(base: str, loc: str) -> str:
    return loc.lstrip("/") if loc.startswith("/") else posixpath.normpath(posixpath.join(base, loc))


def _first(el, name: str):  # type: ignore[no-untyped-def]
    if el is None:
        return None
    return next((c for c in el if local_name(c.tag) == name), None)


def _all(el, name: str) -> list:  # type: ignore[no-untyped-def]
    return [] if el is None else [c for c in el if local_name(c.tag) == name]


def _text(el) -> str:  # type: ignore[no-untyped-def]
    return (el.text or "").strip() if el is not None else ""


def _box_of(area) -> tuple[float, float, float, float] | None:  # type: ignore[no-untyped-def]
    values = numbers(_text(_first(area, "PhysicalBox")))
    return (values[0], values[1], values[2], values[3]) if len(values) == 4 and values[2] > 0 < values[3] else None


def _templates(package: _Package, document, base: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    out: dict[str, object] = {}
    for tpl in _all(_first(document, "CommonData"), "TemplatePage"):
        if tpl.get("ID") and tpl.get("BaseLoc"):
            out[tpl.get("ID")] = package.xml(_join(base, tpl.get("BaseLoc")))
    return out


def _template_roots(content, templates: dict[str, object]) -> list:  # type: ignore[no-untyped-def]
    return [templates[t.get("TemplateID")] for t in _all(content, "Template") if t.get("TemplateID") in templates]


def _advances(spec: str | None, count: int, size: float) -> list[float]:
    """``DeltaX``/``DeltaY``: the advance after each character, ``g N v`` standing for N advances of v."""
    tokens = (spec or "").split()
    out: list[float] = []
    k = 0
    try:
        while k < len(tokens):
            if tokens[k] == "g" and k + 2 < len(tokens):
                out.extend([float(tokens[k + 2])] * int(tokens[k + 1]))
                k += 3
            else:
                out.append(float(tokens[k]))
                k += 1
    except ValueError:
        out = []
    return (out + [size] * count)[: max(count - 1, 0)]


def _glyphs(root, page_box: tuple[float, float, float, float]) -> list[Glyph]:  # type: ignore[no-untyped-def]
    """The characters of every TextObject under ``root``, placed on the page in points."""
    out: list[Glyph] = []
    px, py = page_box[0], page_box[1]
    for obj in root.iter():
        if local_name(obj.tag) != "TextObject":
            continue
        boundary = numbers(obj.get("Boundary"))
        if len(boundary) != 4:
            continue
        ox, oy = boundary[0] - px, boundary[1] - py
        size = float(obj.get("Size") or 3.5)
        scale = _ctm_scale(obj.get("CTM"))
        size_on_page = size * scale
        start_x = start_y = 0.0
        for code in obj:
            if local_name(code.tag) != "TextCode":
                continue
            text = code.text or ""
            # X or Y left out: the previous TextCode's (GB/T 33190 §11.3), not where its last character ended —
            # lines written with their Y only start at the left again
            start_x, start_y = _number(code.get("X"), start_x), _number(code.get("Y"), start_y)
            x, y = start_x, start_y
            dx = _advances(code.get("DeltaX"), len(text), size)
            dy = _advances(code.get("DeltaY"), len(text), 0.0) if code.get("DeltaY") else []
            space = False
            for k, ch in enumerate(text):
                width = (dx[k] if k < len(dx) else (size if ord(ch) > 0x2E80 else size / 2)) * scale
                left, base = ox + x * scale, oy + y * scale
                if ch.strip():
                    advance = min(width, size_on_page) if ord(ch) > 0x2E80 else width
                    out.append(Glyph(ch, left * MM, (base - 0.88 * size_on_page) * MM, (left + advance) * MM,
                                     (base + 0.12 * size_on_page) * MM, space))
                    space = False
                else:
                    space = bool(out)
                if k < len(dx):
                    x += dx[k]
                if k < len(dy):
                    y += dy[k]
    return out


def _tables(roots, box: tuple[float, float, float, float], glyphs: list[Glyph]) -> list[Table]:  # type: ignore[no-untyped-def]
    """The ruled tables of a page: its path objects' rules made into cells (as a PDF's drawing is), each cell
    holding the characters inside it."""
    rules = [line for el in roots for line in ruling_lines(el, box)]
    if len(rules) < 4:
        return []
    try:
        return grid_tables(grids(rules, tolerance=3.0), glyphs, 1.0)
    except Exception:  # a malformed drawing: the page is read as text
        return []


def _number(value: str | None, default: float) -> float:
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default


def _ctm_scale(ctm: str | None) -> float:
    values = numbers(ctm)
    return abs(values[0]) if len(values) == 6 and values[0] else 1.0


def _doc_info(body) -> dict[str, str]:  # type: ignore[no-untyped-def]
    info = _first(body, "DocInfo")
    out: dict[str, str] = {}
    for key in ("Title", "Author", "Subject", "Abstract", "CreationDate", "ModDate", "Creator", "DocID"):
        value = _text(_first(info, key))
        if value:
            out[key.lower()] = value
    return out


def _signatures(package: _Package, body, base: str) -> list[str]:  # type: ignore[no-untyped-def]
    """A note per electronic signature (签章): who signed, when, with which method. Not verified here."""
    loc = _text(_first(body, "Signatures"))
    if not loc:
        return []
    try:
        signs = package.xml(loc.lstrip("/"))
    except ReadError:
        return ["OFD 声明了电子签章，但签章文件缺失 / the OFD declares signatures that are missing"]
    notes = []
    sign_base = posixpath.dirname(loc.lstrip("/"))
    for sig in _all(signs, "Signature"):
        where = sig.get("BaseLoc")
        if not where:
            continue
        try:
            el = package.xml(_join(sign_base, where))
        except ReadError:
            notes.append("OFD 电子签章文件缺失 / a signature file is missing")
            continue
        info = _first(el, "SignedInfo")
        provider = _first(info, "Provider")
        who = provider.get("Company") or provider.get("ProviderName") if provider is not None else ""
        when = _text(_first(info, "SignatureDateTime"))
        method = _text(_first(info, "SignatureMethod"))
        detail = "，".join(x for x in (who or "", when, method) if x)
        notes.append(f"OFD 含电子签章（{detail}），未验证 / the OFD is signed ({detail}); signature not verified"
                     if detail else "OFD 含电子签章，未验证 / the OFD is signed; signature not verified")
    return notes

