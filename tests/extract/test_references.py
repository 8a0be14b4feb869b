"""References to other documents: by 发文字号, by 《title》, and standards; resolved to known documents."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from zhengce.cli.main import app
from zhengce.extract.references import find_references


def test_reference_forms() -> None:
    text = (
        "根据《青山省人民政府关于加快数字经济发展的意见》（青政发〔2023〕9号）和青政办函〔2022〕15号文件精神，"
        "依照《中华人民共和国安全生产法》《青山省安全生产条例》，参照《企业安全生产标准化基本规范》（GB/T 33000-2016），"
        "落实《南河市财政专项资金管理办法》。"
    )
    refs = [(r.kind, r.title, r.doc_number) for r in find_references(text)]
    assert refs == [
        ("document", "青山省人民政府关于加快数字经济发展的意见", "青政发〔2023〕9号"),
        ("document", None, "青政办函〔2022〕15号"),
        ("law", "中华人民共和国安全生产法", None),
        ("law", "青山省安全生产条例", None),
        ("standard", "企业安全生产标准化基本规范", "GB/T33000-2016"),
        ("document", "南河市财政专项资金管理办法", None),
    ]
    # every reference links back to the text that states it
    for r in find_references(text):
        assert text[r.start : r.end] == r.text


def test_own_number_and_own_plan_are_not_references() -> None:
    text = "《南河市夜间经济发展方案》已经市人民政府同意，现印发给你们（南政办发〔2024〕3号）。"
    assert find_references(text, own_titles=["南河市夜间经济发展方案"], own_number="南政办发〔2024〕3号") == []


BASE = (
    "南河市人民政府\n关于印发《南河市数据资源管理办法》的通知\n南政发〔2023〕4号\n各县区人民政府：\n"
    "现将《南河市数据资源管理办法》印发给你们。\n南河市人民政府\n2023年2月1日\n南河市数据资源管理办法\n第一条 为规范数据管理，制定本办法。\n"
)
LATER = (
    "南河市人民政府办公室\n关于做好公共数据开放工作的通知\n南政办函〔2024〕21号\n各县区人民政府：\n"
    "为落实《南河市数据资源管理办法》（南政发〔2023〕4号），现就有关事项通知如下。\n一、建立开放目录。\n"
    "二、参照《关于印发〈南河市数据资源管理办法〉的通知》执行，并遵守南政办发〔2019〕2号。\n"
    "南河市人民政府办公室\n2024年5月9日\n"
)


def test_references_resolve_to_the_documents_of_the_given_files(tmp_path: Path) -> None:
    (tmp_path / "base.txt").write_text(BASE, encoding="utf-8")
    (tmp_path / "later.txt").write_text(LATER, encoding="utf-8")
    result = CliRunner().invoke(app, ["export", "references", str(tmp_path / "base.txt"), str(tmp_path / "later.txt")])
    assert result.exit_code == 0, result.output
    refs = [json.loads(line) for line in result.stdout.splitlines()]
    later = [r for r in refs if r["source"] == "later.txt"]
    assert [(r["doc_number"], r["resolved"] and r["resolved"]["doc_number"]) for r in later] == [
        ("南政发〔2023〕4号", "南政发〔2023〕4号"),  # by number
        (None, "南政发〔2023〕4号"),  # by the title of the notice that issued it
        ("南政办发〔2019〕2号", None),  # not among the given files: kept, unresolved
    ]


def test_references_resolve_to_stored_documents(tmp_path: Path) -> None:
    (tmp_path / "base.txt").write_text(BASE, encoding="utf-8")
    (tmp_path / "later.txt").write_text(LATER, encoding="utf-8")
    db = str(tmp_path / "z.db")
    assert CliRunner().invoke(app, ["ingest", str(tmp_path / "base.txt"), "--db", db]).exit_code == 0
    alone = CliRunner().invoke(app, ["export", "references", str(tmp_path / "later.txt")])
    assert all(json.loads(line)["resolved"] is None for line in alone.stdout.splitlines())
    stored = CliRunner().invoke(app, ["export", "references", "--db", db, str(tmp_path / "later.txt")])
    resolved = [json.loads(line)["resolved"] for line in stored.stdout.splitlines()]
    assert [r and (r["source"], r["doc_number"]) for r in resolved] == [
        ("base.txt", "南政发〔2023〕4号"), ("base.txt", "南政发〔2023〕4号"), None]


def test_contracts_and_forms_in_brackets_are_not_cited_documents() -> None:
    from zhengce.extract.references import find_references

    text = ("凭《成交确认书》和《国有建设用地使用权出让合同》办理，填写《补贴申请表》，"
            "依照《东河市土地储备办法》和《中华人民共和国土地管理法》执行。")
    assert [r.title for r in find_references(text)] == ["东河市土地储备办法", "中华人民共和国土地管理法"]


# A bare 文号 in running text: the words before it are not its agency, whatever bracket, digits or list it is
# printed in (forms seen on government pages, written anew here).
BARE_NUMBER_FORMS = [
    ("各单位按南政办发〔2024〕12号文件要求抓好落实。", ["南政办发〔2024〕12号"]),
    ("请各地认真贯彻北川政发[2023]5号精神。", ["北川政发〔2023〕5号"]),
    ("相关费用依照东政办函(2021)7号规定列支。", ["东政办函〔2021〕7号"]),
    ("具体标准见西发改价【2019】31号，不再另行通知。", ["西发改价〔2019〕31号"]),
    ("补助资金按照西财农（２０２２）１５号要求拨付。", ["西财农〔2022〕15号"]),
    ("验收工作按南发改〔2023〕第8号执行。", ["南发改〔2023〕8号"]),
    ("根据湘政发〔2023〕5号、湘政办发〔2023〕6号和财农〔2022〕3号及国发〔2020〕1号文件精神，制定本方案。",
     ["湘政发〔2023〕5号", "湘政办发〔2023〕6号", "财农〔2022〕3号", "国发〔2020〕1号"]),
    ("依據懷政辦發﹝2023﹞9號文件，現通知如下。", ["怀政办发〔2023〕9号"]),
    ("市政府办公室南政办发〔2024〕12号同时废止。", ["南政办发〔2024〕12号"]),
]


def test_a_bare_number_mid_sentence_is_cut_at_the_words_before_it() -> None:
    for text, numbers in BARE_NUMBER_FORMS:
        refs = find_references(text)
        assert [r.doc_number for r in refs] == numbers, text
        # the reference's span is the number as printed, not the words before it
        for r in refs:
            assert r.text[0] not in "按贯依见照据和及、", (text, r.text)
            assert text[r.start : r.end] == r.text


def test_a_code_keeps_characters_that_are_also_words() -> None:
    """经, 和, 依 … are words of a sentence and also parts of codes (农经, 经信) or a place's initial (和平区 和政发)."""
    text = ("落实湘经信发〔2020〕3号和《关于实施经营主体提升行动的通知》（农经发〔2022〕1号），"
            "各乡镇遵照和政发〔2023〕5号、依政办发〔2023〕7号执行。")
    assert [r.doc_number for r in find_references(text)] == [
        "湘经信发〔2020〕3号", "农经发〔2022〕1号", "和政发〔2023〕5号", "依政办发〔2023〕7号"]


