"""Unit registry: abbreviations, levels and jurisdictions resolved by rule, seed list and fuzzy matching."""

from __future__ import annotations

import pytest

from zhengce.extract.units import Jurisdiction, abbreviation_score, build_registry, jurisdiction_of, resolve

CITY = jurisdiction_of("南河市人民政府办公室")
DISTRICT = jurisdiction_of("南河市东湖区人民政府办公室")
PREFECTURE = jurisdiction_of("青山土家族苗族自治州人民政府")


def test_jurisdiction_of_the_issuer() -> None:
    assert Jurisdiction("南河市", "prefecture", "市") == CITY
    assert Jurisdiction("东湖区", "county", "区") == DISTRICT
    assert Jurisdiction("青山土家族苗族自治州", "prefecture", "州") == PREFECTURE
    assert jurisdiction_of("白沙镇人民政府").level == "township"
    assert jurisdiction_of(None) == Jurisdiction(None, None, None)


@pytest.mark.parametrize(
    ("names", "where", "canonical"),
    [
        (["市发改委", "市发展和改革委员会", "市发展改革委"], CITY, "市发展和改革委员会"),
        (["区交通局", "区交通运输局"], DISTRICT, "区交通运输局"),
        (["区行审局", "区行政审批局", "区行政审批服务局"], DISTRICT, "区行政审批服务局"),
        (["州教体局", "州教育和体育局", "青山州教体局"], PREFECTURE, "州教育和体育局"),
        (["人民银行南河市分行", "中国人民银行南河市分行"], CITY, "中国人民银行南河市分行"),
        (["南河高新区", "南河高新区管委会", "南河高新技术产业开发区管理委员会"], CITY,
         "南河高新技术产业开发区管理委员会"),
        (["市市场监督管局", "市市场监管局"], CITY, "市市场监督管理局"),  # a typo, an abbreviation
        (["团区委", "区共青团委员会"], DISTRICT, "区共青团委员会"),
    ],
)
def test_variants_resolve_to_one_unit(names: list[str], where: Jurisdiction, canonical: str) -> None:
    assert {resolve(n, where).canonical for n in names} == {canonical}


@pytest.mark.parametrize(
    ("name", "where", "kind", "level", "jurisdiction"),
    [
        ("区财政局", DISTRICT, "department", "county", "东湖区"),
        ("州发改委", PREFECTURE, "department", "prefecture", "青山土家族苗族自治州"),
        ("县财政局", CITY, "department", "county", None),  # a county below the city, not named
        ("西岭县人民政府", CITY, "government", "county", "西岭县"),
        ("白沙市人民政府", PREFECTURE, "government", "county", "白沙市"),  # a county-level city
        ("白沙镇", DISTRICT, "township", "township", "白沙镇"),
        ("各县区人民政府", CITY, "generic", "county", "南河市"),
        ("各镇", DISTRICT, "generic", "township", "东湖区"),
        ("其他相关单位", DISTRICT, "generic", None, "东湖区"),
        ("南河城建投资集团有限公司", CITY, "enterprise", "enterprise", "南河市"),
        ("南河经开区", CITY, "park", "park", "南河市"),
        ("区税务局", DISTRICT, "vertical", "county", "东湖区"),
        ("区委宣传部", DISTRICT, "party", "county", "东湖区"),
        ("区妇联", DISTRICT, "mass", "county", "东湖区"),
    ],
)
def test_kind_level_and_jurisdiction(name: str, where: Jurisdiction, kind: str, level: str | None,
                                     jurisdiction: str | None) -> None:
    res = resolve(name, where)
    assert (res.kind, res.level, res.jurisdiction) == (kind, level, jurisdiction)


def test_fuzzy_score_prefers_real_abbreviations() -> None:
    assert abbreviation_score("行审局", "行政审批服务局") >= 80
    assert abbreviation_score("体育局", "教育局") < 80  # one different character is another body
    assert resolve("区民宗局", DISTRICT).canonical != resolve("区民政局", DISTRICT).canonical


