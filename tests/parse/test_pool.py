"""The pool of parse workers (``zhengce ingest --workers N``) keeps a few files queued in each worker's pipe:
a file that kills its worker or runs over the time limit costs that file only, the files queued behind it
are parsed by a new worker, and every answer comes back in the order of the files. A worker does not run
the script that started ingest again."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from zhengce.parse.pipeline import parse_path
from zhengce.parse.pool import DEPTH, WorkerPool
from zhengce.text.read import ReadError

TEXT = "县人民政府办公室关于做好{k}月安全生产工作的通知\n\n各乡镇人民政府：\n\n一、落实安全生产责任。\n\n县人民政府办公室\n2024年{k}月1日\n"


def dying_parse(path: Path):  # type: ignore[no-untyped-def]
    """Parses like the pipeline, except that *crash* files kill their worker and *slow* files sleep."""
    if "crash" in path.name:
        os._exit(3)
    if "slow" in path.name:
        time.sleep(30)
    return parse_path(path)


def _files(folder: Path, names: list[str]) -> list[tuple[str, Path]]:
    folder.mkdir(exist_ok=True)
    for k, name in enumerate(names):
        (folder / name).write_text(TEXT.format(k=k % 12 + 1), encoding="utf-8")
    return [(name, folder / name) for name in names]


def test_files_queued_behind_a_dying_or_stuck_file_are_parsed_by_a_new_worker(tmp_path: Path) -> None:
    names = ["a.txt", "b_crash.txt", "c.txt", "d.txt", "e_slow.txt", "f.txt", "g.txt", "h.txt"]
    assert DEPTH >= 2  # with one worker, c and d wait in the pipe behind b, f and g behind e
    with WorkerPool(1, 3, dying_parse) as pool:
        answers = list(pool.map(_files(tmp_path / "in", names)))
    assert [tag for tag, _ in answers] == names
    failed = {tag: str(answer) for tag, answer in answers if isinstance(answer, Exception)}
    assert failed.keys() == {"b_crash.txt", "e_slow.txt"}
    assert "process died" in failed["b_crash.txt"] and "超过 3 秒" in failed["e_slow.txt"]
    months = [answer.documents[0].title for tag, answer in answers if tag not in failed]
    assert months == [f"关于做好{k}月安全生产工作的通知" for k in (1, 3, 4, 6, 7, 8)]


def test_two_workers_answer_in_order(tmp_path: Path) -> None:
    names = [f"{k:02d}.txt" for k in range(12)]
    with WorkerPool(2, 60) as pool:
        answers = list(pool.map(_files(tmp_path / "in", names)))
    assert [tag for tag, _ in answers] == names
    assert [a.documents[0].title for _, a in answers] == [
        f"关于做好{k % 12 + 1}月安全生产工作的通知" for k in range(12)]


SCRIPT = """\
import os
with open(os.environ["ZHENGCE_TEST_MARK"], "a", encoding="utf-8") as mark:
    mark.write("ran\\n")

if __name__ == "__main__":
    from pathlib import Path
    from zhengce.parse.worker import ParseWorker
    with ParseWorker(60) as worker:
        print(worker.parse(Path(os.environ["ZHENGCE_TEST_FILE"])).documents[0].title)
