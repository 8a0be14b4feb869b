"""Shared fixtures: samples written for the tests (not taken from the corpus)."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

# A gazette issue in the shape users receive: masthead, table of contents, a running header in
# the middle of a sentence, a paragraph split at a page break, a policy interpretation, a
# personnel notice, and an announcement without 主送. Jurisdiction and numbers are invented.
GAZETTE = """\
清河县人民政府公报

2023年第2期

目  录

【县政府文件】

清河县人民政府关于印发《清河县促进民营经济发展若干措施》的通知
（清政发〔2023〕7号 QHDR-2023-00003）（2）

清河县人民政府办公室关于加强秸秆禁烧工作的通告
（清政办函〔2023〕12号）（6）

清河县人民政府
关于印发《清河县促进民营经济
发展若干措施》的通知

清政发〔2023〕7号

QHDR-2023-00003

各乡镇人民政府，县直各单位：

《清河县促进民营经济发展若干措施》已经县人民政府第十次常务会议研究同意，现印发给你们，请认真贯彻执行。

附件：清河县民营经济发展指标表

清河县人民政府

2023年3月15日

清河县促进民营经济发展若干措施

为进一步优化营商环境，激发市场主体活力，促进全县民营经济高质量发展，结合本县实际，制定以下措施。

一、加大财政支持

（一）设立专项资金。县财政每年安排民营经济发展专项资金2000万元，重点支持中小企业技术改造、品牌建设和市场开拓。对新认定的国家级专精特新“小巨人”企业，一次性奖励50万元。（县财政局牵头，县工信局、县商务局配合）

（二）落实税费减免。全面落实国家和省出台的各项减税降费政策，确保应享尽享。一是简化办税流程，二是推行

县政府文件

非接触式办税，三是加强政策宣传辅导。（县税务局负责）

二、强化要素保障

1. 保障用地需求。对符合条件的民营企业项目优先安排用地指标。

2. 缓解融资难题。鼓励金融机构加大对民营企业的信贷投放，力争全年新增贷款10亿元以上。

（1）开展银企对接活动；

（2）扩大政府性融资担保覆盖面。

三、附则

本措施自2023年4月1日起施行，有效期3年。

附件

清河县民营经济发展指标表

序号\t指标\t单位\t2022年\t2025年
1\t民营经济增加值\t亿元\t120\t150
2\t市场主体数量\t万户\t5.2\t6.5

清河县财政局解读《清河县促进民营经济发展若干措施》

一、出台背景

为了落实省委、省政府决策部署，县财政局牵头起草了本措施。

清河县人民政府办公室 关于加强秸秆禁烧工作的通告

清政办函〔2023〕12号

为切实做好秸秆禁烧工作，改善空气质量，保障人民群众身体健康，根据有关法律法规，现将有关事项通告如下：

一、全县行政区域内禁止露天焚烧秸秆、垃圾等废弃物。

二、本通告自发布之日起施行。

清河县人民政府办公室

二〇二三年四月二日

