"""The ``zhengce serve`` command: the web app and the API under uvicorn."""

from __future__ import annotations

import typer

from zhengce.cli.common import DB_OPTION, err


def serve(
    db: str | None = DB_OPTION,
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址 / address to listen on"),
    port: int = typer.Option(8000, "--port", envvar="PORT", help="端口（或环境变量 PORT）/ port"),
    workers: int = typer.Option(1, "--workers", min=1, help="工作进程数 / worker processes"),
) -> None:
    """启动政策文件库网站与 API / serve the web app and the API."""
    import os

    import uvicorn

    from zhengce.db import database_url, open_store

    url = database_url(db)
    open_store(url).dispose()  # migrate once, before any worker starts
    os.environ["ZHENGCE_DATABASE_URL"] = url
    err.print(f"政策文件库：http://{host}:{port}/  （接口文档 /docs，按 Ctrl+C 停止）")
    # with workers, uvicorn kills a worker that has not answered its health check within 5 s and starts another:
    # on a busy machine a new worker takes longer than that to import the app, so none ever came up
    uvicorn.run("zhengce.web.app:app_from_environment", factory=True, host=host, port=port, workers=workers,
                log_level="warning", timeout_worker_healthcheck=60)
