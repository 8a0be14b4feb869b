"""Tasks: the unit names of a tag — a list cut outside brackets (``各县(市、区)人民政府`` is one), levels and
places that share the government after them, placeholders that close a list (``等相关单位``), role words
stripped; and the units as printed on the page.
"""

from __future__ import annotations

import re

from zhengce.extract.tasks.model import Assignment

UNIT_END = re.compile(
    r"(?:政府|委员会|管委会|管委|委|办|局|厅|部|院|中心|公司|集团|银行|分行|支行|联|会|队|站|所|署|社|处|室|园|区|镇|乡|街道|"
    r"办事处|单位|部门|机构|企业|学校|大学|职院|高校|监管分局|分局|海关|示范区|专班|小组|组)$"
)
TERRITORIAL = re.compile(
    r"(?:人民政府|街道办事处|办事处|管委会|管理委员会|乡镇|各镇|各乡|各街道|各县市区?|开发区|经开区|高新区|园区|管理区)$|^各"
)


TAIL_WORDS = re.compile(
    r"(?:等(?:[省市县区州旗]直?|[省市县区]级)?(?:其他|其它)?(?:有关|相关)?(?:职能)?(?:部门|单位)|等)?\s*"
    r"(?:分别牵头负责|分别牵头|牵头负责|牵头抓总|牵总|牵头|"
    r"按照?职责分工负责|按照?职能分工负责|按照?职责分工|按照?职能分工|按照?职责负责|按职能职责负责|按照?职责|"
    r"分工负责|共同负责|分别负责|具体负责|负责|主办|协办|配合|参与|参加|协助|协同|落实)?$"
)


# a bare jurisdiction level that a comma list cut off a government's name: "各区、县(市)政府", "各县、市、区人民政府"
BARE_LEVEL = re.compile(r"^(?:各|相关|有关)?[省市州县区旗镇乡](?:[(（][^()（）]{1,6}[)）])?$")
# a place named without its body before others sharing it: 哈尔滨、黑河、绥芬河市政府 (with its level,
# 银川市、石嘴山市、吴忠市人民政府, each stands alone)
_BARE_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,4}(?<![省市州县区旗盟镇乡縣區])$")


_P_LEADING_JOIN = re.compile(r"^(?:由|请|和|及|以及|会同(?!县))")  # 会同市经信委: "together with", not 会同县
_P_ANNOT = re.compile(r"\s*[<〈][^<>〈〉]{1,12}[>〉]$")
_P_DUTY_TAIL = re.compile(r"负责[^,，;；、]{2,}$")
_P_FOLLOWING = re.compile(r"^以下(?:各项)?(?:工作)?(?:任务)?(?:均)?(?:需|由)?")
_P_JOINERS = re.compile(r"以及|及|和|与")
_P_TRAILING_BRACKET = re.compile(r"[(（][^()（）]*[)）]$")
# "市发改委和各区、县(市)政府": a joining word before a bare level opens the government the levels share
_P_JOIN_LEVEL = re.compile(
    r"^(.+?)(?:以及|及|和|与)((?:各|相关|有关)?[省市州县区旗镇乡](?:[(（][^()（）]{1,6}[)）])?)$")
# a collective named by its levels only (相关盟市, 各县区, 有关县(市、区)): a unit of its own after 及/和
_P_LEVELS = re.compile(r"^(?:各|相关|有关)(?:[省市州县区旗盟镇乡](?:[(（][^()（）]{1,6}[)）])?){2,4}$")


# a leader named by office inside a tag (分管副省长、协管副秘书长、县政府办公室分管副主任 … 负责) is a person, no unit
LEADER_ROLE = re.compile(r"(?:省长|市长|县长|区长|州长|旗长|盟长|镇长|乡长|秘书长|主任|书记|助理|同志|领导)$")


def clean_unit(name: str) -> str:
    """A unit name without the punctuation, joining word (由, 和 …) and annotation (<链办>) around it."""
    name = name.strip(" \t\n\u3000,，、;；:：。★☆")
    name = _P_LEADING_JOIN.sub("", name)
    name = _P_ANNOT.sub("", name)  # an annotation such as <链办>
    return name.strip(" \t\n\u3000★☆")


_OPENERS = "(（〔[【<〈《"
_CLOSERS = ")）〕]】>〉》"


def split_top(text: str, seps: str) -> list[tuple[str, str]]:
    """(part, separator before it) of ``text`` cut at ``seps`` outside brackets: ``各县(市、区)人民政府`` is one."""
    parts: list[tuple[str, str]] = []
    depth, cur, sep = 0, [], ""
    for ch in text:
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        if depth == 0 and ch in seps:
            parts.append(("".join(cur), sep))
            cur, sep = [], ch
        else:
            cur.append(ch)
    parts.append(("".join(cur), sep))
    return parts


_PLACEHOLDER = r"等(?:[省市县区州旗]直?|[省市县区]级)?(?:其他|其它)?(?:有关|相关)?(?:职能)?(?:部门|单位)"
_PLACEHOLDER_JOIN = re.compile(rf"(?:{_PLACEHOLDER}|等)(?:和|及|以及|与)")  # "X等和各市人民政府" too


