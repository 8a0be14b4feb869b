"""Government orders (人民政府令): a rule published by an order whose number is printed on its own lines
(``内蒙古自治区人民政府令`` / ``第82号``, ``政府令〔2010〕第15号``) above the sentence that publishes it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhengce.parse.metadata import looks_like_issuer
from zhengce.text.lexicon import DocNumber
from zhengce.text.normalise import fold

ORDER = re.compile(
    r"(?m)^[ \t]*(?P<head>(?:[\u4e00-\u9fff]{2,20}?人民)?政府令)[ \t]*"
    r"(?:[〔\[［(（][ \t]*(?P<year>(?:19|20)\d{2})[ \t]*[〕\]］)）])?"
    r"[ \t]*(?:\n[ \t]*)*[(（]?(?P<num>第[ \t]*(?P<serial>\d{1,4})[ \t]*号)[)）]?[ \t]*$"
)
PUBLISHES = re.compile(r"现予(?:公布|发布|颁布)")


@dataclass(slots=True)
class Order:
    number: DocNumber
    issuer: str | None  # the government the order line or a line above it names


def find_order(head: str, year: int | None) -> Order | None:
    """The order number printed in ``head`` (the first part of a document) when the sentence after it publishes
    a rule; ``year`` (of the signing date) stands in when the number prints none."""
    folded = fold(head)
    m = ORDER.search(folded)
    if m is None or PUBLISHES.search(folded, m.end(), m.end() + 300) is None:
        return None
    printed_head = head[m.start("head") : m.end("head")]
    y = int(m.group("year")) if m.group("year") else year or 0
    bracket = f"〔{m.group('year')}〕" if m.group("year") else ""
    printed = f"{printed_head}{bracket}第{m.group('serial')}号"
    number = DocNumber(fold(printed), fold(printed_head), y, int(m.group("serial")), printed)
    issuer = printed_head[: -len("令")] if printed_head.endswith("人民政府令") else None
    if issuer is None:  # the government printed on its own line above the order (a law database's issuer line)
        lines = [ln.strip() for ln in head[: m.start()].splitlines() if ln.strip()]
        issuer = next((ln for ln in reversed(lines) if looks_like_issuer(ln) and fold(ln).endswith("人民政府")), None)
    return Order(number, issuer)
