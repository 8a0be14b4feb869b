"""Units: resolve the names printed in responsibility tags to one unit per body and jurisdiction.

``州发改委`` and ``州发展和改革委员会`` are one body; so are ``区交通局`` and ``区交通运输局``,
``湘西高新区`` and ``湘西高新区管委会``, ``人民银行湘西州分行`` and ``中国人民银行湘西州分行``.
A name is split into its jurisdiction prefix (``州``, ``湘西州``, none) and its core, and the core is
resolved against a seed list of the bodies local governments commonly have (``data/units.toml``):
exactly, by alias, or by fuzzy matching — an abbreviation keeps the first and last character of the
full name and the order of the rest (``行审局`` ⊂ ``行政审批服务局``), and a near-identical spelling
scores high on edit distance (rapidfuzz). Names that resolve to nothing in the seed list are matched
against the other names of the same jurisdiction before they are reported as unresolved.

The level (province, prefecture, county, township, park, enterprise) and the jurisdiction come from
the prefix and from the issuer of the document that names the unit.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz, process

from zhengce.text.normalise import squash

LEVEL_OF_SUFFIX = {
    "省": "province", "自治区": "province", "自治州": "prefecture", "州": "prefecture", "盟": "prefecture",
    "地区": "prefecture", "市": "prefecture", "自治县": "county", "县": "county", "区": "county", "旗": "county",
    "镇": "township", "乡": "township", "街道": "township",
}
PLACE = re.compile(r"^([\u4e00-\u9fff]{1,10}?(?:自治区|自治州|自治县|省|市|州|盟|地区|县|区|旗|镇|乡|街道))")
ONE_CHAR_PREFIX = "省市州县区镇乡"
GENERIC = re.compile(
    r"^(?:各|其他|其它|相关|有关|其余)|^(?:成员单位|责任单位|职能部门|行业部门|主管部门)$"
    r"|(?:相关|有关)(?:成员)?(?:单位|部门)$"
)
ENTERPRISE = re.compile(
    r"(?:有限公司|有限责任公司|分公司|公司|集团|企业|商业银行|金融机构|农村信用联社[^,，]*|信用社)$"
)
SCHOOL = re.compile(r"(?:大学|学院|职院|学校|中学|小学)$")
PARK = re.compile(
    r"(?:高新技术产业开发区|经济技术开发区|经济开发区|高新区|经开区|开发区|产业园区|工业园区|园区|管理区|新区|示范区|经济区|"
    r"合作区|试验区|实验区|自贸区|保税区|度假区|风景区|风景名胜区|新城|港区|科技园|产业园|物流园|科学城|生态城|航空港区|片区)"
    r"(?:管理委员会|管委会|管委|管理办公室|管理办)?$"
    r"|^[\u4e00-\u9fff]{1,6}(?:管委会|管委)$"
)
PARK_WORDS = {"高新区": "高新技术产业开发区", "经开区": "经济技术开发区", "管委会": "管理委员会"}
BRANCH = re.compile(r"^(.+?(?:局|中心|海关|公司))([\u4e00-\u9fff]{2,6}?)(分局|管理部|工作站|分公司|办事处|支局)$")
NATIONAL = re.compile(r"^(?:人民银行|国家金融监督管理总局|国家税务总局|海关总署)")
PBOC_SHORT = re.compile(r"^人行(?=[\u4e00-\u9fff]{2,}(?:分行|支行|营业管理部))")  # 人行某市中心支行
VERTICAL_NAME = re.compile(r"(?:海关|人民银行|金融监督管理|监管分局|监管局|银保监|银监|保监|证监|税务|烟草|邮政|气象|"
                           r"消防救援|武警|供电|调查队|海事|民航|铁路|出入境|边检|地震|通信管理)")
# vertical bodies with an office in every county: 税务局 in a district's document is 区税务局 (海关, 通信管理局,
# 邮政管理局 stand higher up and keep their name as printed)
COUNTY_VERTICAL = frozenset({"税务局", "国家税务局", "消防救援大队", "烟草专卖局", "气象局", "统计调查队", "地震局"})
ANNOTATION = re.compile(r"[(（]([^()（）]{2,20})[)）]$")


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    name: str | None  # 湘西土家族苗族自治州
    level: str | None  # province | prefecture | county | township
    prefix: str | None  # the one-character prefix its own bodies carry: 州

    def same_place(self, place: str) -> bool:
        """``湘西州`` names ``湘西土家族苗族自治州``: same first character, same suffix, in order."""
        if self.name is None:
            return False
        return place == self.name or (place[0] == self.name[0] and place[-1] == self.name[-1]
                                      and _subsequence(place, self.name))


@dataclass(slots=True)
class Resolution:
    name: str  # as printed
    canonical: str
    kind: str  # government office department party mass judicial vertical service park enterprise school
    #            township generic unresolved
    level: str | None
    jurisdiction: str | None
    method: str  # seed | alias | fuzzy | rule | learned | generic | unresolved
    score: float = 100.0

    def record(self) -> dict[str, object]:
        return {"name": self.name, "canonical": self.canonical, "kind": self.kind, "level": self.level,
                "jurisdiction": self.jurisdiction, "method": self.method, "score": round(self.score, 1)}


_RESOLUTION_FIELDS = tuple(f.name for f in fields(Resolution))  # dataclasses.replace, without its checks


@dataclass(slots=True)
class Unit:
    canonical: str
    kind: str
    level: str | None
    jurisdiction: str | None
    names: dict[str, int] = field(default_factory=dict)  # printed name -> mentions

    @property
    def mentions(self) -> int:
        return sum(self.names.values())


@dataclass(frozen=True, slots=True)
class SeedEntry:
    name: str
    kind: str
    aliases: tuple[str, ...]


@lru_cache(maxsize=1)
def seed() -> tuple[SeedEntry, ...]:
    data = tomllib.loads(resources.files("zhengce").joinpath("data/units.toml").read_text(encoding="utf-8"))
    return tuple(SeedEntry(u["name"], u["kind"], tuple(u.get("aliases", ()))) for u in data["unit"])


@lru_cache(maxsize=1)
def _seed_index() -> dict[str, SeedEntry]:
    index: dict[str, SeedEntry] = {}
    for entry in seed():
        for spelling in (entry.name, *entry.aliases):
            index.setdefault(spelling, entry)
    return index


@lru_cache(maxsize=4096)
def jurisdiction_of(issuer: str | None) -> Jurisdiction:
    """The jurisdiction of a document's issuer: ``湘西土家族苗族自治州人民政府办公室`` → 湘西土家族苗族自治州."""
    if not issuer:
        return Jurisdiction(None, None, None)
    text = squash(issuer)
    m = re.search(r"([\u4e00-\u9fff]{2,20}?)人民政府", text) or PLACE.match(text)
    if m is None:
        return Jurisdiction(None, None, None)
    place = m.group(1)
    place = re.sub(r"^中共", "", place)
    # 株洲市渌口区 → the innermost place is the jurisdiction
    parts = re.findall(r"[\u4e00-\u9fff]{2,}?(?:自治区|自治州|自治县|省|市|州|盟|地区|县|区|旗|镇|乡|街道)", place)
    if parts and "".join(parts) == place:
        place = parts[-1]
    for suffix, level in sorted(LEVEL_OF_SUFFIX.items(), key=lambda kv: -len(kv[0])):
        if place.endswith(suffix):
            prefix = {"自治州": "州", "自治县": "县", "自治区": "区", "街道": None, "地区": None, "盟": None}.get(
                suffix, suffix)
            return Jurisdiction(place, level, prefix)
    return Jurisdiction(place, None, None)


