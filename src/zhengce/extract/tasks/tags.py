"""Tasks: the grammar of responsibility tags.

``parse_tag`` reads the inside of a tag into assignments (lead, support, territorial); ``trailing_group``
finds the bracket group that ends a clause, ``labelled_block`` the unit lines after a task (``牵头单位：X``);
``units_in`` cuts a list of units, ``as_printed`` maps folded units back to the characters of the page.
"""

from __future__ import annotations

import re
from functools import lru_cache

from zhengce.extract.tasks.model import Assignment
from zhengce.extract.tasks.unitnames import UNIT_END, clean_unit, is_territorial, looks_like_units, split_top, units_in

OPEN = "(（〔["
CLOSE = ")）〕]"


LEAD_WORD = re.compile(r"牵头|主办|牵总")
ROLE_WORDS = re.compile(r"牵头|负责|配合|责任单位|协办|主办|参与|参加|按职责|按职能|协同|落实")
# labels of the parts of a tag or of the lines after a task: units, and people or dates that are not units
UNIT_LABEL = (r"牵头责任单位|协同责任单位|配合责任单位|"
              r"牵头单位|责任单位|配合单位|协办单位|主办单位|参与单位|参加单位|协同单位|协助单位|责任部门|牵头部门|配合部门|"
              r"协办部门|协同部门|协助部门|参与部门|主责单位|实施单位|落实单位|数据提供单位|责任主体|部门分工|单位分工|责任分工|"
              r"牵头|主办|配合|协办|参与|协同")
OTHER_LABEL = (r"牵头负责领导|牵头领导|责任领导|分管领导|联系领导|牵头市领导|牵头区领导|牵头县领导|项目责任人|责任人|"
               r"完成时限|完成时间|时间节点|时限要求|时限")
UNIT_KEYS = frozenset(UNIT_LABEL.split("|"))
# "牵头单位：", or in square brackets "【牵头单位】" (folded to [牵头单位])
ANY_LABEL = re.compile(rf"[\[【]?({UNIT_LABEL}|{OTHER_LABEL})(?:\s*[:：]|[\]】])")


NOT_LISTED_AGAIN = re.compile(r"[,，;；。]?\s*(?:以下(?:均)?)?不再(?:一一|逐一|重复|单独)?(?:列出|列明|标注|注明)")
FOLLOWING = re.compile(r"^以下(?:各项)?(?:工作)?(?:任务)?(?:均)?(?:需|由)?")
# a document that says once that the first unit named leads: "排在首位的为牵头单位，下同", "第一责任单位为牵头单位"
FIRST_LEADS = re.compile(r"(?:第一位|首位|第一个?|最前面?|首个)(?:的|者)?(?:责任)?(?:单位|部门)?"
                         r"(?:为|是)(?:牵头|主责)")
# the convention stated inside a tag as a clause of its own: "(A、B、C等负责，列第一位者为牵头单位，下同)"
_CONVENTION = re.compile(r"[,，;；。]?\s*(?:列|排)?[在于]?(?:第一位|首位|第一个?|最前面?|首个)(?:的|者)?"
                         r"(?:责任)?(?:单位|部门)?(?:为|是)(?:牵头|主责)(?:责任)?(?:单位|部门)?(?:\s*[,，;；]?\s*下同)?")


_P_STARRED = re.compile(r"[★☆]\s*([^、,，;；★☆]+)")
_P_LEAD_THEN = re.compile(r"^(.+?(?:分别)?(?:牵头|主办)(?:负责)?)(.+)$")


_P_BY_DUTY = re.compile(r"按职[责能]")


