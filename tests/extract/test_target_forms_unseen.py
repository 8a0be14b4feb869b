"""Target phrasings of plans from provinces the development sets do not cover (sentences written for the test)."""

from __future__ import annotations

from zhengce.extract.targets.quantities import quantities


def read(sentence: str) -> list[tuple[str, str, str, str]]:
    return [(q.indicator, q.value, q.unit, q.bound) for q in quantities(sentence)]


def test_range_written_with_dao_gives_a_floor_and_a_ceiling() -> None:
    assert read("到2026年，打造3到5家产值超十亿元的龙头企业。") == [
        ("产值超十亿元的龙头企业", "3", "家", "min"), ("产值超十亿元的龙头企业", "5", "家", "max")]
    assert read("全县林下经济示范基地达到6到8个。") == [
        ("林下经济示范基地", "6", "个", "min"), ("林下经济示范基地", "8", "个", "max")]


def test_range_with_units_on_both_figures() -> None:
    assert read("城镇化率达到60%到65%。") == [("城镇化率", "60", "%", "min"), ("城镇化率", "65", "%", "max")]


def test_each_chain_builds_a_range_of_brands() -> None:
    assert read("到2025年每条农业产业链打造1-2个区域公用品牌。") == [
        ("区域公用品牌", "1", "个", "min"), ("区域公用品牌", "2", "个", "max")]


def test_first_batch_of_a_noun_after_the_figure() -> None:
    got = read("到2025年底前，全市首批80个完整社区示范点全面建成。")
    assert [(v, u, b) for _, v, u, b in got] == [("80", "个", "exact")]
    assert got[0][0].startswith("完整社区示范点")


def test_a_span_of_years_is_no_range() -> None:
    assert read("2021到2025年间，年均新增就业岗位3000个。") == [("年均新增就业岗位", "3000", "个", "exact")]


def test_export_keeps_the_pinyin_notes_a_mirror_prints_in_a_title() -> None:
    from zhengce.extract.export import document_records
    from zhengce.parse.pipeline import parse_text

    page = ("關(guān)于印發(fā)白石市河道管理辦法的通知\n白政辦發〔2021〕3號\n各區人民政府:\n"
            "現(xiàn)將《白石市河道管理辦法》印發(fā)給你們,請認真貫徹執行。\n白石市人民政府辦公室\n2021年3月1日\n")
    parsed = parse_text(page, "p.txt")
    assert parsed.documents[0].title == "關于印發白石市河道管理辦法的通知"  # what the pages show
    assert document_records(parsed)[0]["title"] == "關(guān)于印發(fā)白石市河道管理辦法的通知"  # as printed


def test_a_share_printed_before_its_noun() -> None:
    assert read("确保白石区、青禾区50%的城市社区建成嵌入式服务综合体(社区服务中心);") == [
        ("城市社区建成嵌入式服务综合体", "50", "%", "exact")]
    assert read("全县90%的行政村实现生活污水集中处理。") == [("行政村实现生活污水集中处理", "90", "%", "exact")]


def test_a_rate_a_comparator_states_is_no_share() -> None:
    assert read("地区生产总值保持增长6%的较快增速。") == []


def test_products_a_plan_commits_to_develop() -> None:
    got = read("到2030年，开发8个行业领先、自主可控的新材料产品，科技进步贡献率达到62%。")
    assert [(v, u, b) for _, v, u, b in got] == [("8", "个", "exact"), ("62", "%", "exact")]
    assert "行业领先" in got[0][0] and got[1][0] == "科技进步贡献率"
    assert not read("开发区新建标准厂房3个。")[0][0].startswith("区")  # 开发区 is a place, not a verb


def test_goal_section_headed_by_a_label_in_square_brackets() -> None:
    from zhengce.extract.export import target_records
    from zhengce.parse.pipeline import parse_text

    text = ("【目标任务】\n深入开展诚信经营行动,培育市级诚信示范单位30个、诚信示范街区5个。\n【推进措施】\n"
            "1.开展诚信示范培育活动,培育诚信示范单位30个、行业协会6个。\n责任单位:市商务局\n")
    got = [(r["indicator"], r["value"], r["unit"]) for r in target_records(parse_text(text, "e.txt"))]
    assert got == [("市级诚信示范单位", "30", "个"), ("诚信示范街区", "5", "个")]  # not the measures' figures


def test_a_bound_word_before_the_first_figure_of_a_list_bounds_the_others() -> None:
    assert read("培育示范单位不少于30个、示范街区5个、示范村3个。") == [
        ("示范单位", "30", "个", "min"), ("示范街区", "5", "个", "min"), ("示范村", "3", "个", "min")]
    # not past the list, not over a word of the next figure's own, not from 达到 (no bound)
    assert [b for *_, b in read("新建学校不少于3所、医院2家,公园5个。")] == ["min", "min", "exact"]
    assert [b for *_, b in read("城镇化率达到60%、森林覆盖率45%。")] == ["exact", "exact"]
    assert [b for *_, b in read("粮食产量不低于50万吨、蔬菜产量控制在30万吨以内。")] == ["min", "max"]