清河县人民政府
关于张三等同志职务任免的通知
清政人〔2023〕5号
各乡镇人民政府，县直各单位：
县人民政府决定：
张三同志任县发展和改革局局长；
免去李四同志县发展和改革局局长职务。
清河县人民政府
2023年4月10日
"""

WEB_PAGE = """\
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>南山市人民政府办公室关于印发《南山市数字经济三年行动计划》的通知</title>
<script>var tracker = "should never appear";</script><style>.x{color:red}</style></head>
<body>
<div class="nav">首页 | 政务公开 | 政策文件</div>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 政策文件</div>
<table class="xxgk-meta">
<tr><td>索引号：</td><td>113-01/2023-00123</td><td>发文日期：</td><td>2023-05-08</td></tr>
<tr><td>文号：</td><td>南政办发〔2023〕9号</td><td>成文日期：</td><td>2023-05-06</td></tr>
</table>
<div id="zoom" class="article-content">
<h1>南山市人民政府办公室关于印发《南山市数字经济三年行动计划》的通知</h1>
<p>字体：【大】【中】【小】</p>
<p>各区人民政府，市政府各部门：</p>
<p>《南山市数字经济三年行动计划》已经市人民政府同意，现印发给你们，请认真组织实施。</p>
<p style="text-align:right">南山市人民政府办公室</p>
<p style="text-align:right">2023年5月6日</p>
<p>南山市数字经济三年行动计划</p>
<p>一、总体目标</p>
<p>到2025年，全市数字经济核心产业增加值达到500亿元。</p>
<p>二、重点任务</p>
<p>（一）建设新型基础设施。新建5G基站3000个。（市工信局牵头，各区人民政府负责）</p>
</div>
<div class="share">分享到： 微信 微博</div>
<div class="footer">打印本页 关闭窗口</div>
</body></html>
"""


@pytest.fixture
def gazette_text() -> str:
    return GAZETTE


@pytest.fixture
def web_page() -> str:
    return WEB_PAGE


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "gold" / "documents.jsonl").exists():
        pytest.skip("../shared is not beside the project")
    return SHARED


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashes() -> Iterator[None]:
    """Argon2 at the cost of production (64 MiB, 3 passes: one to two seconds a hash on a busy machine) made
    every sign-in of the tests slow; the tests check what accounts do with passwords, not what a hash costs,
    so they hash with the least memory and passes argon2 allows. A rename in accounts fails here, loudly."""
    from argon2 import PasswordHasher

    from zhengce.access import accounts

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts, "_hasher", cheap)
        patch.setattr(accounts, "_DUMMY", cheap.hash("zhengce-timing-equaliser"))
        yield


@pytest.fixture(autouse=True)
def _no_official_calendar_left_behind() -> Iterator[None]:
    """A store opened by a test makes its official working-day calendars current for the process: each
    test starts and ends without any."""
    from zhengce.calendar import workdays

    workdays.use_official([])
    yield
    workdays.use_official([])


def _postgres_url() -> tuple[str | None, str]:
    """The URL of the test PostgreSQL server started by scripts/postgres.sh, or why there is none."""
    import os
    import subprocess

    url = os.environ.get("ZHENGCE_TEST_PG_URL")
    if url:
        return url, ""
    if os.environ.get("ZHENGCE_TEST_PG_ERROR"):
        return None, os.environ["ZHENGCE_TEST_PG_ERROR"]
    try:  # running pytest directly: start (or find) the server here
        done = subprocess.run([str(ROOT / "scripts" / "postgres.sh")], capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, str(exc)
    if done.returncode == 0 and done.stdout.strip():
        os.environ["ZHENGCE_TEST_PG_URL"] = done.stdout.strip()
        return done.stdout.strip(), ""
    os.environ["ZHENGCE_TEST_PG_ERROR"] = done.stderr.strip() or "scripts/postgres.sh failed"
    return None, os.environ["ZHENGCE_TEST_PG_ERROR"]


class Templates:
    """Databases built once per session and handed to each test as a copy of its own: an SQLite file copied
    into the test's folder, a PostgreSQL database made with ``CREATE DATABASE … TEMPLATE``. Running the
    migrations (about a second) or building a world of users and campaigns (argon2 hashes, several seconds)
    once instead of for every test keeps the suite fast; each test still gets a database no other test sees."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sqlite: dict[str, Path] = {}
        self.postgres: dict[str, str] = {}  # key -> template database
        self.admin: Any = None  # an AUTOCOMMIT engine on the server's zhengce_test database
        self.worlds: dict[type, tuple[Path, Any]] = {}

    # -- empty databases at the newest revision -------------------------------------------------------

    def sqlite_copy(self, target: Path, key: str = "migrated", build: Callable[[str], None] | None = None) -> str:
        if key not in self.sqlite:
            home = self.folder / f"sqlite-{key}"
            if home.exists():  # a build that failed before: start again
                shutil.rmtree(home)
            home.mkdir()
            (build or _migrate)(str(home / target.name))
            self.sqlite[key] = home / target.name
        _copy_sqlite(self.sqlite[key], target)
        return str(target)

    def postgres_copy(self, url: str, key: str = "migrated", build: Callable[[str], None] | None = None) -> str:
        if key not in self.postgres:
            template = self.postgres_empty(url, "zhengce_tpl")
            self.postgres[key] = template  # dropped at the end of the session even if the build fails
            (build or _migrate)(template)
        return self._create(url, _unique_name("zhengce_t"), f'TEMPLATE "{_database_of(self.postgres[key])}"')

    def postgres_empty(self, url: str, prefix: str = "zhengce_t") -> str:
        return self._create(url, _unique_name(prefix), "ENCODING 'UTF8' TEMPLATE template0")

    def _create(self, url: str, name: str, how: str) -> str:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        if self.admin is None:
            self.admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" {how}'))
        return make_url(url).set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{_database_of(url)}" WITH (FORCE)'))

    # -- worlds: a database with what a family of tests needs, and the ids they refer to -------------

    def world(self, kind: type[W], tmp_path: Path) -> W:
        """A copy of ``kind(folder)`` built once: ``kind`` keeps its database in the folder it is given,
        its engine in ``.engine`` and ``create_app(engine=.engine)`` in ``.app``; every other attribute
        (ids, actors, paths) is copied, paths into the folder pointing into ``tmp_path``."""
        from zhengce.db import open_store
        from zhengce.web.app import create_app

        if kind not in self.worlds:
            home = self.folder / f"world-{kind.__module__}.{kind.__qualname__}"
            if home.exists():  # a build that failed before: start again
                shutil.rmtree(home)
            home.mkdir()
            built = kind(home)
            built.engine.dispose()
            self.worlds[kind] = (home, built)
        home, built = self.worlds[kind]
        shutil.copytree(home, tmp_path, dirs_exist_ok=True)
        clone = object.__new__(kind)
        state = copy.deepcopy({k: v for k, v in vars(built).items() if k not in ("engine", "app")})
        clone.__dict__.update({k: tmp_path / v.relative_to(home) if isinstance(v, Path) and v.is_relative_to(home)
                               else v for k, v in state.items()})
        clone.engine = open_store(str(tmp_path / Path(built.engine.url.database).relative_to(home)))
        clone.app = create_app(engine=clone.engine)
        return clone

    def close(self) -> None:
        from sqlalchemy import text

        if self.admin is None:
            return
        with self.admin.connect() as conn:
            for template in self.postgres.values():
                conn.execute(text(f'DROP DATABASE IF EXISTS "{_database_of(template)}" WITH (FORCE)'))
        self.admin.dispose()