def trailing_group(text: str) -> tuple[int, int] | None:
    """(start, end) of the balanced bracket group that ends ``text`` (trailing punctuation allowed)."""
    end = len(text.rstrip(" \t\n\u3000。；;"))
    if end == 0 or text[end - 1] not in CLOSE:
        return None
    # most tags hold no bracket of their own: the last opening bracket closes at the end when no closing one
    # stands between (what the scan below finds, in a few C-level calls instead of a loop over the tag)
    rfind = text.rfind
    last_open = max(rfind("(", 0, end), rfind("（", 0, end), rfind("〔", 0, end), rfind("[", 0, end))
    if last_open < 0:
        return None  # nothing opens the group
    inside = text[last_open + 1 : end - 1]
    if ")" not in inside and "）" not in inside and "〕" not in inside and "]" not in inside:
        return last_open, end
    depth = 0
    for i in range(end - 1, -1, -1):
        ch = text[i]
        if ch in CLOSE:
            depth += 1
        elif ch in OPEN:
            depth -= 1
            if depth == 0:
                return i, end
    return None


_OPEN_TAG_END = re.compile(r"(?:牵头|负责|配合|协办|协助|参与|落实)$")


def tag_group(text: str) -> tuple[int, int, int] | None:
    """(start, end of the inside, end) of the tag that ends ``text``: a balanced bracket group, or a tag whose
    closing bracket was dropped (by OCR or typing) — a round bracket opened after the last sentence, closed by
    nothing, whose inside ends with a role word: ``…确保责任到人。（县应急局牵头，各乡镇负责``."""
    group = trailing_group(text)
    if group is not None:
        return group[0], group[1] - 1, group[1]
    end = len(text.rstrip(" \t\n\u3000。；;"))
    start = max(text.rfind("（", 0, end), text.rfind("(", 0, end))
    inside = text[start + 1 : end]
    if start < 0 or len(inside) < 4 or any(c in inside for c in OPEN + CLOSE + "。！？!?"):
        return None
    return (start, end, end) if _OPEN_TAG_END.search(inside) else None


def _first_leads(out: list[Assignment]) -> list[Assignment]:
    """The document's convention: the unit named first leads, the others support."""
    return [Assignment(a.unit, "lead" if k == 0 else ("territorial" if is_territorial(a.unit) else "support"),
                       a.carried) for k, a in enumerate(out)]


_FOLLOWING_NOTE = re.compile(r"[(（](以下[^()（）]{2,60})[)）]")
_LEAD_MARK = re.compile(r"[(（](?:牵头|主办)(?:单位|部门)?[)）]")
_MARKED = re.compile(r"([^、,，;；()（）:：]+?)\s*[(（](?:牵头|主办)(?:单位|部门)?[)）]")


def parse_tag(inner: str, first_leads: bool = False) -> list[Assignment] | None:
    """Assignments of a tag's inside text, or None when it is not a responsibility tag.

    ``first_leads``: the document stated that the unit named first leads (``排在首位的为牵头单位``),
    so a tag that names no lead itself has its first unit lead. A unit marked ``★`` or followed by
    ``(牵头)`` leads and the others of its list support.
    """
    # a tag may state the convention itself: "(A、B、C负责。列第一位的为牵头部门，下同)"
    found = _parse_tag_cached(inner, first_leads or bool(FIRST_LEADS.search(inner)))
    return None if found is None else [Assignment(*a) for a in found]


@lru_cache(maxsize=8192)
def _parse_tag_cached(inner: str, first_leads: bool) -> tuple[tuple[str, str, bool], ...] | None:
    """parse_tag, once per distinct tag: plans repeat the same tags many times."""
    marked = {clean_unit(m.group(1)) for m in _MARKED.finditer(inner)}
    marked |= {clean_unit(u) for u in _P_STARRED.findall(inner)}
    inner = _FOLLOWING_NOTE.sub(r"，\1", inner)  # "X(以下均需X负责，不再重复列出)" is a clause of its own
    out = _parse_tag(_LEAD_MARK.sub("", inner).replace("★", "").replace("☆", ""), first_leads)
    if out is None:
        return None
    names = {a.unit for a in out}
    if marked and names & marked and not names <= marked:
        out = [Assignment(a.unit, "lead" if a.unit in marked
                          else "territorial" if is_territorial(a.unit) else "support", a.carried) for a in out]
    return tuple((a.unit, a.role, a.carried) for a in out)