def _subsequence(short: str, full: str) -> bool:
    it = iter(full)
    return all(ch in it for ch in short)


def abbreviation_score(short: str, full: str) -> float:
    """How well ``short`` abbreviates (or misspells) ``full``, 0–100.

    An abbreviation keeps the first and the last character and the order of the others; the more of
    the full name it keeps, the higher the score. Otherwise the edit-distance ratio decides.
    """
    if not short or not full:
        return 0.0
    if short == full:
        return 100.0
    if len(short) < len(full) and short[0] == full[0] and short[-1] == full[-1] and _subsequence(short, full):
        return 75.0 + 25.0 * len(short) / len(full)
    return float(fuzz.ratio(short, full))


@lru_cache(maxsize=65536)
def _match_core(core: str) -> tuple[SeedEntry, str, float] | None:
    """(entry, method, score) of the seed entry a core names."""
    index = _seed_index()
    if core in index:
        entry = index[core]
        return entry, "seed" if core == entry.name else "alias", 100.0
    if core.endswith("厅") and len(core) > 2:
        # a provincial department (厅) is the prefecture's 局: 财政厅, 住房城乡建设厅, 科技厅
        found = _match_core(core[:-1] + "局")
        if found is not None and found[0].name.endswith("局"):
            entry = found[0]
            return SeedEntry(entry.name[:-1] + "厅", entry.kind, ()), found[1], found[2]
    return fuzzy_match(core)


