"""Citations already stored, read again by the current rule: ``reread_numbers``.

A citation keeps the 文号 read when its document was ingested. A library ingested before the rule that cuts a bare
文号 to its 发文机关代字 (issue 21) holds ``各单位按南政办发〔2024〕12号`` where ``南政办发〔2024〕12号`` is meant, so
the cited document is neither linked from the citing page nor lists the citing one. An unchanged file ingested
again is 重复 and not read; this reads each stored citation's own text (the reference as printed) again instead.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.db import CitationRow
from zhengce.extract.references import find_references

__all__ = ["reread_numbers"]


def reread_numbers(engine: Engine, batch: int = 5000) -> tuple[int, int]:
    """Read the 文号 of every stored citation again; a number that reads otherwise now is stored so (and a bare
    number's text and offset lose the words before it). How many were read and how many changed."""
    read = changed = 0
    last = 0
    with Session(engine) as session:
        while True:
            rows = session.scalars(select(CitationRow).where(CitationRow.doc_number.is_not(None), CitationRow.id > last)
                                   .order_by(CitationRow.id).limit(batch)).all()
            if not rows:
                return read, changed
            last = rows[-1].id
            for row in rows:
                read += 1
                changed += _reread(row)
            session.commit()


def _reread(row: CitationRow) -> bool:
    if row.kind != "document":
        return False  # a standard's code is not a 文号
    refs = [r for r in find_references(row.text) if r.doc_number]
    if len(refs) != 1 or refs[0].doc_number == row.doc_number:
        return False
    ref = refs[0]
    if row.title is None:  # a bare number: its span starts at its code now
        row.start += ref.start
        row.text = ref.text
    row.doc_number = ref.doc_number
    return True