W = TypeVar("W")


def _unique_name(prefix: str) -> str:
    import os
    import secrets

    return f"{prefix}{os.getpid()}_{secrets.token_hex(4)}"


def _database_of(url: str) -> str:
    from sqlalchemy.engine import make_url

    return str(make_url(url).database)


def _migrate(url: str) -> None:
    from zhengce.db import open_store

    open_store(url).dispose()


def _copy_sqlite(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):  # a closed database has no -wal left, but a copy must not lose one
        if source.with_name(source.name + suffix).exists():
            shutil.copyfile(source.with_name(source.name + suffix), target.with_name(target.name + suffix))


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    found = Templates(tmp_path_factory.mktemp("templates"))
    try:
        yield found
    finally:
        found.close()


@pytest.fixture
def prebuilt(templates: Templates) -> Callable[[type[W], Path], W]:
    """``prebuilt(World, tmp_path)``: a fresh copy of a world built once per session (see Templates.world)."""
    return templates.world


def _database(kind: str, tmp_path: Path, templates: Templates, empty: bool) -> Iterator[str]:
    if kind == "sqlite":
        target = tmp_path / "zhengce.db"
        yield str(target) if empty else templates.sqlite_copy(target)
        return
    url, why = _postgres_url()
    if url is None:
        pytest.skip(f"PostgreSQL 无法启动 / PostgreSQL could not be started: {why}")
    own = templates.postgres_empty(url) if empty else templates.postgres_copy(url)
    try:
        yield own
    finally:
        templates.drop(own)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, templates: Templates) -> Iterator[str]:
    """A database of its own on each engine, already migrated to the newest revision: a copy of an SQLite
    file, and a database on the test PostgreSQL server made from a template (dropped afterwards), so that
    test runs sharing the server never meet."""
    yield from _database(request.param, tmp_path, templates, empty=False)


@dataclass(frozen=True)
class SearchDb:
    """A database of its own and the search engine that answers it: ``tantivy`` (an index beside an SQLite
    file) or the database's own (SQLite FTS5, PostgreSQL)."""

    url: str
    tantivy: bool


@pytest.fixture(params=["sqlite", "tantivy", "postgresql"])
def search_db(request: pytest.FixtureRequest, tmp_path: Path, templates: Templates) -> Iterator[SearchDb]:
    """Each search engine once, on a database of its own (as ``db_url``): SQLite with FTS5, SQLite with a
    tantivy index (the test builds it), PostgreSQL — tantivy serves SQLite stores only, so no pair is skipped."""
    kind = "postgresql" if request.param == "postgresql" else "sqlite"
    for url in _database(kind, tmp_path, templates, empty=False):
        yield SearchDb(url, request.param == "tantivy")


@pytest.fixture
def pg_url(tmp_path: Path, templates: Templates) -> Iterator[str]:
    """A PostgreSQL database of its own (as ``db_url``), for what only PostgreSQL does."""
    yield from _database("postgresql", tmp_path, templates, empty=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path, templates: Templates) -> Iterator[str]:
    """A fresh, empty database on each engine (no tables): for what the migrations themselves do."""
    yield from _database(request.param, tmp_path, templates, empty=True)


# --- browser tests: Playwright driving Debian's Chromium against the real app on loopback ------------

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium() -> str:
    import os
    import subprocess

    path = os.environ.get("ZHENGCE_TEST_CHROMIUM")
    if path:
        return path
    if os.environ.get("ZHENGCE_TEST_CHROMIUM_ERROR"):
        pytest.skip(f"没有 Chromium / no Chromium: {os.environ['ZHENGCE_TEST_CHROMIUM_ERROR']}")
    done = subprocess.run([str(ROOT / "scripts" / "chromium.sh")], capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        pytest.skip(f"没有 Chromium / no Chromium: {done.stderr.strip()}")
    return done.stdout.strip()


@contextmanager
def live_server(app: object) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, for as long as the block runs."""
    import threading
    import time

    import uvicorn

    # uvicorn binds port 0 itself and the system picks a free port: no other run can take it between finding
    # it free and serving on it (a socket bound here and handed over made Chromium see empty pages at times)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))  # type: ignore[arg-type]
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(600):  # up to 30 s: a machine running several suites at once is slow to start threads
        if srv.started:
            break
        time.sleep(0.05)
    port = srv.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    path = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()