def test_a_number_inside_title_and_brackets_stays_with_its_title() -> None:
    text = "现将省政府办公厅《关于加强河湖长制工作的通知》（湘政办发〔2023〕7号）转发给你们，请遵照执行。"
    assert [(r.title, r.doc_number) for r in find_references(text)] == [
        ("关于加强河湖长制工作的通知", "湘政办发〔2023〕7号")]


def test_a_number_in_the_next_cell_of_a_table_row_belongs_to_the_title() -> None:
    """A list of documents prints each title and its 文号 in cells of one row; a title and a number joined by a
    word are two documents."""
    text = ("序号\t文件名称\t文号\n1\t《关于公布行政规范性文件清理结果的通告》\t北政函〔2021〕33号\n"
            "2\t《关于印发〈北河区养老服务补贴办法〉的通知》 北政办发〔2022〕4号\n"
            "依照《北河区物业管理办法》 和北政发〔2020〕9号执行。\n")
    assert [(r.title, r.doc_number) for r in find_references(text)] == [
        ("关于公布行政规范性文件清理结果的通告", "北政函〔2021〕33号"),
        ("关于印发〈北河区养老服务补贴办法〉的通知", "北政办发〔2022〕4号"),
        ("北河区物业管理办法", None),
        (None, "北政发〔2020〕9号"),
    ]


def test_a_short_name_given_in_brackets_stands_for_the_cited_document() -> None:
    """（以下简称《办法》）: every later 《办法》 is the document named before it, with its number; the short name of the
    document itself is no reference."""
    text = ("根据《东河市公共数据管理办法》（东政发〔2023〕4号，以下简称《办法》）和《中华人民共和国数据安全法》"
            "（以下简称《数据安全法》），现将《东河市数据共享实施细则》（以下简称《细则》）印发。"
            "《细则》依照《办法》第五条和《数据安全法》制定，与《办法》同时施行。")
    refs = [(r.title, r.doc_number, r.text) for r in find_references(text, own_titles=["东河市数据共享实施细则"])]
    assert refs == [
        ("东河市公共数据管理办法", "东政发〔2023〕4号", "《东河市公共数据管理办法》（东政发〔2023〕4号"),
        ("中华人民共和国数据安全法", None, "《中华人民共和国数据安全法》"),
        ("东河市公共数据管理办法", "东政发〔2023〕4号", "《办法》"),
        ("中华人民共和国数据安全法", None, "《数据安全法》"),
        ("东河市公共数据管理办法", "东政发〔2023〕4号", "《办法》"),
    ]


def test_a_number_opening_a_longer_bracket_belongs_to_the_title() -> None:
    text = ("落实《东河市河长制工作规则》（东政办发〔2022〕9号文件）和《东河市湖长制考核办法》（东政办发〔2022〕10号、"
            "东政办函〔2023〕2号）要求。")
    assert [(r.title, r.doc_number) for r in find_references(text)] == [
        ("东河市河长制工作规则", "东政办发〔2022〕9号"),
        ("东河市湖长制考核办法", "东政办发〔2022〕10号"),
        (None, "东政办函〔2023〕2号"),
    ]
