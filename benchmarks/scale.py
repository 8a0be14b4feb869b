"""Time per stage against input size: is every stage linear?

Builds one plain-text gazette file of about 1, 4 and 16 MB by repeating an invented gazette issue
(invented county, numbers and units; each copy gets its own 文号, dates and figures) and times
read → normalise → segment → structure (metadata and clause trees) → extract (tasks with unit
resolution, targets incl. task text, deadlines, references, money rules, personnel, status events).
A linear stage keeps its seconds per MB as the input grows; the last column says how much the
time per MB grew from the smallest to the largest input.

    python benchmarks/scale.py [--sizes 1,4,16]

Runs on one core (the parser is single-threaded). Prints a table and one JSON line.

With ``--ingest DOCUMENTS`` it measures ``zhengce ingest`` instead: that many generated documents (one
issue of three documents per file) stored with each number of ``--workers`` into a new SQLite file and,
with ``--db URL``, into a new database on that PostgreSQL server; it prints files, documents, MB/s of
wall time (worker start included), the CPU seconds of the parent (the writer's share) and, for a PostgreSQL server
on this machine, of the server (all its processes, from /proc).

    python benchmarks/scale.py --ingest 3000 --workers 1,2 [--db postgresql+psycopg://…/zhengce_test]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from zhengce.extract.export import task_records
from zhengce.extract.facts import extract_source
from zhengce.parse import pipeline
from zhengce.text.read import read_bytes

COUNTIES = ["临川", "青石", "白沙", "柳溪", "松岗", "云台", "梅岭", "石门", "桃源", "溪口"]
HANZI_NUMBERS = "〇一二三四五六七八九"

# One issue of an invented county gazette: a plan with goals, a target table, tagged tasks and an
# attachment; an announcement without 主送; a personnel notice. {c} county, {y} year, {n} serial.
ISSUE = """\
{c}县人民政府
关于印发《{c}县促进制造业高质量发展三年行动方案（{y}—{y2}年）》的通知

{c}政发〔{y}〕{n}号

各乡镇人民政府，县直各单位：

《{c}县促进制造业高质量发展三年行动方案（{y}—{y2}年）》已经县人民政府第{n}次常务会议研究同意，现印发给你们，请认真贯彻执行。

附件：{c}县制造业发展主要指标表

{c}县人民政府

{y}年3月{d}日

{c}县促进制造业高质量发展三年行动方案（{y}—{y2}年）

为加快推进新型工业化，推动全县制造业高质量发展，结合本县实际，制定本方案。

一、主要目标

到{y2}年，全县规模以上工业增加值年均增长{g}%以上，制造业投资年均增长{h}%，新增规模以上工业企业{k}家。

——规模以上工业企业研发经费投入强度达到{r}%；

——单位工业增加值能耗较{y0}年下降{e}%。

二、重点任务

（一）实施技术改造升级行动。每年滚动实施技术改造项目{k}个以上，对设备投资超过500万元的项目按设备投资额的8%给予补助，最高不超过200万元。（县工信局牵头，县财政局、县发改局配合，各乡镇人民政府负责）

（二）培育优质企业梯队。建立专精特新企业培育库，{y}年6月底前完成首批入库企业认定，力争到{y2}年新增国家级专精特新“小巨人”企业{m}家。（县工信局牵头，县市场监管局、县科技局等相关单位配合）

（三）强化要素保障。

1. 保障项目用地。优先保障重点制造业项目用地，推行标准地出让，新增工业用地“标准地”出让比例达到{p}%。（县自然资源局负责）

2. 加强金融支持。鼓励金融机构扩大中长期贷款，力争每年新增制造业贷款{f}亿元以上。（县金融办牵头，人民银行{c}县支行配合）

（1）开展银企对接活动，每季度至少举办1次；

（2）扩大政府性融资担保覆盖面。

三、保障措施

建立工作调度机制，一月一调度、一季一通报，各责任单位于每月5日前报送工作进展。本方案自{y}年4月1日起施行，有效期3年。

附件

{c}县制造业发展主要指标表

序号\t指标\t单位\t{y0}年\t{y2}年
1\t规模以上工业增加值\t亿元\t{v0}\t{v1}
2\t规模以上工业企业数量\t家\t{w0}\t{w1}

{c}县人民政府办公室 关于加强汛期安全生产工作的通告

{c}政办函〔{y}〕{n2}号

为切实做好汛期安全生产工作，保障人民群众生命财产安全，根据有关法律法规，现将有关事项通告如下：

一、全县各类生产经营单位应当落实安全生产主体责任，在5个工作日内完成隐患自查。

二、本通告自发布之日起施行。

{c}县人民政府办公室

二〇{yy}年四月{dd}日