_ROLE_IS_LEAD = re.compile(r"(?:为|是|作为)(牵头|主办)(?:单位|部门)")
_ROLE_IS_SUPPORT = re.compile(r"(?:为|是|作为)(?:配合|协办|参与|协助|协同)(?:单位|部门)")
_ROLE_IS_DUTY = re.compile(r"(?:为|是|作为)责任(?:单位|部门)")


# an editorial remark that follows the units inside a tag, as a sentence of its own: "…。具体任务均涉及各县人民政府，
# 不再做分工，下同" — a note about the list, not units (a "以下…均需X落实" clause names units and is kept)
_EDITORIAL = re.compile(r"不再|下同|同上|均涉及|均由各|不另|不单独")


def _drop_notes(inner: str) -> str:
    if "。" not in inner:
        return inner
    sentences = inner.split("。")
    kept = [sentences[0]] + [x for x in sentences[1:] if not ((_EDITORIAL.search(x) and not FOLLOWING.match(x.strip()))
                                                              or not x.strip())]
    return "。".join(kept)


def _parse_tag(inner: str, first_leads: bool = False) -> list[Assignment] | None:
    inner = _CONVENTION.sub("", inner)  # the convention is no unit (parse_tag has read it)
    # "X为牵头单位，Y为配合单位": the same grammar as "X牵头，Y配合"
    inner = _ROLE_IS_DUTY.sub("负责", _ROLE_IS_SUPPORT.sub("配合", _ROLE_IS_LEAD.sub(r"\1", inner)))
    s = NOT_LISTED_AGAIN.sub("", _drop_notes(inner)).strip()
    if not s or len(s) > 400:
        return None
    labelled = list(ANY_LABEL.finditer(s))
    if labelled and any(m.group(1) in UNIT_KEYS for m in labelled):
        return _parse_labelled(s, labelled, first_leads)
    if "。" in s:
        return None
    if not ROLE_WORDS.search(s):
        units = units_in(s)
        if looks_like_units(units):
            out = [Assignment(u, "lead") for u in units]  # a bare (X、Y)
            return _first_leads(out) if first_leads else out
        return None
    clauses = [c for c, _ in split_top(s, ",，;；") if c.strip()]
    # unseparated "X牵头各有关职能部门配合"
    expanded: list[str] = []
    for clause in clauses:
        m = _P_LEAD_THEN.match(clause)
        if m and not m.group(2).startswith("负责"):
            expanded.extend([m.group(1), m.group(2)])
        else:
            expanded.append(clause)
    has_lead = any(LEAD_WORD.search(c) for c in expanded)
    supporting = [bool(_SUPPORT_END.search(c.strip())) for c in expanded]
    # "X负责，Y配合": the clause that is not the supporting one leads
    implicit_lead = not has_lead and any(supporting) and not all(supporting)
    out = []
    for k, clause in enumerate(expanded):
        c = clause.strip()
        units = units_in(c)
        if not units:
            continue
        if implicit_lead:
            role = "support" if supporting[k] else "lead"
            out.extend(Assignment(u, "territorial" if role == "support" and is_territorial(u) else role) for u in units)
            continue
        carried = bool(FOLLOWING.match(c))
        if carried:
            out.extend(Assignment(u, "territorial" if is_territorial(u) else "support", carried=True) for u in units)
            continue
        if not has_lead and k > 0 and "负责" in c and not _P_BY_DUTY.search(c) \
                and all(is_territorial(u) for u in units):
            # "X等按职责分工负责，各县市区人民政府负责辖区内…": local executors after the departments
            out.extend(Assignment(u, "territorial") for u in units)
            continue
        if LEAD_WORD.search(c) or not has_lead:
            out.extend(Assignment(u, "lead") for u in units)
            continue
        # "…各县市人民政府负责" names local executors; "…按职责分工负责" names supporting departments
        executes = c.endswith("负责") and not _P_BY_DUTY.search(c)
        out.extend(Assignment(u, "territorial" if executes and is_territorial(u) else "support") for u in units)
    if not out or not any(UNIT_END.search(a.unit) for a in out):
        return None
    if first_leads and not has_lead and "分别" not in s and len({a.role for a in out}) == 1:
        return _first_leads(out)
    return out


