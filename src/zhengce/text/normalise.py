"""Normalise: repair the artefacts of publication while keeping the original.

Two views of the text come out of this stage:

* the *display* text (:class:`~zhengce.textmap.MappedText`): the published text with page-break
  artefacts repaired — web chrome dropped, running headers removed from mid-sentence, paragraphs
  split at page breaks joined (and a character repeated across the break dropped), a Latin ``and``
  inside Chinese text read as ``和``. Offsets map back to the original.
* the *matching* view (:func:`fold`): the display text with full-width and ASCII punctuation
  unified, exotic spaces made plain and traditional characters mapped to simplified. It has the
  same length as the display text, character for character, so offsets are shared.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence

from zhengce.text.anchored import Anchored
from zhengce.text.folding import fold, folded_text  # noqa: F401 - the matching view, re-exported
from zhengce.text.html_text import CHROME_LINE
from zhengce.text.textmap import Edit, MappedText

_SPACES_RUN = re.compile(r"\s+")
_WRAP_SPACES = re.compile(r"[\s\u3000\u00a0]+")
_SPACE_BY_CJK = re.compile(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])")


def squash(text: str) -> str:
    """Fold and drop all white space: for comparing titles, numbers and names."""
    return _SPACES_RUN.sub("", fold(text))


def strip_wrap_spaces(text: str) -> str:
    """Drop spaces that line wrapping put inside Chinese text (keep them between Latin words)."""
    text = _WRAP_SPACES.sub(" ", text).strip()
    return _SPACE_BY_CJK.sub("", text)


# --- repairs -------------------------------------------------------------------------------------

TERMINAL = set("。；;！!？?：:…")
CLOSERS = set("”’\"'）)】]》」』")
LABEL_START = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇\d]+[章节条款部分编]|[一二三四五六七八九十百]+\s*[、.．]"
    r"|[（(]\s*[一二三四五六七八九十百\d]+\s*[）)]|\d+(?:\.\d+)*\s*[.．、]|\d+\.\d+|[①-⑳❶-❿]"
    r"|附件\s*\d*\s*[:：]?|附\s*件|[一二三四五六七八九十]是|——|-{1,2}\s)"
)
# (a year in characters may have lost its 〇 in a page's encoding: 二三年十月十五日 for 二〇〇三年)
DATE_LINE = re.compile(
    r"^\s*(?:\d{4}|[〇零一二三四五六七八九○Ｏ]{2,4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日\s*$"
)
DOCNO_LINE = re.compile(r"^\s*[(（]?\S{1,16}?[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*\d+\s*号")
REGCODE_LINE = re.compile(r"^\s*[A-Z]{2,8}\s*[-－—–‐]\s*\d{4}\s*[-－—–‐]\s*\d{4,6}\s*$")
META_KEY = re.compile(
    r"^\s*(?:索引号|发文日期|成文日期|发布日期|文号|公开范围|公开方式|主题分类|发布机构|来源|有效性)\s*[:：]"
)
TITLE_END = re.compile(
    r"(?:的?(?:通知|通告|公告|意见|决定|命令|通报|批复|报告|请示|函|纪要|议案|决议|公报)|方案|办法|措施|举措|细则|规定|规则|"
    r"清单|预案|计划|标准|目录|名单|规划|纲要|条例|守则|[表单]|（修订版）|\(修订版\))\s*$"
)
_TITLE_LINE = re.compile(r"^(?:关于|印发|转发|批转)[^。：:！!？?]{4,150}的(?:通知|通告|公告|意见|决定|批复|报告|函)$")
_REDUPLICATED = set("人天常年户村层处事时个家步件项条级刻渐日月各家家样")
_SECTION_LABEL = re.compile(r"^[\u4e00-\u9fff、]{1,10}文件$")
_BRACKETED_LABEL = re.compile(r"^\s*[【\[]\s*([\u4e00-\u9fff、]{2,12})\s*[】\]]\s*$")


TONE_MARKED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ"
PINYIN_NOTE = re.compile(rf"(?<=[\u4e00-\u9fff])[(（] ?(?:[a-zü]*[{TONE_MARKED}][a-zü]*){{1}} ?[)）]")
_TONE = re.compile(f"[{TONE_MARKED}]")  # what every PINYIN_NOTE holds: a text without one has no note
_PINYIN_SCAN = Anchored(PINYIN_NOTE, r"[(（]", back=0)
LATIN_AND = re.compile(r"(?<=[\u4e00-\u9fff]) ?\band\b ?(?=[\u4e00-\u9fff])")
_LATIN_AND_SCAN = Anchored(LATIN_AND, "and", back=0)  # the space before it is white space


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def running_header_candidates(text: str) -> set[str]:
    """Short lines that a gazette prints on every page: section labels and repeated mastheads."""
    lines = [line.strip() for line in text.split("\n")]
    counts = Counter([line for line in lines if 2 <= len(line) <= 16])
    out = set()
    for line, n in counts.items():
        if n < 3 and not line.endswith("文件"):
            continue  # neither repeated nor a section label (what _SECTION_LABEL ends with): the tests below
        if line[-1] in TERMINAL or LABEL_START.match(line) or DATE_LINE.match(line):
            continue
        if _SECTION_LABEL.match(line) or (n >= 3 and not _FIGURE_OR_COLON.search(line)):
            out.add(line)
    if "【" in text or "[" in text:  # what the pattern opens with (stripped): most texts have neither
        for line in lines:
            m = _BRACKETED_LABEL.match(line) if line[:1] in "【[" else None
            if m:
                out.add(m.group(1))
    return out


_FIGURE_OR_COLON = re.compile(r"[\d:：]")


# the tests of _incomplete, compiled once (it is asked of every line)
_WIDE_GAP = re.compile(r"\S {2,}\S")
_KEY_VALUE = re.compile(r"^\s*\S{1,8}\s*[:：]")
_ENDS_WITH_STAMP = re.compile(r"(?<![\d.])(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_SIGNED_DATE_END = re.compile(r"\s(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_ENDS_WITH_DOCNO = re.compile(r"[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*\d+\s*号[)）]?$")
_INNER_PUNCT = re.compile(r"[，,、；;：:。]")
_LIST_PUNCT = re.compile(r"[，,；;]")
_CLAUSE_PUNCT = re.compile(r"[，,、；;]")


_CELL_RULE = re.compile(r"[|｜\s]+")  # a row of table bars a page prints around a cell: never part of a paragraph


def _incomplete(line: str) -> bool:
    """A line that stops mid-sentence (a page break or a wrap cut it)."""
    s = line.rstrip()
    # a sentence end first: the tests in between all answer False too, and most lines of a body end so
    if not s or s[-1] in TERMINAL or "\t" in s or len(s.strip()) < 18 or _CELL_RULE.fullmatch(s):
        return False
    if _WIDE_GAP.search(s.strip()) or META_KEY.match(s):
        return False
    last = s[-1]
    if last in CLOSERS and len(s) > 1 and s[-2] in TERMINAL:
        return False
    if last in "）)】]" and _balanced(s):
        return False  # a paragraph closed by a bracket, such as a responsibility tag
    if last in "◆◇■□●○★☆" or (last == "》" and len(s.strip()) <= 60):
        return False
    if _KEY_VALUE.match(s) and len(s.strip()) < 40:
        return False  # a "key: value" line of a masthead or a contact block
    if _ENDS_WITH_STAMP.search(s.strip()):
        return False  # an entry of a listing page, or a page's date stamp, ends with its date
    if _SIGNED_DATE_END.search(s):
        return False  # …特此通告 X局 2023年1月20日: a signature run together with the last paragraph ends it
    if _ENDS_WITH_DOCNO.search(s):
        return False  # so does a title printed with its 文号
    if last in "，,、（(《“‘—-" or (last.isdigit() and not DATE_LINE.match(s)):
        return True
    if s.count("《") > s.count("》") or s.count("“") > s.count("”") or not _balanced(s, opening_only=True):
        return True  # an open quotation or bracket: the sentence goes on
    if len(s.strip()) <= 30 and not _INNER_PUNCT.search(s):
        return False  # a heading: short and without inner punctuation
    folded_line = fold(s.strip())
    if _TITLE_LINE.match(folded_line) and not _LIST_PUNCT.search(folded_line):
        return False  # a whole notice title: 、 inside it lists, it does not go on (关于A、B的通告)
    if _CLAUSE_PUNCT.search(s) or TITLE_END.search(s):
        return bool(_CLAUSE_PUNCT.search(s))
    return not TITLE_END.search(fold(s[-10:]))  # 實施意見 ends a title too


_OPENING = re.compile(r"[（(\[【]")
_BRACKET = re.compile(r"[（(\[【）)\]】]")


def _balanced(s: str, opening_only: bool = False) -> bool:
    """No bracket left open (with ``opening_only``: ignore stray closing brackets)."""
    if not opening_only:  # the depth at the end is the openings less the closings
        return sum(map(s.count, "（([【")) <= sum(map(s.count, "）)]】"))
    if not _OPENING.search(s):
        return True
    depth = 0
    for ch in _BRACKET.findall(s):
        depth = depth + 1 if ch in "（([【" else max(0, depth - 1)
    return depth <= 0


_ORG_LINE = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,30}(?:政府|办公室|办公厅|委员会|管委会|局|厅|委|办|院|中心|集团|公司)$"
)


def _dangling(prev: str, nxt: str) -> bool:
    """A heading-length line that is in fact cut short: the next line is only the rest of its clause.

    ``吴某同志任市公安局经济犯罪侦查支队副支`` / ``队长（副处级）；`` — a heading is never followed by a
    short fragment that ends a clause with ``；`` or ``，``.
    """
    p, n = prev.strip(), nxt.strip()
    return (12 <= len(p) <= 30 and p[-1] not in TERMINAL and p[-1] not in CLOSERS and "\t" not in p
            and not TITLE_END.search(p) and not LABEL_START.match(n) and 2 <= len(n) <= 15 and n[-1] in "；;，,")


# a line that opens a document header: an issuing body followed by the title word, no sentence punctuation
# (``X人民政府办公厅关于印发…``): never the rest of a line cut above it (a truncated site headline)
_HEADER_START = re.compile(
    r"^[\u4e00-\u9fff（）()、 ]{2,40}?(?:政府|办公室|办公厅|委员会|管委会|局|厅|委|办|院|中心|指挥部)\s*"
    r"(?:关于|印发|转发|批转)[^，,。；;：:！!？?”]*$"
)


# a title that opens with what it issues (关于印发…, 转发…), no sentence punctuation: a header line too
_ISSUING_START = re.compile(r"^(?:关于)?(?:印发|转发|批转)[^，,。；;：:！!？?”]{4,}$")


def _heading_over(prev: str, nxt: str) -> bool:
    """A numbered heading line over a longer paragraph: ``一、扩大内需，稳定增长`` then the section's text.

    A line cut by a page break or a wrap is as wide as the lines of its paragraph; a heading with a comma
    is much shorter than the paragraph that follows it."""
    p, n = prev.strip(), nxt.strip()
    return bool(LABEL_START.match(p)) and len(p) <= 30 and "。" not in p and len(n) >= len(p) + 12


def _continues(line: str) -> bool:
    """A line that can be the second half of a paragraph."""
    s = line.strip()
    if not s or "\t" in line or _CELL_RULE.fullmatch(s):
        return False
    if len(s) <= 60 and s.count("》") <= s.count("《"):
        folded_line = fold(s)
        if _HEADER_START.match(folded_line) or _ISSUING_START.match(folded_line):
            return False
    if len(s) < 8 and s[-1] not in TERMINAL:
        return False  # a heading such as 目录 or a section label
    return not (
        (LABEL_START.match(s) and not _QUANTITY_START.match(s)) or DATE_LINE.match(s) or DOCNO_LINE.match(s)
        or REGCODE_LINE.match(s) or META_KEY.match(s) or (re.match(r"^\S{1,8}[:：]\s*\S", s) and len(s) < 30)
        or _ORG_LINE.match(s) or _REPOSTED.match(s)
    )


# a news site's line naming the notice it reposts (原标题:X关于…的通知) opens a paragraph of its own
_REPOSTED = re.compile(r"^原标题\s*[:：]")
# a line that opens with a decimal quantity (0.95万人, 1.5亿元, 2.3%): the rest of a sentence cut before its
# figure, not a section label (1.1, 2.3 stand before a heading, never before a unit)
_QUANTITY_START = re.compile(
    r"^\s*\d+\.\d+\s*(?:[万亿千百]|%|％|元|个|人|户|家|吨|米|公里|平方|亩|倍|台|辆|项|座|所|张|次|小时|天)")


def _closes(prev: str, nxt: str) -> bool:
    """A bracket left open at the end of ``prev`` that ``nxt`` closes before opening another — ``（牵`` /
    ``头单位：区供电公司）``: the rest of a responsibility tag cut by a page break, though it reads as a
    ``key：value`` line."""
    n = nxt.strip()
    if _balanced(prev, opening_only=True) or not n or LABEL_START.match(n) or DATE_LINE.match(n):
        return False
    first = _BRACKET.search(n)
    return first is not None and first.group() in "）)]】" and len(n) <= 60


def _chrome_in_other_script(line: str) -> bool:
    """A chrome line printed in traditional characters or with pinyin notes (``當(dāng)前位置: … >> 正文``)."""
    if len(line) > 120 or (":" not in line and "：" not in line):
        return False
    plain = PINYIN_NOTE.sub("", line)
    folded = fold(plain)
    return folded != plain and bool(CHROME_LINE.match(folded))


GLUED_GAZETTE_LINE = re.compile(
    r"(?m)^[ \t]*[(（][^()（）\n]{0,30}?(?:19|20)\d{2}[〕\]］)]\s*第?\d{1,5}号[)）]"
    r"(?P<gap>[ \t\u3000]{2,})(?=[\u4e00-\u9fff])"
)


def _ends_whole(stripped: str) -> bool:
    """A (stripped, non-blank) line after which no page break is repaired, by the first tests of both
    :func:`_incomplete` and :func:`_dangling` (a sentence end, a tab, fewer than 12 characters): most lines."""
    return stripped[-1] in TERMINAL or "\t" in stripped or len(stripped) < 12


_GLUED_CORE = re.compile(r"号[)）][ \t\u3000]{2}")  # what every GLUED_GAZETTE_LINE holds, found at C speed


def repair(original: str, given: Sequence[Edit] = ()) -> MappedText:
    """The display text: chrome dropped, running headers removed, page-break splits joined.

    ``given``: the edits a reader of a laid-out file made (page numbers, running headers, page breaks); they
    come first, and a repair that would touch their spans is left out."""
    if given:
        return MappedText(original, [*given, *_outside(repair(original).edits, given)])
    edits: list[Edit] = []
    headers = running_header_candidates(original)
    # 1. web chrome lines and running headers; the non-blank lines kept, with their stripped text
    nonempty: list[tuple[int, int]] = []
    stripped: list[str] = []
    e = -1
    for line in original.split("\n"):  # one split in C, no slice a line
        s = e + 1
        e = s + len(line)
        bare = line.strip()
        if not bare:
            continue
        if CHROME_LINE.match(line) or ((":" in line or "：" in line) and _chrome_in_other_script(line)):
            edits.append(Edit(s, min(e + 1, len(original)), "", "chrome"))
            continue
        nonempty.append((s, e))
        stripped.append(bare)
    dropped: set[int] = set()
    if headers:  # (most texts have no running header: no line to look up)
        for k in range(1, len(nonempty) - 1):
            if stripped[k] not in headers:
                continue
            prev = original[nonempty[k - 1][0] : nonempty[k - 1][1]]
            nxt = original[nonempty[k + 1][0] : nonempty[k + 1][1]]
            if _incomplete(prev) and _continues(nxt):
                s, e = nonempty[k]
                edits.append(Edit(s, min(e + 1, len(original)), "", "running-header"))
                dropped.add(k)
    # 2. paragraphs split at page breaks: only after a line that does not end whole
    remaining = [k for k in range(len(nonempty)) if k not in dropped] if dropped else range(len(nonempty))
    for a, b in itertools.pairwise(remaining):
        if _ends_whole(stripped[a]):
            continue
        (ps, pe), (ns, ne) = nonempty[a], nonempty[b]
        prev = original[ps:pe]
        nxt = original[ns:ne]
        if not ((_incomplete(prev) or _dangling(prev, nxt)) and (_continues(nxt) or _closes(prev, nxt))) \
                or _heading_over(prev, nxt):
            continue
        cut_start = ps + len(prev.rstrip())
        cut_end = ns + (len(nxt) - len(nxt.lstrip()))
        gap = original[cut_start:cut_end]
        if gap.count("\n") < 1:
            continue
        # only the blank/dropped material between them is removed; dropped lines already have edits
        pieces = _gap_pieces(cut_start, cut_end, edits)
        for a_, b_ in pieces:
            edits.append(Edit(a_, b_, "", "page-break"))
        a_last = prev.rstrip()[-1]
        b_first = original[cut_end] if cut_end < len(original) else ""
        if a_last == b_first and _is_cjk(a_last) and a_last not in _REDUPLICATED:
            edits.append(Edit(cut_end, cut_end + 1, "", "repeated-at-break"))
    # 3. pinyin that some mirror sites print after characters (發(fā)): not part of the text
    annotations = list(_PINYIN_SCAN.finditer(original)) if _TONE.search(original) else []
    if len(annotations) >= 3:
        taken = sorted((e.start, e.end) for e in edits)
        starts = [a for a, _ in taken]
        for m in annotations:
            k = bisect_right(starts, m.start()) - 1
            if k >= 0 and taken[k][1] > m.start():
                continue  # inside a line already dropped as chrome
            if k + 1 < len(taken) and taken[k + 1][0] < m.end():
                continue
            edits.append(Edit(m.start(), m.end(), "", "pinyin"))
    # 4. a gazette line (date and 文号 in brackets under the title) run together with the first paragraph
    for m in GLUED_GAZETTE_LINE.finditer(original) if _GLUED_CORE.search(original) else ():
        edits.append(Edit(m.start("gap"), m.end("gap"), "\n", "gazette-line"))
    # 5. a Latin "and" standing for 和 between Chinese words
    for m in _LATIN_AND_SCAN.finditer(original):
        edits.append(Edit(m.start(), m.end(), "和", "latin-and"))
    return MappedText(original, edits)


def _outside(edits: Sequence[Edit], given: Sequence[Edit]) -> list[Edit]:
    """The edits that neither overlap nor touch any of ``given``."""
    spans = sorted((e.start, e.end) for e in given)
    starts = [a for a, _ in spans]
    out = []
    for edit in edits:
        k = bisect_right(starts, edit.end)
        if k and spans[k - 1][1] >= edit.start:
            continue
        out.append(edit)
    return out


def _gap_pieces(start: int, end: int, edits: list[Edit]) -> list[tuple[int, int]]:
    """Parts of [start, end) not already covered by an edit."""
    covered = sorted((e.start, e.end) for e in edits if e.end > start and e.start < end)
    out = []
    pos = start
    for a, b in covered:
        if a > pos:
            out.append((pos, min(a, end)))
        pos = max(pos, b)
    if pos < end:
        out.append((pos, end))
    return out