{c}县人民政府
关于王{n}等同志职务任免的通知
{c}政人〔{y}〕{n3}号
各乡镇人民政府，县直各单位：
县人民政府决定：
王{n}同志任县工业和信息化局局长；
免去赵{n}同志县工业和信息化局局长职务。
{c}县人民政府
{y}年4月{d}日

"""


def issue(k: int) -> str:
    y = 2020 + k % 6
    return ISSUE.format(
        c=COUNTIES[k % len(COUNTIES)], y=y, y0=y - 1, y2=y + 2, n=k + 1, n2=k + 2, n3=k + 3, d=1 + k % 27,
        yy="".join(HANZI_NUMBERS[int(ch)] for ch in str(y)[2:]), dd="二十" + HANZI_NUMBERS[1 + k % 9],
        g=6 + k % 4, h=5 + k % 3, k=10 + k % 40, r=f"2.{k % 9}", e=3 + k % 5, m=1 + k % 6, p=30 + k % 40,
        f=5 + k % 20, v0=100 + k % 50, v1=150 + k % 50, w0=200 + k % 90, w1=260 + k % 90,
    )


def gazette(megabytes: float) -> bytes:
    """A gazette file of about the given size (UTF-8): masthead, then copies of the issue."""
    parts = [f"{COUNTIES[0]}县人民政府公报\n\n2024年第1期\n\n"]
    size = len(parts[0].encode())
    k = 0
    while size < megabytes * 1e6:
        block = issue(k)
        parts.append(block)
        size += len(block.encode())
        k += 1
    return "".join(parts).encode("utf-8")


class Timer:
    """Accumulates the seconds spent in the wrapped functions, by stage."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    def wrap(self, stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[stage] += time.perf_counter() - t0

        return timed


def run(data: bytes) -> dict[str, float]:
    timer = Timer()
    # time the pipeline's own calls of its stages, so that the benchmark follows the pipeline
    originals = {name: getattr(pipeline, name) for name in ("repair", "folded_text", "segment")}
    pipeline.repair = timer.wrap("normalise", originals["repair"])  # type: ignore[attr-defined]
    pipeline.folded_text = timer.wrap("normalise", originals["folded_text"])  # type: ignore[attr-defined]
    pipeline.segment = timer.wrap("segment", originals["segment"])  # type: ignore[attr-defined]
    try:
        t0 = time.perf_counter()
        raw = read_bytes(data, "gazette.txt")
        timer.seconds["read"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        parsed = pipeline.parse_raw(raw, "gazette.txt")
        total = time.perf_counter() - t0
    finally:
        for name, fn in originals.items():
            setattr(pipeline, name, fn)
    timer.seconds["structure"] = total - timer.seconds["normalise"] - timer.seconds["segment"]
    t0 = time.perf_counter()
    facts = extract_source(parsed)  # every extractor, once per document
    tasks = len(task_records(parsed, facts))  # the export's unit registry over the source
    targets = sum(len(f.targets) for f in facts)
    timer.seconds["extract"] = time.perf_counter() - t0
    return {"megabytes": len(data) / 1e6, "documents": len(parsed.documents), "tasks": tasks, "targets": targets,
            **{stage: timer.seconds[stage] for stage in STAGES}}


STAGES = ("read", "normalise", "segment", "structure", "extract")


def server_cpu(engine: Any) -> float | None:
    """The CPU seconds the PostgreSQL server of ``engine`` has spent so far (its postmaster, the children it reaped
    and the live ones), when it runs on this machine and /proc shows it; else None."""
    from sqlalchemy import text

    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as conn:
        backend = conn.scalar(text("SELECT pg_backend_pid()"))
    try:
        master = int(Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()[1])
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in [master, *(int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split())]:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if pid == master else 0)
    except (OSError, ValueError, IndexError):  # another machine's server, or a process gone meanwhile
        return None
    return total / ticks


def ingest_run(folder: Path, workers: int, url: str) -> dict[str, float]:
    """Ingest every file of ``folder`` into the empty database ``url`` with ``workers`` processes."""
    from zhengce.db import open_store
    from zhengce.library.bulk import Outcome, ingest_files

    engine = open_store(url)
    files = [(p, p.name) for p in sorted(folder.iterdir())]
    done: list[Outcome] = []
    server0 = server_cpu(engine)
    t0, cpu0 = time.perf_counter(), time.process_time()
    ingest_files(engine, files, done.append, workers=workers)
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    server1 = server_cpu(engine)
    engine.dispose()
    megabytes = sum(o.size for o in done) / 1e6
    failed = sum(o.error is not None for o in done)
    return {"workers": workers, "files": len(done), "failed": failed,
            "documents": sum(o.result.documents for o in done if o.result), "megabytes": megabytes,
            "wall_s": wall, "mb_per_s": megabytes / wall, "parent_cpu_s": cpu,
            **({"server_cpu_s": server1 - server0} if server0 is not None and server1 is not None else {})}


