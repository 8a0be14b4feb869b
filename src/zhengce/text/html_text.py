"""HTML pages: the main text kept (the container with most text), site chrome dropped (navigation, footers, share
bars), the page's metadata block (发布日期, 来源, 索引号 …) kept, block elements made lines.
"""

from __future__ import annotations

import re

from zhengce.text.raw import ReadError

# one of the reader's limits (zhengce.text.read): refused with a ReadError that names it
MAX_NESTING = 256  # elements inside elements (HTML; DOCX XML has lxml's own limit of 256)
NESTED_TOO_DEEP = (f"结构嵌套超过 {MAX_NESTING} 层，不是正常的文件，未导入 / "
                   f"elements nested more than {MAX_NESTING} levels deep; not stored")


_HTML_SNIFF = re.compile(r"<\s*(!doctype\s+html|html|head|body|div|p|table|meta)\b", re.I)

# Site chrome: navigation, font-size controls, print/close links, QR codes, share buttons.
CHROME_LINE = re.compile(
    r"^\s*(?:"
    r"【?\s*字体\s*[:：]?.*|字号\s*[:：]?\s*[大中小\s]*|[【\[]?\s*[大中小]\s*[】\]]?(?:\s*[【\[]?\s*[大中小]\s*[】\]]?)*"
    r"|【?\s*(?:打印本页|打印|关闭窗口|关闭|返回顶部|收藏|分享到?|我要纠错|扫一扫.*|扫码访问.*|手机扫码.*"
    r"|在手机上查看|微信扫一扫.*|[上下]一篇.*)\s*】?"
    r"|(?:您当前所在的?位置|当前位置|您的位置|所在位置)\s*[:：].*"
    r"|(?:来源|作者|浏览次数|访问量|点击数|阅读次数|信息来源|发布机构)\s*[:：].*(?:更新日期|发布时间|字体|浏览).*"
    r"|\d{4}-\d{2}-\d{2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s+(?:作者|来源)\s*[:：].*"
    r"|(?:Original\s+URL|原文链接|原文地址)\s*[:：]\s*https?://\S+"  # an archive's note of the page it copied
    r")\s*$"
)

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "header", "footer", "table", "tr", "blockquote", "pre", "center", "dd", "dt", "dl", "title",
}
_DROP_TAGS = ("script", "style", "noscript", "iframe", "object", "embed", "svg", "canvas", "template",
              "form", "button", "input", "select", "textarea", "nav")
_CHROME_ATTR = re.compile(
    r"nav|menu|breadcrumb|crumb|share|footer|foot|header|head|sidebar|toolbar|print|qrcode|ewm|"
    r"font-?size|fontsize|zoom-?ctrl|related|relevant|comment|login|search|banner|copyright|link",
    re.I,
)
_CONTENT_ATTR = re.compile(r"content|article|zoom|main|text|detail|body|wenzhang|xxgk|info", re.I)


def looks_like_html(text: str) -> bool:
    head = text[:4096]
    return bool(_HTML_SNIFF.search(head)) and head.lstrip().startswith("<")


def html_to_text(html: str) -> str:
    """Main text of a policy page: metadata block and body, one paragraph a line, tables tabbed."""
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(html, "lxml")
    _check_nesting(soup)
    for tag in soup(list(_DROP_TAGS)):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    body = soup.body or soup
    meta_lines = _metadata_block(body)
    main = _main_container(body)
    lines = _block_lines(main)
    if meta_lines and not any("索引号" in line or "文号" in line for line in lines):
        lines = [*meta_lines, "", *lines]
    out = [line for line in lines if not CHROME_LINE.match(line)]
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _check_nesting(soup) -> None:  # type: ignore[no-untyped-def]
    """Refuse markup nested deeper than MAX_NESTING before anything walks it (one pass, no recursion)."""
    depth: dict[int, int] = {id(soup): 0}
    for tag in soup.find_all(True):
        d = depth[id(tag)] = depth.get(id(tag.parent), 0) + 1
        if d > MAX_NESTING:
            raise ReadError(NESTED_TOO_DEEP)


