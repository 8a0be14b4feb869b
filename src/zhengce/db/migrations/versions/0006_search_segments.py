"""PostgreSQL search in segments: ``search_docs`` partitioned by ranges of 16,384 document ids.

A GIN index reads the whole posting list of every query term before it returns a single row, and
a word found in most documents has a posting list as long as the library. With one partition
(and so one GIN index) per range of ids, counting stops once the newest segments hold enough
matches and the newest matches are read from the newest segment alone. ``parts`` says in how many
rows a long document's body is indexed (a tsvector keeps positions up to 16,383 only): a document
indexed in one row matches when its row holds every term, which the GIN index answers alone.
The vectors gain the trigrams of their bigram streams (see zhengce.search.trigram_tokens).
SQLite's FTS5 table is unchanged.

Revision ID: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SEGMENT = 16384  # as zhengce.store.SEGMENT when this migration was written


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        return
    op.execute("ALTER TABLE search_docs RENAME TO search_docs_old")
    op.execute(
        "CREATE TABLE search_docs (document_id integer NOT NULL REFERENCES documents(id) ON DELETE CASCADE, "
        "part integer NOT NULL, parts integer NOT NULL DEFAULT 1, tsv tsvector NOT NULL, head tsvector NOT NULL, "
        "PRIMARY KEY (document_id, part)) PARTITION BY RANGE (document_id)"
    )
    top = bind.execute(sa.text("SELECT max(document_id) FROM search_docs_old")).scalar()
    # the partitions of the documents there are; zhengce.store makes the next ones as they are needed
    for k in range(0 if top is None else top // SEGMENT + 1):
        op.execute(f"CREATE TABLE search_docs_{k} PARTITION OF search_docs "
                   f"FOR VALUES FROM ({k * SEGMENT}) TO ({(k + 1) * SEGMENT})")
    op.execute("INSERT INTO search_docs (document_id, part, parts, tsv, head) SELECT document_id, part, "
               f"count(*) OVER (PARTITION BY document_id), tsv || {_trigrams('tsv')}, head || {_trigrams('head')} "
               "FROM search_docs_old o")
    op.execute("DROP TABLE search_docs_old")
    op.execute("CREATE INDEX ix_search_docs_tsv ON search_docs USING GIN (tsv)")
    op.execute("CREATE INDEX ix_search_docs_head ON search_docs USING GIN (head)")
    # the few documents indexed in several rows: each term is looked up among them alone
    op.execute("CREATE INDEX ix_search_docs_parts_tsv ON search_docs USING GIN (tsv) WHERE parts > 1")


def _trigrams(col: str) -> str:
    """SQL for the trigrams of a vector's bigrams at neighbouring positions, without positions (as
    zhengce.search.trigram_tokens makes them from the tokens; a bigram's occurrences past its 256th
    have no position in a tsvector, and trigrams only they would make are missed)."""
    grams = f"(SELECT lexeme, unnest(positions) AS p FROM unnest(o.{col}) WHERE char_length(lexeme) = 2)"
    return (f"coalesce((SELECT strip(array_to_tsvector(array_agg(DISTINCT a.lexeme || right(b.lexeme, 1)))) "
            f"FROM {grams} a JOIN {grams} b ON b.p = a.p + 1 AND right(a.lexeme, 1) = left(b.lexeme, 1)), '')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("ALTER TABLE search_docs RENAME TO search_docs_new")
    for name in ("ix_search_docs_tsv", "ix_search_docs_head", "ix_search_docs_parts_tsv"):
        op.execute(f"DROP INDEX IF EXISTS {name}")
    op.execute(
        "CREATE TABLE search_docs (id serial PRIMARY KEY, document_id integer NOT NULL REFERENCES documents(id) "
        "ON DELETE CASCADE, part integer NOT NULL, tsv tsvector NOT NULL, head tsvector NOT NULL)"
    )
    op.execute("INSERT INTO search_docs (document_id, part, tsv, head) "
               "SELECT document_id, part, tsv, head FROM search_docs_new ORDER BY document_id, part")
    op.execute("DROP TABLE search_docs_new")
    op.execute("CREATE INDEX ix_search_docs_document_id ON search_docs (document_id)")
    op.execute("CREATE INDEX ix_search_docs_tsv ON search_docs USING GIN (tsv)")
    op.execute("CREATE INDEX ix_search_docs_head ON search_docs USING GIN (head)")