def fresh_database(kind: str, base: str | None, home: Path, k: int) -> str:
    """A new empty database: an SQLite file in ``home``, or a new database on the server of ``base``."""
    if kind == "sqlite":
        return str(home / f"bench{k}.db")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    assert base is not None
    name = f"zhengce_bench_{os.getpid()}_{k}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0'))
    admin.dispose()
    return make_url(base).set(database=name).render_as_string(hide_password=False)


def drop_database(base: str | None, url: str) -> None:
    """Drop the benchmark's database ``url`` from the server of ``base``."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    assert base is not None
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def ingest_main(documents: int, workers: list[int], pg: str | None) -> None:
    with tempfile.TemporaryDirectory(prefix="zhengce-scale-") as tmp:
        home = Path(tmp)
        folder = home / "corpus"
        folder.mkdir()
        for k in range(max(1, documents // 3)):  # an issue holds three documents
            (folder / f"{k:07d}.txt").write_text(issue(k), encoding="utf-8")
        results = []
        # what one worker spends per MB (parse, extract, search tokens), in this process on a sample: the
        # wall figures below depend on what else the machine runs, this does not
        from zhengce.library.bulk import prepare
        from zhengce.parse.pipeline import parse_path

        sample = sorted(folder.iterdir())[:200]
        prepare(parse_path, False, sample[0])
        cpu0 = time.process_time()
        for path in sample:
            prepare(parse_path, bool(pg), path)
        worker_cpu = (time.process_time() - cpu0) / (sum(p.stat().st_size for p in sample) / 1e6)
        print(f"one worker: {worker_cpu:.2f} CPU s per MB (parse, extract, search tokens; {len(sample)} files)")
        load = os.getloadavg()[0]
        for kind in ["sqlite"] + (["postgresql"] if pg else []):
            for n in workers:
                url = fresh_database(kind, pg, home, len(results))
                try:
                    r = ingest_run(folder, n, url)
                finally:
                    if kind == "postgresql":
                        drop_database(pg, url)
                results.append({"engine": kind, **r, "load_before": load})
                load = os.getloadavg()[0]
                print(f"{kind:>10} workers {n}: {r['files']} files, {r['documents']} documents, "
                      f"{r['megabytes']:.1f} MB in {r['wall_s']:.1f} s = {r['mb_per_s']:.2f} MB/s wall "
                      f"(parent CPU {r['parent_cpu_s'] / r['megabytes']:.2f} s per MB"
                      + (f", server {r['server_cpu_s'] / r['megabytes']:.2f}" if "server_cpu_s" in r else "")
                      + f"; load average before "
                      f"{results[-1]['load_before']:.1f})", flush=True)
        rounded = [{k: round(v, 3) if isinstance(v, float) else v for k, v in r.items()} for r in results]
        print(json.dumps({"worker_cpu_s_per_mb": round(worker_cpu, 2), "ingest": rounded}, ensure_ascii=False))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="1,4,16", help="input sizes in MB, comma-separated")
    ap.add_argument("--ingest", type=int, metavar="DOCUMENTS", help="measure ingest of this many documents")
    ap.add_argument("--workers", default="1,2", help="with --ingest: numbers of worker processes, comma-separated")
    ap.add_argument("--db", help="with --ingest: also into a new database on this PostgreSQL server (URL)")
    args = ap.parse_args()
    if args.ingest:
        ingest_main(args.ingest, [int(w) for w in args.workers.split(",")], args.db)
        return
    sizes = [float(s) for s in args.sizes.split(",")]
    run(gazette(0.05))  # warm up: OpenCC dictionaries, compiled patterns, the unit registry
    results = [run(gazette(mb)) for mb in sizes]
    print(f"{'MB':>6} {'docs':>6} {'tasks':>6} {'targets':>7} " + " ".join(f"{s + ' s':>11}" for s in STAGES)
          + f" {'total s':>8} {'s/MB':>6}")
    for r in results:
        total = sum(r[s] for s in STAGES)
        print(f"{r['megabytes']:>6.2f} {r['documents']:>6} {r['tasks']:>6} {r['targets']:>7} "
              + " ".join(f"{r[s]:>11.2f}" for s in STAGES) + f" {total:>8.2f} {total / r['megabytes']:>6.2f}")
    first, last = results[0], results[-1]
    growth = {s: (last[s] / last["megabytes"]) / max(first[s] / first["megabytes"], 1e-9) for s in STAGES}
    print("s/MB growth from the smallest to the largest input: "
          + ", ".join(f"{s} ×{g:.2f}" for s, g in growth.items()))
    print(json.dumps({"results": [{k: round(v, 3) for k, v in r.items()} for r in results],
                      "growth": {s: round(g, 2) for s, g in growth.items()}}, ensure_ascii=False))


if __name__ == "__main__":
    main()