"""


def test_a_worker_does_not_run_the_script_that_started_it_again(tmp_path: Path) -> None:
    (_, path), = _files(tmp_path / "in", ["a.txt"])
    script = tmp_path / "ingest_script.py"
    script.write_text(SCRIPT, encoding="utf-8")
    mark = tmp_path / "mark"
    env = {**os.environ, "ZHENGCE_TEST_MARK": str(mark), "ZHENGCE_TEST_FILE": str(path)}
    done = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=120,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "关于做好1月安全生产工作的通知"
    assert mark.read_text(encoding="utf-8") == "ran\n"  # the script's own run only, not the worker's


def test_a_queued_file_is_not_charged_for_the_time_of_the_file_before_it(tmp_path: Path) -> None:
    """Three files of 2 s each under a limit of 3 s in one worker: each one's clock starts when the answer
    before it comes, not when it was sent (6 s before its own answer)."""
    names = ["a_nap.txt", "b_nap.txt", "c_nap.txt"]
    with WorkerPool(1, 3, napping_parse) as pool:
        answers = list(pool.map(_files(tmp_path / "in", names)))
    assert [type(answer).__name__ for _, answer in answers] == ["ParsedSource"] * 3
    assert not any(isinstance(answer, ReadError) for _, answer in answers)


def napping_parse(path: Path):  # type: ignore[no-untyped-def]
    time.sleep(2)
    return parse_path(path)


def loaded_before_parsing(path: Path) -> list[str]:
    """What the worker process holds before it parses its first file (the target of the next test)."""
    return sorted(name for name in ("cn2an", "zhengce.db.warm", "zhengce.cli.main") if name in sys.modules)


WARM_SCRIPT = """\
import os
if __name__ == "__main__":
    from pathlib import Path
    from zhengce.parse.pool import WorkerPool
    from tests.parse.test_pool import loaded_before_parsing
    with WorkerPool(2, 60, loaded_before_parsing, preload=("zhengce.db.warm",)) as pool:
        for tag, answer in pool.map([("a", Path(os.environ["ZHENGCE_TEST_FILE"]))] * 2):
            print(tag, " ".join(answer))
"""


def test_the_fork_server_warms_what_every_worker_would_build_on_its_first_file(tmp_path: Path) -> None:
    """``zhengce.db.warm`` runs the job once in the fork server: its workers start with cn2an (which only a
    date in Chinese numerals loads) and the folding table built, and without the CLI."""
    (_, path), = _files(tmp_path / "in", ["a.txt"])
    script = tmp_path / "warm_script.py"
    script.write_text(WARM_SCRIPT, encoding="utf-8")
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "ZHENGCE_TEST_FILE": str(path), "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=180,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["a cn2an zhengce.db.warm"] * 2


SAME_SCRIPT = """\
import hashlib, os, sys
from pathlib import Path
if os.environ.get("ZHENGCE_TEST_WARM"):
    import zhengce.db.warm
from zhengce.db.prepare import prepare
from zhengce.parse.pipeline import parse_path
sys.path.insert(0, os.environ["ZHENGCE_TEST_BENCHMARKS"])
from rowhash import plain  # the rows as plain values: a pickle's bytes depend on which equal strings are one object
digest = hashlib.sha256()
for name in sys.argv[1:]:
    for pg in (False, True):
        digest.update(repr(plain(prepare(parse_path, pg, Path(name)))).encode())
print(digest.hexdigest())
"""


def test_a_warm_worker_gives_the_rows_a_cold_one_gives(tmp_path: Path, gazette_text: str) -> None:
    """What the warm-up leaves in the fork server (caches, the resolver's names) changes no answer: the rows of a
    gazette, a notice and the samples are the same in a process that ran it first and in a fresh one."""
    (_, notice), = _files(tmp_path / "in", ["notice.txt"])
    gazette = tmp_path / "in" / "gazette.txt"
    gazette.write_text(gazette_text, encoding="utf-8")
    samples = sorted((Path(__file__).resolve().parents[2] / "src" / "zhengce" / "samples").glob("*.txt"))[1:3]
    script = tmp_path / "same_script.py"
    script.write_text(SAME_SCRIPT, encoding="utf-8")
    hashes = []
    for warm in ("", "1"):
        env = {**os.environ, "ZHENGCE_TEST_WARM": warm, "PYTHONHASHSEED": "0",
               "ZHENGCE_TEST_BENCHMARKS": str(Path(__file__).resolve().parents[2] / "benchmarks")}
        done = subprocess.run([sys.executable, str(script), str(gazette), str(notice), *map(str, samples)], env=env,
                              capture_output=True, text=True, timeout=300, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        hashes.append(done.stdout.strip())
    assert len(hashes[0]) == 64 and hashes[0] == hashes[1]