def fuzzy_match(core: str) -> tuple[SeedEntry, str, float] | None:
    """The seed spelling that ``core`` abbreviates or misspells best (:func:`abbreviation_score` of 80 or more,
    the first of equals), as (entry, "fuzzy", score)."""
    # the best abbreviation_score of at least 80 over the spellings (the first of equals), without a Python
    # call per spelling: a spelling that ``core`` abbreviates shares its first and last characters, the
    # others score their edit-distance ratio, which rapidfuzz computes for all of them in one call
    if not core:
        return None
    spellings, entries, by_ends = _fuzzy_index()
    scores = {k: abbreviation_score(core, spellings[k]) for k in by_ends.get((core[0], core[-1]), ())
              if len(core) < len(spellings[k]) and _subsequence(core, spellings[k])}
    for _, ratio, k in process.extract(core, spellings, scorer=fuzz.ratio, score_cutoff=80, limit=None):
        scores.setdefault(k, float(ratio))
    best = min(((-score, k) for k, score in scores.items() if score >= 80), default=None)
    return None if best is None else (entries[best[1]], "fuzzy", -best[0])


@lru_cache(maxsize=1)
def _fuzzy_index() -> tuple[list[str], list[SeedEntry], dict[tuple[str, str], list[int]]]:
    """The seed's spellings in order, their entries, and the spellings' numbers by first and last character."""
    index = _seed_index()
    spellings, entries = list(index), list(index.values())
    by_ends: dict[tuple[str, str], list[int]] = {}
    for k, spelling in enumerate(spellings):
        if spelling:
            by_ends.setdefault((spelling[0], spelling[-1]), []).append(k)
    return spellings, entries, by_ends


def _level(prefix: str | None, where: Jurisdiction) -> tuple[str | None, str | None]:
    """(level, jurisdiction name) of a body whose name starts with ``prefix``."""
    if prefix is None:
        return where.level, where.name
    if prefix == where.prefix or (len(prefix) > 1 and where.same_place(prefix)):
        return where.level, where.name
    for suffix, level in sorted(LEVEL_OF_SUFFIX.items(), key=lambda kv: -len(kv[0])):
        if prefix.endswith(suffix):
            if len(prefix) == 1 and where.level == "prefecture" and prefix in "县区":
                return "county", None
            if len(prefix) > 1 and level == where.level == "prefecture":
                level = "county"  # another 市 named in a prefecture's document is a county-level city
            return level, prefix if len(prefix) > 1 else None
    return None, None


def resolve(name: str, where: Jurisdiction | None = None) -> Resolution:
    """Resolve one printed unit name in the jurisdiction of the document that names it."""
    cached = _resolve(name, where or Jurisdiction(None, None, None))
    return Resolution(*[getattr(cached, f) for f in _RESOLUTION_FIELDS])  # a copy: the caller may change it


