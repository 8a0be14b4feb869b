"""The ``zhengce`` command: the Typer application, assembled from the command modules.

* ``files`` — parse, export, units, check (files alone, no database);
* ``store`` — ingest, summary, reread-references, refresh-validity; ``sourcepdf`` — searchable-pdf;
  ``searchindex`` — the ``search-index`` group (tantivy);
* ``serve`` — serve;
* ``calc`` — calc; ``match`` — match;
* ``lifecycle`` — status, registry, expiring, cleanup;
* ``supervision`` — demo and the ``user`` and ``campaign`` groups;
* ``remind`` — remind, and ``campaign contact``;
* ``calendar`` — the ``calendar`` group; ``data`` — the ``data`` and ``audit`` groups.

Commands are listed in ``zhengce --help`` in the order they are added here.
"""

from __future__ import annotations

import typer

from zhengce import __version__
from zhengce.cli import (
    calc,
    calendar,
    data,
    files,
    lifecycle,
    match,
    remind,
    searchindex,
    serve,
    sourcepdf,
    store,
    supervision,
)

app = typer.Typer(
    name="zhengce",
    help="政策文件结构化平台 / policy documents as structured data.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(supervision.users, name="user")
app.add_typer(supervision.campaigns, name="campaign")
app.add_typer(calendar.calendar, name="calendar")
app.add_typer(data.data, name="data")
app.add_typer(data.audit, name="audit")
app.command("demo")(supervision.demo)
app.command("remind")(remind.remind)
supervision.campaigns.command("contact")(remind.contact)
app.command("calc")(calc.calc)
app.command("status")(lifecycle.status)
app.command("match")(match.match)
app.command("registry")(lifecycle.registry)
app.command("expiring")(lifecycle.expiring)
app.command("cleanup")(lifecycle.cleanup)
app.command("parse")(files.parse)
app.command("export")(files.export)
app.command("units")(files.units)
app.command("check")(files.check)
app.command("ingest")(store.ingest)
app.command("summary")(store.summary)
app.command("reread-references")(store.reread_references)
app.command("refresh-validity")(store.refresh_validity)
app.command("searchable-pdf")(sourcepdf.searchable_pdf)
app.command("search")(searchindex.search)
app.add_typer(searchindex.search_index, name="search-index")
app.command("serve")(serve.serve)


@app.callback(invoke_without_command=True)
def _main(version: bool = typer.Option(False, "--version", help="显示版本 / show the version")) -> None:
    if version:
        typer.echo(__version__)
        raise typer.Exit()


if __name__ == "__main__":  # pragma: no cover
    app()
