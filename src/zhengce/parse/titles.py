"""Titles: where a notice title starts on a line (关于, 印发, 转发 …, after its issuers) and where it ends (after its
genre word and qualifier, before the status label, 文号 or date a web page prints after it).
"""

from __future__ import annotations

import re

from zhengce.parse.metadata import GENRES, issuer_parts
from zhengce.text.lexicon import DOC_NUMBER

# a qualifier printed after the genre belongs to the title: …的实施意见（试行）
QUALIFIER = r"(?:\s*\((?:试行|暂行|草案|征求意见稿|送审稿|修订|修订稿|修订版|第[一二三四五六七八九十\d]+号)\))?"
GENRE_END = re.compile(r"(?:的)?(?:" + "|".join(GENRES) + r")" + QUALIFIER + r"\s*$")
TITLE_START = re.compile(r"(?:关于|印发|转发|批转|贯彻)")


# what web pages print after a title: a status label, the 文号 in brackets, a date
SITE_LABEL = re.compile(
    r"\s*[(\[]\s*(?P<status>现行有效|全部有效|有效|部分失效|全部失效|已失效|失效|宣布失效|已废止|废止|已修改|已被修改|尚未生效|未生效)"
    r"\s*[)\]]\s*$"
)
TRAIL_NUMBER = re.compile(rf"(?:\s*[(\[]|\s+)\s*(?P<number>{DOC_NUMBER.pattern})\s*[)\]]?\s*$")
TRAIL_DATE = re.compile(
    r"\s+[\[(]?\s*(?:(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}|(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)\s*[\])]?\s*$"
)
# (a site's column label may stand before the issuer too: 【市政府重点工作】X市人民政府关于…)
SITE_HEADLINE = re.compile(r"\[[^\[\]]{1,60}\]\s*(?=(?:[^\[\]:，,。]{2,40}?)?(?:关于|印发|转发|批转|贯彻|$))")
# a news site reposting a notice names it by its original title: 原标题:X人民政府关于…的通知
REPOSTED = re.compile(r"原标题\s*:\s*")
LEADING_NUMBER = re.compile(rf"^\s*{DOC_NUMBER.pattern}\s*")
BULLET = re.compile(r"^[·•●◆◇■□▪►▶※*>]+\s*")


_GENRE_LAST = {g[-1] for g in GENRES}
_TRAILER_LAST = set(")]号")
_TAIL_LAST = _GENRE_LAST | _TRAILER_LAST | {"》"}


def title_end(key: str) -> tuple[int, str | None, str | None] | None:
    """Where the title on a line ends (after its genre word), with the status label and the 文号 a web page
    prints after it; None when the line does not end a title."""
    if not key or (key[-1] not in _TAIL_LAST and not key[-1].isdigit()):
        return None  # cheap test first: every line of a text is asked
    s = key
    label = number = None
    for _ in range(3):
        if s[-1:] not in _TRAILER_LAST and not s[-1:].isdigit():
            break
        m = SITE_LABEL.search(s)
        if m:
            label = label or m.group("status")
            s = s[: m.start()]
            continue
        m = TRAIL_NUMBER.search(s)
        if m:
            number = number or m.group("number")
            s = s[: m.start()]
            continue
        m = TRAIL_DATE.search(s)
        if m:
            s = s[: m.start()]
            continue
        break
    s = s.rstrip()
    if s.startswith("《") and s.endswith("》") and _enclosed(s):
        s = s[:-1]  # a title printed in 《》 on its own line (under its 文号)
        if not TITLE_START.match(s, 1) and title_start(s[1:]) is None:
            return None
    elif s.startswith("《") and not _QUOTED_TAIL.match(s[_quoted_end(s):]) \
            and not _QUOTE_IN_TITLE.match(s[_quoted_end(s):]):
        return None  # (a line that only ends the quoted titles a wrapped title issues, 《…》《…》的通知, goes on)
    if not s or len(s) > 160 or not GENRE_END.search(s) or any(p in s for p in "。；;") or s.startswith("-"):
        return None
    return len(s), label, number