@lru_cache(maxsize=65536)
def _resolve(name: str, where: Jurisdiction) -> Resolution:
    n = squash(name)
    annotation = ANNOTATION.search(n)
    if annotation and len(n) > annotation.end() - annotation.start() + 2:
        n = n[: annotation.start()]  # 市发改委(粮食和物资储备局): the second name of one body
    if GENERIC.search(n):
        level = ("prefecture" if where.level == "province" and re.match(r"^各(?:地级)?(?:以上)?(?:市|州|盟)", n) else
                 "county" if re.search(r"县|区|市人民政府", n) else
                 "township" if re.search(r"乡|镇|街道", n) else "park" if re.search(r"园区|管理区|开发区", n) else None)
        return Resolution(name, n, "generic", level, where.name, "generic")
    if PBOC_SHORT.match(n):
        return Resolution(name, "中国人民银行" + n[2:], "vertical", None, None, "rule")
    if NATIONAL.match(n):
        return Resolution(name, n if n.startswith("国家") else "中国" + n, "vertical", None, None, "rule")
    if n.startswith("中国人民银行"):
        return Resolution(name, n, "vertical", None, None, "rule")
    if PARK.search(n):
        core = n
        for short, full in PARK_WORDS.items():
            core = core.replace(short, full)
        if core.endswith("管委"):
            core = core[:-2] + "管理委员会"
        if not core.endswith(("管理委员会", "管理办公室", "管理办")):
            core += "管理委员会"
        return Resolution(name, core, "park", "park", where.name, "rule")
    branch = BRANCH.match(n)
    if branch and not _seed_index().get(n):
        parent = resolve(branch.group(1), where)
        if parent.kind not in {"unresolved", "generic"}:
            return Resolution(name, parent.canonical + branch.group(2) + branch.group(3), parent.kind, "county",
                              branch.group(2), "rule", parent.score)
    if ENTERPRISE.search(n):
        return Resolution(name, n, "enterprise", "enterprise", where.name, "rule")
    if SCHOOL.search(n) and not n.endswith("党校"):
        return Resolution(name, n, "school", None, where.name, "rule")
    committee = re.fullmatch(r"(?:中共)?([省市州县区旗])委", n)
    if committee:  # 市委: the party committee of the jurisdiction
        level, juris = _level(committee.group(1), where)
        return Resolution(name, "中共" + committee.group(1) + "委", "party", level, juris, "rule")
    youth = re.match(r"^团([省市州县区])委$", n)
    if youth:
        n = youth.group(1) + "共青团委员会"
    candidates: list[tuple[str | None, str]] = [(None, n)]
    if len(n) > 2 and n[0] in ONE_CHAR_PREFIX:
        candidates.append((n[0], n[1:]))
    place = PLACE.match(n)
    if place and len(place.group(1)) > 1 and len(n) > len(place.group(1)):
        candidates.append((place.group(1), n[len(place.group(1)) :]))
    best: tuple[str | None, SeedEntry, str, float] | None = None
    for prefix, core in candidates:
        found = _match_core(core)
        if found and (best is None or found[2] > best[3]):
            best = (prefix, *found)
    if best is not None:
        prefix, entry, method, score = best
        if prefix is None and entry.name.endswith("厅") and entry.name != "办公厅" and where.level != "province":
            prefix = "省"  # only a province has 厅: 财政厅 without a prefix is the province's
        level, juris = _level(prefix, where)
        if prefix and len(prefix) > 1 and where.prefix and where.same_place(prefix):
            prefix = where.prefix  # 青山州教体局 is the 州教体局 of the document's own jurisdiction
        if prefix is None and where.prefix and (entry.kind != "vertical" or (
                where.level == "county" and entry.name in COUNTY_VERTICAL)):
            prefix = where.prefix  # a short name is a body of the issuer's own jurisdiction: 财政局 = 市财政局
        kind = "township" if entry.kind == "government" and level == "township" else entry.kind
        return Resolution(name, (prefix or "") + entry.name, kind, level, juris, method, score)
    if place and len(place.group(1)) >= 2 and len(n) - len(place.group(1)) <= 4:
        # 吉首市人民政府, 淦田镇, 龙山县政府: a government by its place name
        level, juris = _level(place.group(1), where)
        if level is None or (place.group(1) != where.name and where.level == "prefecture" and level == "prefecture"):
            level = "county" if where.level == "prefecture" else level
        rest = n[len(place.group(1)) :]
        if rest in {"", "人民政府", "政府", "街道办事处", "办事处"}:
            canonical = place.group(1) + ("人民政府" if not place.group(1).endswith("街道") and level != "township"
                                          else rest or "")
            return Resolution(name, canonical or n, "government" if level != "township" else "township", level,
                              place.group(1), "rule")
    if VERTICAL_NAME.search(n):
        return Resolution(name, n, "vertical", None, where.name, "rule")
    return Resolution(name, n, "unresolved", None, where.name, "unresolved", 0.0)


class UnitRegistry:
    """All units named in a set of documents, one per body and jurisdiction."""

    def __init__(self) -> None:
        self.units: dict[tuple[str | None, str], Unit] = {}
        self.resolutions: dict[tuple[str | None, str], Resolution] = {}

    def add(self, name: str, where: Jurisdiction) -> Resolution:
        key = (where.name, name)
        if key not in self.resolutions:
            self.resolutions[key] = resolve(name, where)
        res = self.resolutions[key]
        unit = self.units.setdefault((res.jurisdiction, res.canonical),
                                     Unit(res.canonical, res.kind, res.level, res.jurisdiction))
        unit.names[name] = unit.names.get(name, 0) + 1
        return res

    def learn(self) -> None:
        """Match unresolved names against the resolved units of the same jurisdiction (abbreviations)."""
        for key, unit in list(self.units.items()):
            if unit.kind != "unresolved":
                continue
            candidates = [u for k, u in self.units.items()
                          if k != key and u.jurisdiction == unit.jurisdiction and u.kind != "generic"]
            best, best_score = None, 0.0
            for other in candidates:
                short, full = unit.canonical, other.canonical
                score = abbreviation_score(short, full) if len(short) < len(full) else 0.0
                if score >= 85 and score > best_score:
                    best, best_score = other, score
            if best is not None:
                for printed, count in unit.names.items():
                    best.names[printed] = best.names.get(printed, 0) + count
                    self.resolutions[(unit.jurisdiction, printed)] = Resolution(
                        printed, best.canonical, best.kind, best.level, best.jurisdiction, "learned", best_score)
                del self.units[key]

    def unresolved(self) -> list[Unit]:
        return sorted((u for u in self.units.values() if u.kind == "unresolved"), key=lambda u: -u.mentions)

    def sorted_units(self) -> list[Unit]:
        return sorted(self.units.values(), key=lambda u: (u.jurisdiction or "", u.kind, u.canonical))


def build_registry(named: Iterable[tuple[str, str | None]]) -> UnitRegistry:
    """A registry from (unit name, issuer of the document that names it) pairs."""
    registry = UnitRegistry()
    for name, issuer in named:
        registry.add(name, jurisdiction_of(issuer))
    registry.learn()
    return registry
