"""PostgreSQL phrase search on the plain text: ``search_docs.plain`` holds each document's words run
together (zhengce.store.plain_text), on the row of its first part.

A quoted phrase used to be checked by the positions in the tsvectors, which PostgreSQL reads from
TOAST storage for every candidate (a 1.5 KB notice has a vector of about 18 KB): a phrase of
common characters took a tenth of a second. Now the GIN index gives the candidates that hold the
phrase's trigrams, and the phrase is looked for in their plain text, kept in the row itself
(storage MAIN) and, in a row that fits in a page, not compressed, as is the head vector that
ranking reads. Documents indexed from now on have body vectors without positions; the vectors
already there keep theirs, which nothing reads any more. SQLite's FTS5 is unchanged.

Downgrading drops the column: documents indexed after this migration then have no positions for
the old phrase search, and quoted phrases find only the documents indexed before it.

Revision ID: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from zhengce.db.search import plain_text

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TUPLE_TARGET = 8160  # as zhengce.store.PG_TUPLE_TARGET when this migration was written


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        return
    op.execute("ALTER TABLE search_docs ADD COLUMN plain text NOT NULL DEFAULT ''")
    # kept in the row: the ranking reads every matching row's head and the phrase check its plain
    # text, and a value moved out to TOAST storage cost ten times more to read than the row itself;
    # uncompressed while the row fits in a page (zhengce.store makes new partitions so too)
    op.execute("ALTER TABLE search_docs ALTER COLUMN plain SET STORAGE MAIN")
    op.execute("ALTER TABLE search_docs ALTER COLUMN head SET STORAGE MAIN")
    for (name,) in bind.execute(sa.text("SELECT inhrelid::regclass::text FROM pg_inherits "
                                        "WHERE inhparent = 'search_docs'::regclass")).all():
        op.execute(f"ALTER TABLE {name} SET (toast_tuple_target = {TUPLE_TARGET})")
    select = sa.text(
        "SELECT d.id, d.title, d.doc_number, d.reg_code, d.issuer, d.kind, d.jurisdiction, d.year, "
        'substr(s.text, d.start + 1, d."end" - d.start) FROM documents d JOIN sources s ON s.id = d.source_id '
        "WHERE d.id > :after AND EXISTS (SELECT 1 FROM search_docs x WHERE x.document_id = d.id) "
        "ORDER BY d.id LIMIT 1000"
    )
    # the head is written anew (|| an empty vector), so that it moves back into the row
    update = sa.text("UPDATE search_docs SET plain = :plain, head = head || ''::tsvector "
                     "WHERE document_id = :id AND part = 0")
    after = -1
    while rows := bind.execute(select, {"after": after}).all():  # a thousand documents at a time
        bind.execute(update, [{"id": r[0], "plain": plain_text(*r[1:])} for r in rows])
        after = rows[-1][0]


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("ALTER TABLE search_docs DROP COLUMN plain")
