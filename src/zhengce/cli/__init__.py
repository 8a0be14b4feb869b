"""The command line ``zhengce``: one module per command group, assembled in :mod:`zhengce.cli.main`.

Public names: ``app`` (the Typer application, the console script's entry point).
"""

from zhengce.cli.main import app

__all__ = ["app"]