def test_registry_learns_abbreviations_within_a_jurisdiction_and_lists_the_rest() -> None:
    issuer = "西岭县人民政府办公室"
    registry = build_registry([
        ("县城乡规划服务中心", issuer), ("县规服中心", issuer), ("县老龄事业发展中心", issuer),
        ("县财政局", issuer), ("县财政局", issuer), ("县规服中心", "南河市人民政府办公室"),
    ])
    units = {(u.jurisdiction, u.canonical): u for u in registry.units.values()}
    planning = units[("西岭县", "县城乡规划服务中心")]
    assert planning.names == {"县城乡规划服务中心": 1, "县规服中心": 1}
    assert units[("西岭县", "县财政局")].mentions == 2
    unresolved = {(u.jurisdiction, u.canonical) for u in registry.unresolved()}
    # names outside the seed list stay on the review list, with every spelling that was merged;
    # another jurisdiction's abbreviation is not merged with this one's unit
    assert unresolved == {("西岭县", "县城乡规划服务中心"), ("西岭县", "县老龄事业发展中心"), ("南河市", "县规服中心")}


PROVINCE = jurisdiction_of("北岭省人民政府")


@pytest.mark.parametrize(
    ("names", "where", "canonical"),
    [
        # a provincial 厅 is the 局 of the seed list; without a prefix it is the issuer's own
        (["省财政厅", "财政厅"], PROVINCE, "省财政厅"),
        (["省住房城乡建设厅", "住建厅", "省住房和城乡建设厅"], PROVINCE, "省住房和城乡建设厅"),
        (["省发展改革委", "省发改委", "发展改革委"], PROVINCE, "省发展和改革委员会"),
        (["省工信委", "省经信委"], PROVINCE, "省经济和信息化委员会"),
        (["财政局", "市财政局"], CITY, "市财政局"),
        (["人行南河中心支行", "中国人民银行南河中心支行"], CITY, "中国人民银行南河中心支行"),
        (["东湖管委", "东湖管委会"], CITY, "东湖管理委员会"),
        (["北岭沿海示范区管委会", "北岭沿海示范区"], PROVINCE, "北岭沿海示范区管理委员会"),
    ],
)
def test_names_of_other_provinces_resolve_to_one_unit(names: list[str], where: Jurisdiction, canonical: str) -> None:
    assert {resolve(n, where).canonical for n in names} == {canonical}


@pytest.mark.parametrize(
    ("name", "where", "kind", "level"),
    [
        ("省商务厅", PROVINCE, "department", "province"),
        ("科技厅", Jurisdiction(None, None, None), "department", "province"),  # only provinces have 厅
        ("北岭银保监局", PROVINCE, "vertical", None),
        ("南河海关", CITY, "vertical", None),
        ("人行南河市中心支行", CITY, "vertical", None),
        ("各街道办事处", DISTRICT, "generic", "township"),
        ("东湖区管委会", CITY, "park", "park"),
        ("市委改革办", CITY, "party", "prefecture"),
        ("区人防办", DISTRICT, "department", "county"),
        ("市委", CITY, "party", "prefecture"),
        ("市委改革委", CITY, "party", "prefecture"),
        ("区住保中心", DISTRICT, "service", "county"),
        ("各市人民政府", PROVINCE, "generic", "prefecture"),  # below a province, 市 are prefectures
        ("各市人民政府", CITY, "generic", "county"),
    ],
)
def test_kinds_and_levels_of_other_provinces(name: str, where: Jurisdiction, kind: str, level: str | None) -> None:
    res = resolve(name, where)
    assert (res.kind, res.level) == (kind, level)
    assert res.method != "unresolved"


def test_a_district_document_names_its_own_tax_bureau_without_the_place() -> None:
    # a county office's trial: 税务局 beside 区财政局 in a district's plan was a unit of its own, apart from 区税务局
    registry = build_registry([(n, "南河市东湖区人民政府") for n in ("税务局", "区税务局", "税务分局", "区财政局")])
    units = {(u.jurisdiction, u.canonical): u.names for u in registry.units.values()}
    assert units[("东湖区", "区税务局")] == {"税务局": 1, "区税务局": 1, "税务分局": 1}
    assert resolve("气象局", DISTRICT).canonical == "区气象局"
    assert resolve("海关", DISTRICT).canonical == "海关"  # no county has one: kept as printed
    assert resolve("税务局", CITY).canonical == "税务局"  # a city's: as printed (the rule is for counties)