_SUPPORT_END = re.compile(r"(?:配合|协办|协助|参与|参加|协同)$")


_LEAD_AND_SUPPORT = re.compile(r"(?:牵头|主办)[，,;；、]?[^，,;；]*?(?:配合|协办|协助|参与|协同)")


def _parse_labelled(s: str, labelled: list[re.Match[str]], first_leads: bool) -> list[Assignment] | None:
    """``牵头单位：X；配合单位：Y``, ``责任单位：X``, ``部门分工：X牵头，Y配合``; leaders and dates are skipped."""
    out: list[Assignment] = []
    keys = [m.group(1) for m in labelled]
    has_lead_label = any(k.startswith(("牵头", "主办", "主责")) for k in keys)
    for k, m in enumerate(labelled):
        key = m.group(1)
        if key not in UNIT_KEYS:
            continue  # a leader (a person) or a date
        part = s[m.end() : labelled[k + 1].start() if k + 1 < len(labelled) else len(s)]
        part = part.replace("。", "；")
        if key.endswith("分工") or (key.startswith("责任") and _LEAD_AND_SUPPORT.search(part)):
            # "部门分工：X牵头，Y配合", "责任部门：X牵头，Y、Z配合": the part states the roles itself
            found = parse_tag(part.strip(" ;；,，"), first_leads)
            out.extend(found or [])
            continue
        role = "lead" if key.startswith(("牵头", "主办", "主责")) or (key.startswith("责任") and not has_lead_label) \
            else "support"
        before = len(out)
        for clause, _ in split_top(part, ",，;；"):
            if not clause.strip():
                continue
            if FOLLOWING.match(clause.strip()):  # "以下各项均需各县市区人民政府负责"
                out.extend(Assignment(u, "territorial" if is_territorial(u) else role, carried=True)
                           for u in units_in(clause))
            else:
                out.extend(Assignment(u, role) for u in units_in(clause))
        if first_leads and role == "lead" and not has_lead_label and len(out) - before > 1:
            out[before:] = _first_leads(out[before:])
    return out or None


# a label that opens a line of units (or of a leader, a date) after a task: at a line start or after a sentence,
# or a unit label after the comma that ends a short item (``1、农村道路畅通工程,牵头部门:市交通局。进度…``)
_BLOCK_LABEL = re.compile(
    rf"(?:(?:(?<=\n)|(?<=^)|(?<=。))[ \t\u3000]*[\[【]?(?:{UNIT_LABEL}|{OTHER_LABEL})(?:\s*[:：]|[\]】])"
    rf"|(?<=[,，])(?:{UNIT_LABEL})(?<=单位|部门)[:：])")
# fields printed on one line parted by spaces (``…。 牵头领导:甲 责任单位:A 项目责任人:乙 配合单位:B、C 完成情况:…``):
# a label after a space inside a line; each value then ends at the next space
_SPACED_FIELD = re.compile(r"\S[ \t\u3000]+$")
_VALUE_STOP = re.compile(r"[ \t\u3000]|。")


