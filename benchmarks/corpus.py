"""A generated province corpus: documents like the sample gazettes', each file a function of its number alone.

Every document is one of the sample gazettes' documents (their genres, structure and sizes: notices of
two lines, plans of 40 KB with target tables and tagged tasks) rewritten for another place: the issuing
place and its short name, each 发文字号 (agency's first character, year, serial), the years (shifted
together, so that deadlines stay after signing) and, for a third of its numbered or long paragraphs, the
text of another sample paragraph with the same kind of label. A template is drawn with a weight of one
over its size, so that each gives the same share of the bytes: most documents are short notices and
opinions of 0.4–10 KB, one in two hundred is a plan of 38–120 KB (about 2 KB a document on average).
Nine files in ten are one document (a policy page), one in ten a gazette issue of 4–16 documents under a
masthead.

File ``k`` depends on ``k`` and the samples only (``random.Random(k)``), so the corpus for N documents
is a prefix of the corpus for 10 N and a re-run writes the same bytes (what lets an ingest resume).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from zhengce.parse.pipeline import parse_path

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "zhengce" / "samples"
# first and second characters of generated place names (42 × 37 distinct: about 1,550 places), each a county,
# city or district. Changing them changes every generated file: a run could no longer resume on its corpus
FIRST = "青南西东白金云石龙凤桃清长明松玉望安永新平丰宁荣华兴德昌福泰和顺嘉庆广源瑞康乐宜富盛"
SECOND = "山河岭湖沙溪台门泉鸣源水林月江屏城阳川田州峰谷坪塘桥浦滨川宁安丰乐平溪岗陵阜原"
SUFFIXES = "县县县市区"
# the issuing place: at least two characters up to 自治县/自治州 or a 省/市/县/区/旗 (永州市, 江华瑶族自治县)
PLACE = re.compile(r"^([\u4e00-\u9fff]{2,}?(?:自治[县州]|[省市县区旗]))")
AUTONOMOUS = re.compile(r"^([\u4e00-\u9fff]{2,}?)(?:[\u4e00-\u9fff]{1,3}族)*自治[县州]$")
NUMBER = re.compile(r"([\u4e00-\u9fff]{1,8})([〔\[(（【])((?:19|20)\d\d)([〕\])）】])(\d{1,4})号")
YEAR = re.compile(r"(?<!\d)(20[0-2]\d)(?!\d)")
HANZI = "〇一二三四五六七八九"
HANZI_YEAR = re.compile(f"二〇[{HANZI}][{HANZI}](?=年)")
NUMERAL = "[一二三四五六七八九十百]+"
LABEL = re.compile(rf"^\s*(第{NUMERAL}条|{NUMERAL}、|（{NUMERAL}）|\d+[.．、]|（\d+）)")
SHIFT_MAX = 6  # years shifted back by up to this many


def label_kind(label: str) -> str:
    """The kind of a paragraph label: 第N条, 一、, （一）, 1. or （1） (the digits do not matter)."""
    return re.sub(r"[一二三四五六七八九十百]+", "N", re.sub(r"\d+", "D", label.strip()))


@dataclass(frozen=True)
class Template:
    text: str
    place: str  # the issuing place as written in the issuer ("江华瑶族自治县"), or ""


@dataclass(frozen=True)
class Samples:
    templates: tuple[Template, ...]
    paragraphs: dict[str, tuple[str, ...]]  # label kind ("" for unlabelled prose) -> bodies after the label
    weights: tuple[float, ...]  # of the templates: 1 / size, so that each gives the same share of the bytes


def load_samples(folder: Path = SAMPLES) -> Samples:
    """The documents of the sample gazettes and the pool of their paragraphs, by label kind."""
    templates: list[Template] = []
    pool: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.txt")):
        parsed = parse_path(path)
        for doc in parsed.documents:
            body = parsed.text[doc.start : doc.end].strip("\n")
            m = PLACE.match(doc.issuer or "")
            templates.append(Template(body, m.group(1) if m else ""))
            for line in body.splitlines()[6:]:
                if "\t" in line or NUMBER.search(line):
                    continue
                lab = LABEL.match(line)
                rest = line[lab.end():] if lab else line.strip()
                if len(rest) >= 30:
                    pool.setdefault(label_kind(lab.group(1)) if lab else "", []).append(rest)
    weights = tuple(1 / len(t.text.encode()) for t in templates)
    return Samples(tuple(templates), {k: tuple(v) for k, v in pool.items()}, weights)


def short_name(place: str) -> str:
    """江华瑶族自治县 -> 江华, 临川县 -> 临川 (what a document also calls its place)."""
    m = AUTONOMOUS.match(place)
    if m:
        return m.group(1)
    return place[:-1] if len(place) >= 3 else place


def _hanzi_year(written: str, shift: int) -> str:
    year = int("".join(str(HANZI.index(ch)) for ch in written)) - shift
    return "".join(HANZI[int(d)] for d in str(year))


def rewrite(template: Template, rng: random.Random, samples: Samples) -> str:
    """One document: the template moved to a generated place, numbers, years and some paragraphs changed."""
    short = rng.choice(FIRST) + rng.choice(SECOND)
    shift = rng.randint(0, SHIFT_MAX)
    text = template.text
    if template.place:
        old_short = short_name(template.place)
        suffix = template.place[len(old_short):] if template.place.startswith(old_short) else ""
        new_place = short + (suffix if len(suffix) == 1 else rng.choice(SUFFIXES))
        text = text.replace(template.place, new_place).replace(old_short, short)
        old_first = old_short[0]
    else:
        old_first = ""
    serials: dict[str, int] = {}

    def number(m: re.Match[str]) -> str:
        agency = short[0] + m.group(1)[1:] if old_first and m.group(1).startswith(old_first) else m.group(1)
        serial = serials.setdefault(m.group(0), rng.randint(1, 400))
        return f"{agency}{m.group(2)}{int(m.group(3)) - shift}{m.group(4)}{serial}号"

    text = NUMBER.sub(number, text)
    text = YEAR.sub(lambda m: str(int(m.group(1)) - shift), text)
    text = HANZI_YEAR.sub(lambda m: _hanzi_year(m.group(0), shift), text)
    lines = text.split("\n")
    for i in range(6, len(lines)):  # the head (issuer, title, 文号, 主送) stays as it is
        line = lines[i]
        if "\t" in line or rng.random() >= 0.33:
            continue
        lab = LABEL.match(line)
        rest = line[lab.end():] if lab else line.strip()
        pool = samples.paragraphs.get(label_kind(lab.group(1)) if lab else "")
        if len(rest) >= 30 and pool:
            lines[i] = (line[: lab.end()] if lab else "") + rng.choice(pool)
    return "\n".join(lines)


def documents_in(k: int) -> int:
    """How many documents file ``k`` holds (without writing it)."""
    rng = random.Random(k)
    return rng.randint(4, 16) if rng.random() < 0.1 else 1


def file_text(k: int, samples: Samples) -> str:
    """The text of file ``k``: one document, or a gazette issue of several under a masthead."""
    rng = random.Random(k)
    count = rng.randint(4, 16) if rng.random() < 0.1 else 1
    docs = [rewrite(t, rng, samples) for t in rng.choices(samples.templates, samples.weights, k=count)]
    if count == 1:
        return docs[0] + "\n"
    place = rng.choice(FIRST) + rng.choice(SECOND) + rng.choice(SUFFIXES)
    head = f"{place}人民政府公报\n\n{2019 + k % 6}年第{1 + k % 12}期\n\n"
    return head + "\n\n\n".join(docs) + "\n"


def write_files(folder: Path, first: int, count: int) -> list[Path]:
    """Files ``first`` … ``first + count - 1`` of the corpus written to ``folder`` as ``NNNNNNN.txt``: the corpus
    of the benchmarks that run the worker path in one process (``worker.py``, ``rowhash.py``)."""
    samples = load_samples()
    paths = []
    for k in range(first, first + count):
        path = folder / f"{k:07d}.txt"
        path.write_bytes(file_text(k, samples).encode("utf-8"))
        paths.append(path)
    return paths


def relative_path(k: int) -> str:
    """Where file ``k`` lies under the corpus folder: a thousand files a folder."""
    return f"{k // 1000:04d}/{k:07d}.txt"


def files_for(documents: int) -> int:
    """How many files hold at least ``documents`` documents."""
    k = total = 0
    while total < documents:
        total += documents_in(k)
        k += 1
    return k
