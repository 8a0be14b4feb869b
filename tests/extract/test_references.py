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
