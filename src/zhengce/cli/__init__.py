"""The command line ``zhengce``: one module per command group, assembled in :mod:`zhengce.cli.main`
(``files``, ``store``, ``serve``, ``calc``, ``match``, ``lifecycle``, ``supervision``, ``calendar``, ``data``;
``common`` holds what they share).

Public names: ``app`` (the Typer application, the console script's entry point).
"""

from zhengce.cli.main import app

__all__ = ["app"]