# a wrapped title whose second line opens with a quoted name: "…关于印发2020年市\n《政府工作报告》确定的…方案的通知",
# "X人民政府印发关于落实国务院\n《政府工作报告》重点工作任务分工的通知" (the genre word is checked below)
_QUOTE_IN_TITLE = re.compile(r"^[^，,。；;：:、《》!！?？“”\"]{2,40}$")
_QUOTED_TAIL = re.compile(r"^\s*的?\s*(?:" + "|".join(GENRES) + r")" + QUALIFIER + r"\s*$")


def _quoted_end(s: str) -> int:
    """Where the run of 《…》 groups that opens ``s`` ends (0 when one is left open)."""
    depth = 0
    end = 0
    for k, ch in enumerate(s):
        if ch == "《":
            depth += 1
        elif ch == "》":
            depth -= 1
            if depth == 0:
                end = k + 1
        elif depth == 0 and not ch.isspace():
            break
    return end


def _enclosed(s: str) -> bool:
    """The first 《 of ``s`` closes at its last character."""
    depth = 0
    for k, ch in enumerate(s):
        depth += (ch == "《") - (ch == "》")
        if depth == 0:
            return k == len(s) - 1
    return False


def title_lead(key: str) -> int:
    """Where a title line's content starts: after a bullet, or after the 《 of a title printed in 《》."""
    if key.startswith("《") and key.count("《") > key.count("》"):
        return 1  # (title_end cut the closing 》)
    bullet = BULLET.match(key)
    pos = bullet.end() if bullet else 0
    label = SITE_HEADLINE.match(key, pos) or REPOSTED.match(key, pos)  # 【…】, 原标题: a site prints before it
    pos = label.end() if label else pos
    number = LEADING_NUMBER.match(key[pos:])  # 盘政发〔2016〕30号 盘锦市人民政府关于…: a listing's 文号 first
    return pos + number.end() if number and key[pos + number.end() :].strip() else pos


def leading_number(key: str) -> str | None:
    """The 文号 a listing prints before the issuer and title on a title line, or None."""
    number = LEADING_NUMBER.match(key)
    return number.group(0).strip() if number and TITLE_START.search(key, number.end()) else None


def title_start(key: str) -> tuple[int, list[str] | None] | None:
    """Where the title starts on a line (关于, 印发, 转发, 批转, 贯彻), and the issuers printed before it."""
    lead = title_lead(key)
    for k, m in enumerate(TITLE_START.finditer(key, lead)):
        if k >= 3:
            break
        prefix = key[lead : m.start()]
        number = LEADING_NUMBER.match(prefix)  # a site headline prints the 文号 first: X府发〔2023〕2号X人民政府关于…
        prefix = prefix[number.end() :] if number else prefix
        if not prefix.strip():
            return m.start(), None
        parts = issuer_parts(prefix)
        if parts is not None:
            return m.start(), [p for p in parts]
    return None


def numbered_title_start(key: str) -> tuple[int, list[str] | None] | None:
    """Where a title that opens without 关于 starts when the line prints its 文号 in brackets after it (a 公告 or
    通告 of land acquisition, an order: ``X县人民政府拟征收土地启动公告(X征启公告〔2022〕4号)``, ``征收土地预公告(…)``):
    after the issuers printed before it, or at the line's start. ``key`` is the line up to the title's end."""
    lead = title_lead(key)
    for k in range(min(len(key) - 4, lead + 40), lead + 1, -1):  # the longest prefix that names issuers
        if key[k - 1] in _ISSUER_LAST and issuer_parts(key[lead:k]) is not None:
            return k, issuer_parts(key[lead:k])
    return (lead, None) if len(key) - lead >= 4 and not NOT_A_NUMBERED_TITLE.search(key, lead) else None


_ISSUER_LAST = set("府室局委厅会办院处部署")
NOT_A_NUMBERED_TITLE = re.compile(r"[，,。；;：:！!？?|]")
