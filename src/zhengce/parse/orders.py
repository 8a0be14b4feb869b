"""Government orders (人民政府令): a rule published by an order whose number is printed on its own lines
(``内蒙古自治区人民政府令`` / ``第82号``, ``政府令〔2010〕第15号``, ``湖北省人民政府令(第52号)``) above the sentence
that publishes it, or a rule printed under its promulgation note (``(1991年3月26日济南市人民政府令19号发布)``);
and a local regulation (地方性法规) under the note of the congress that passed it
(``(2025年7月30日X省第十四届人民代表大会常务委员会第十七次会议通过)``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from zhengce.parse.metadata import looks_like_issuer
from zhengce.text.lexicon import DATE_ANY, DocNumber, cn_int, parse_date
from zhengce.text.normalise import fold

# a standing committee publishes a regulation by a numbered 公告 (``X人民代表大会常务委员会公告`` / ``第三十七号``)
ORDER = re.compile(
    r"(?m)^[ \t]*(?P<head>(?:[\u4e00-\u9fff]{2,20}?人民)?政府令|[\u4e00-\u9fff]{2,20}?人民代表大会常务委员会公告)[ \t]*"
    r"(?:[〔\[［(（][ \t]*(?P<year>(?:19|20)\d{2})[ \t]*[〕\]］)）])?"
    r"[ \t]*(?:\n[ \t]*)*[(（]?(?P<num>第[ \t]*(?P<serial>\d{1,4}|[一二三四五六七八九十百〇零]{1,6})[ \t]*号)"
    r"[)）]?[ \t]*$"
)
PUBLISHES = re.compile(r"现(?:予以?)?(?:公布|发布|颁布)")
# the note under a rule's title: (date + order + 发布/公布), possibly followed by its revisions
PROMULGATED = re.compile(
    rf"(?m)^[ \t]*[(（][ \t]*(?P<date>{DATE_ANY})[ \t]*"
    r"(?P<head>(?:[\u4e00-\u9fff]{2,20}?人民|[省市县区州])?政府令)[ \t]*"
    r"(?P<num>第?[ \t]*(?P<serial>\d{1,4})[ \t]*号)[ \t]*(?:公布|发布|颁布)"
)

# the note under a regulation's title: the date and the session of the congress (or its standing committee)
PASSED = re.compile(
    rf"(?m)^[ \t]*[(（][ \t]*(?P<date>{DATE_ANY})[ \t]*(?P<place>[\u4e00-\u9fff]{{2,16}}?)"
    r"(?:第[一二三四五六七八九十]{1,3}届)?(?P<body>人民代表大会(?:常务委员会)?)"
    r"第[一二三四五六七八九十百]{1,4}次(?:全体)?会议通过"
)


@dataclass(slots=True)
class Passage:
    issuer: str  # the congress or standing committee that passed the regulation, without term and session
    signed: date | None


@dataclass(slots=True)
class Order:
    number: DocNumber
    issuer: str | None  # the government the order line or a line above it names
    signed: date | None = None  # the date of a promulgation note
    genre: str = "令"  # 公告 for a standing committee's


def find_order(head: str, year: int | None) -> Order | None:
    """The order number printed in ``head`` (the first part of a document) when the sentence after it publishes
    a rule, or in the rule's promulgation note; ``year`` (of the signing date) stands in when the number prints
    none."""
    folded = fold(head)
    m = ORDER.search(folded)
    if m is not None and PUBLISHES.search(folded, m.end(), m.end() + 300) is not None:
        printed_head = head[m.start("head") : m.end("head")]
        y = int(m.group("year")) if m.group("year") else year or 0
        bracket = f"〔{m.group('year')}〕" if m.group("year") else ""
        serial = m.group("serial")
        printed = f"{printed_head}{bracket}第{serial}号"
        value = int(serial) if serial.isdigit() else cn_int(serial) or 0
        number = DocNumber(fold(printed), fold(printed_head), y, value, printed)
        genre = "公告" if printed_head.endswith("公告") else "令"
        return Order(number, _government(head, m.start(), printed_head), genre=genre)
    note = PROMULGATED.search(folded)
    if note is None or note.start() > 600:
        return None
    signed = parse_date(note.group("date"))
    printed_head = head[note.start("head") : note.end("head")]
    printed = printed_head + re.sub(r"\s+", "", head[note.start("num") : note.end("num")])
    number = DocNumber(fold(printed), fold(printed_head), signed.year if signed else year or 0,
                       int(note.group("serial")), printed)
    return Order(number, _government(head, note.start(), printed_head), signed)


def _government(head: str, at: int, printed_head: str) -> str | None:
    """The government that issues the order: named by the order (its fullest form printed on a line above, a
    law database's issuer line ``山东省济南市人民政府``), else the government line above."""
    named = re.sub(r"(?<=人民政府)令$|(?<=常务委员会)公告$", "", printed_head)
    named = named if named != printed_head else None
    lines = [ln.strip() for ln in head[:at].splitlines() if ln.strip()]
    for ln in reversed(lines):
        if not (looks_like_issuer(ln) and fold(ln).endswith("人民政府")):
            continue
        if named is None or (len(ln) > len(named) and fold(ln).endswith(fold(named))):
            return ln
    return named


ORDER_AGENCY = re.compile(r"政府?令$")
RULE_GENRES = frozenset({"规定", "办法", "细则", "条例", "规则"})


def kind_under_number(agency: str, kind: str | None) -> str | None:
    """令 for a rule printed under its order's number (沈政令[1997]29号, 政府令〔2010〕第15号): published by an
    order; else the kind its title gives."""
    return "令" if ORDER_AGENCY.search(agency) and kind in RULE_GENRES else kind


def find_passage(head: str) -> Passage | None:
    """The congress that passed a regulation and the date, from the note printed under its title (the first
    lines of ``head``); a note quoted further down (in a notice that cites the regulation) is not its own."""
    folded = fold(head)
    note = PASSED.search(folded)
    if note is None or note.start() > 300:
        return None
    issuer = head[note.start("place") : note.end("place")] + head[note.start("body") : note.end("body")]
    return Passage(issuer, parse_date(note.group("date")))