def _strip_role(part: str) -> str:
    return TAIL_WORDS.sub("", _P_DUTY_TAIL.sub("负责", part.strip())).strip()


def units_in(clause: str) -> list[str]:
    clause = _P_FOLLOWING.sub("", clause.strip())
    clause = _strip_role(clause)
    clause = _PLACEHOLDER_JOIN.sub("、", clause)  # "X等省有关部门和各市人民政府": the placeholder closes X's list
    pieces: list[str] = []
    pending = ""
    for part, sep in split_top(clause, "、,，；;/"):
        part = part.strip()
        if pending:
            bare = BARE_LEVEL.match(part)
            part = pending + sep + part
            pending = ""
            if bare:  # "各县、市、区政府": a run of levels waits for the government that ends it
                pending = part
                continue
        if BARE_LEVEL.match(part):  # "各区、县(市)政府": the levels belong to the government that follows
            pending = part
            continue
        joined_level = _P_JOIN_LEVEL.match(part)
        if joined_level and UNIT_END.search(joined_level.group(1)):
            pieces.append(joined_level.group(1))
            pending = joined_level.group(2)
            continue
        pieces.append(part)
    if pending:
        pieces.append(pending)
    # bare place names share the government that ends the run: one unit, as 各区、县(市)政府 is
    merged: list[str] = []
    run: list[str] = []
    for piece in pieces:
        if _BARE_PLACE.match(piece) and not UNIT_END.search(piece):
            run.append(piece)
            continue
        if run and re.search(r"政府$", piece):
            piece = "、".join([*run, piece])
        else:
            merged.extend(run)
        run = []
        merged.append(piece)
    pieces = merged + run
    out = []
    for piece in pieces:
        # "各区政府及开发区管委会", "环保厅和X监管办及相关盟市": 及/和 join bodies (or a collective of levels)
        joined = [clean_unit(_strip_role(x)) for x in _joined_parts(piece)]
        if len(joined) > 1 and all(x and (UNIT_END.search(x) or _P_LEVELS.match(x)) for x in joined):
            candidates = joined
        else:
            candidates = [clean_unit(_strip_role(piece))]
        for unit in candidates:
            if unit and unit not in {"等", "相关单位", "有关单位", "相关部门", "有关部门"} and len(unit) <= 40 \
                    and not LEADER_ROLE.search(unit):
                out.append(unit)
    return out


def _joined_parts(piece: str) -> list[str]:
    """``piece`` cut at the joining words that follow a whole unit: ``区经济和信息化局及各县区`` is cut at 及 only."""
    parts, start = [], 0
    for m in _P_JOINERS.finditer(piece):
        left = clean_unit(_strip_role(piece[start : m.start()]))
        if left and (UNIT_END.search(left) or _P_LEVELS.match(left)):
            parts.append(piece[start : m.start()])
            start = m.end()
    parts.append(piece[start:])
    return parts


_GLUE = re.compile(r"(?<=[局委办厅院队站所])(?=[省市州县区旗盟][\u4e00-\u9fff]{2,})")


def split_glued(name: str) -> list[str]:
    """Two names a joined line break glued (a table cell ``市国土资源局`` / ``市农牧林业局`` read as one line):
    cut where a name of four characters or more ends and another of the same level begins (``市委市政府督查室``,
    whose first part is short, stays one)."""
    level = name[:1]
    cuts = [m.start() for m in _GLUE.finditer(name) if name[m.start()] == level]
    parts, start = [], 0
    for cut in cuts:
        if cut - start >= 4 and len(name) - cut >= 4 and UNIT_END.search(name[start:cut]):
            parts.append(name[start:cut])
            start = cut
    parts.append(name[start:])
    return parts if len(parts) > 1 and UNIT_END.search(parts[-1]) else [name]


def is_territorial(unit: str) -> bool:
    return bool(TERRITORIAL.search(unit)) and not unit.startswith(("各成员", "各有关", "各相关", "各负有"))


def looks_like_units(units: list[str]) -> bool:
    return bool(units) and all(UNIT_END.search(_P_TRAILING_BRACKET.sub("", u)) for u in units)


def as_printed(assignments: list[Assignment], folded: str, printed: str) -> list[Assignment]:
    """The units in the characters of the page: ``folded`` and ``printed`` are one text, folded and as printed."""
    cursor = 0
    for a in assignments:
        k = folded.find(a.unit, cursor)
        if k < 0:
            k = folded.find(a.unit)
        if k >= 0:
            a.unit = printed[k : k + len(a.unit)]
            cursor = k + len(a.unit)
    return assignments


def dedupe_units(assignments: list[Assignment]) -> list[Assignment]:
    """One assignment per unit: a unit named twice in a row keeps its first role, a lead role wins."""
    seen: dict[str, Assignment] = {}
    for a in assignments:
        if a.unit not in seen:
            seen[a.unit] = a
        elif a.role == "lead":
            seen[a.unit].role = "lead"
    return list(seen.values())