def _text_lengths(root) -> dict[int, tuple[int, int, int]]:  # type: ignore[no-untyped-def]
    """(length of get_text(strip=True), of its link text, its CJK count) of every tag under root, in one
    bottom-up pass: asking each tag for its text costs the size of its subtree, quadratic in the depth."""
    from bs4.element import CData, NavigableString, PreformattedString, Tag

    stats: dict[int, tuple[int, int, int]] = {}
    for tag in reversed([root, *root.find_all(True)]):  # children before their parents
        length = links = cjk = 0
        for child in tag.children:
            if isinstance(child, Tag):
                c_len, c_links, c_cjk = stats[id(child)]
                length += c_len
                cjk += c_cjk
                links += c_len if child.name == "a" else c_links
            elif isinstance(child, NavigableString) and (
                    not isinstance(child, PreformattedString) or isinstance(child, CData)):
                stripped = child.strip()
                length += len(stripped)
                cjk += len(_CJK.findall(stripped))
        stats[id(tag)] = (length, links, cjk)
    return stats


_CJK = re.compile("[\u4e00-\u9fff]")


_META_KEYS = re.compile(
    r"索\s*引\s*号|文\s*号|发文字号|发文日期|成文日期|发布日期|发布机构|发文机关|发布机关|发文单位|有\s*效\s*性|时效性|"
    r"标\s*题|名\s*称|主题分类"
)


def _metadata_block(body) -> list[str]:  # type: ignore[no-untyped-def]
    """The page's metadata table (索引号, 文号, 发布机构, 成文日期, 有效性 …), one row a line: a key printed with
    its colon runs into its value, other cells are joined by `` | `` so that keys without a colon stay apart."""
    lengths = _text_lengths(body)  # a block of ≥ 600 characters is skipped without joining its text
    for table in body.find_all(["table", "div", "ul", "dl"]):
        if lengths[id(table)][0] >= 600:
            continue
        text = table.get_text(" ", strip=True)
        if len(text) < 600 and len({re.sub(r"\s+", "", k) for k in _META_KEYS.findall(text)}) >= 3:
            rows = table.find_all("tr") or [table]
            lines = []
            for row in rows:
                cells = [c.get_text(" ", strip=True)
                         for c in (row.find_all(["td", "th", "li", "span", "dt", "dd"]) or [row])]
                line = ""
                for cell in (c for c in cells if c):
                    line += cell if not line or line.endswith((":", "：")) else " | " + cell
                line = re.sub(r"([:：])\s+", r"\1", line)
                if line:
                    lines.append(line)
            return lines
    return []


def _main_container(body):  # type: ignore[no-untyped-def]
    # text lengths are counted once for all tags (bottom-up), not by asking every tag for its text
    lengths = _text_lengths(body)
    for tag in body.find_all(True):
        if tag.decomposed:  # inside a chrome block dropped a moment ago
            continue
        attrs = " ".join([tag.get("id") or "", " ".join(tag.get("class") or [])])
        if attrs.strip() and _CHROME_ATTR.search(attrs) and not _CONTENT_ATTR.search(attrs):
            text_len = lengths[id(tag)][0]
            if text_len < 400:
                tag.decompose()
    lengths = _text_lengths(body)  # again, without the chrome
    best = body
    best_score = 0.0
    for tag in body.find_all(["div", "article", "section", "td", "main"]):
        text_len, links, cjk_count = lengths[id(tag)]
        if text_len < 200:
            continue
        attrs = " ".join([tag.get("id") or "", " ".join(tag.get("class") or [])])
        density = 1 - links / max(1, text_len)
        cjk = cjk_count / max(1, text_len)
        score = text_len * density * (0.5 + cjk) * (1.3 if _CONTENT_ATTR.search(attrs) else 1.0)
        if score > best_score * 1.02:
            best, best_score = tag, score
    # prefer the innermost container that still holds most of the text
    return best


def _block_lines(root) -> list[str]:  # type: ignore[no-untyped-def]
    from bs4 import NavigableString, Tag

    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = "".join(current).replace("\xa0", " ").strip(" \t\r\n")
        line = re.sub(r"[ \t\r\n]+", lambda m: " " if "\t" not in m.group() else "\t", line)
        if line:
            lines.append(line)
        current.clear()

    def walk(node) -> None:  # type: ignore[no-untyped-def]
        for child in node.children:
            if isinstance(child, NavigableString):
                current.append(str(child))
            elif isinstance(child, Tag):
                name = child.name.lower()
                if name == "table":
                    flush()
                    for tr in child.find_all("tr"):
                        cells = [c.get_text(" ", strip=True).replace("\t", " ") for c in tr.find_all(["td", "th"])]
                        if any(cells):
                            lines.append("\t".join(cells))
                    lines.append("")
                elif name == "br":
                    flush()
                elif name in _BLOCK_TAGS:
                    flush()
                    walk(child)
                    flush()
                else:
                    walk(child)

    walk(root)
    flush()
    return lines