def labelled_block(folded: str) -> tuple[int, int, int, str] | None:
    """(end of the task text, start and end of the printed tag, tag text to parse) of the lines of units
    after a task (``牵头领导：…`` / ``牵头单位：X`` / ``责任单位：Y``), or None.

    The block starts at the first such label after the task's own text and runs over the following lines
    that are labelled too (blank lines allowed); a leader's or a date's part is not part of the tag."""
    if ":" not in folded and "]" not in folded and "】" not in folded and "：" not in folded:
        return None  # every label ends with a colon or a square bracket
    for m in _BLOCK_LABEL.finditer(folded):
        head = folded[: m.start()]
        if not head.strip() or _depth(head) > 0:
            continue
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip(" \t\u3000"))
        pos = start
        block_end = start
        while pos < len(folded):
            nl = folded.find("\n", pos)
            line_end = len(folded) if nl < 0 else nl
            line = folded[pos:line_end]
            if line.strip():
                if pos != start and not ANY_LABEL.match(line.strip()) \
                        and not wraps_on(folded[start:block_end].rsplit("\n", 1)[-1], line):
                    break
                block_end = pos + len(line.rstrip())
            pos = line_end + 1
        parts = list(ANY_LABEL.finditer(folded, start, block_end))
        units = [p for p in parts if p.group(1) in UNIT_KEYS]
        if not units:
            continue
        pieces = []
        tag_end = units[0].start()
        # "[牵头单位:X;责任单位:Y]": a square bracket opened before the first label closes the tag, not a unit
        closer = _BRACKET_PAIRS.get(parts[0].group(0)[0]) if parts[0].group(0)[-1] in ":：" else None
        for k, p in enumerate(parts):
            if p.group(1) not in UNIT_KEYS:
                continue
            nxt = parts[k + 1].start() if k + 1 < len(parts) else block_end
            nl = folded.find("\n", p.end(), nxt)
            while 0 <= nl < nxt and wraps_on(folded[p.end() : nl], folded[nl + 1 : nxt].split("\n", 1)[0]):
                nl = folded.find("\n", nl + 1, nxt)  # "…、园区党工\n委、各街道党工委": a name cut by a line wrap
            value_end = nxt if nl < 0 else nl
            line_start = folded.rfind("\n", 0, p.start()) + 1
            spaced = _SPACED_FIELD.search(folded, line_start, p.start()) is not None
            value_end = _value_end(folded, p.end(), value_end, spaced)
            raw = folded[p.end() : value_end]
            value = raw.replace("\n", "")
            shown = value.strip(' 　;；,，')
            if closer and shown.endswith(closer):
                shown = shown[:-1].rstrip(' 　;；,，')
            pieces.append(f"{p.group(1)}:{shown}")
            tag_end = p.end() + len(raw.rstrip(" \t\u3000;；,，"))
        return start, units[0].start(), tag_end, "；".join(pieces)
    return None


def _value_end(folded: str, start: int, end: int, spaced: bool) -> int:
    """Where a labelled list of units ends: no unit holds a sentence's end (``牵头部门:市交通局。建设进度…``), and
    in fields parted by spaces no unit holds a space (``配合单位:A、B 实际完成情况:…``, a table glued after it)."""
    if spaced:
        while start < end and folded[start] in " \t\u3000":
            start += 1  # the space after the colon
        stop = _VALUE_STOP.search(folded, start, end)
        return end if stop is None else stop.start()
    full = folded.find("。", start, end)
    if full < 0 or not folded[full + 1 : end].strip(" \t\u3000\n。"):
        return end  # a sentence end that closes the line stays printed with the tag
    return full


_BRACKET_PAIRS = {"[": "]", "【": "】"}
_LIST_SEP = re.compile(r"[、,，;；]")


def wraps_on(value: str, line: str) -> bool:
    """A list of units cut by a hard line wrap inside a name (``协办单位:区委编办、园区党工`` / ``委、各街道党工委``):
    the line's last name does not end like a unit, and with the next line's first piece it does."""
    last = _LIST_SEP.split(value)[-1].strip()
    head = _LIST_SEP.split(line.strip(), 1)[0].strip()
    if not last or not head or len(head) > 6 or ANY_LABEL.match(line.strip()) or UNIT_END.search(last):
        return False
    return bool(UNIT_END.search(last + head))


def _depth(text: str) -> int:
    return sum(1 for ch in text if ch in OPEN) - sum(1 for ch in text if ch in CLOSE)
