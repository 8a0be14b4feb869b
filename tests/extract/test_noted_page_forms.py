"""Pages of a mirror that prints pinyin notes after characters, in traditional characters (held-out set I;
invented jurisdiction, numbers and goals): fields as printed, notes included; goals read."""

from __future__ import annotations

from zhengce.extract.export import document_records, target_records
from zhengce.parse.pipeline import parse_text

NOTED = ("青河縣人民政府關(guān)于印發(fā)耕地保護(hù)辦法的通知\n\n青政[1986]21號(hào)\n\n"
         "各鄉(xiāng)鎮(zhèn)人民政府：現(xiàn)將耕地保護(hù)辦法印發(fā)給你們，請認(rèn)真執(zhí)行。\n"
         "經(jīng)濟(jì)社會發(fā)展主要預(yù)期目標(biāo)是：地區(qū)生產(chǎn)總值增長6%以上，"
         "規(guī)上工業(yè)增加值增長9%。\n")


def test_a_pinyin_noted_page_keeps_its_notes_in_the_number_with_normalised_brackets() -> None:
    record = document_records(parse_text(NOTED, "page.txt"))[0]
    assert record["doc_number"] == "青政〔1986〕21號(hào)"


def test_goals_of_a_page_in_traditional_characters_are_read_and_printed_with_its_notes() -> None:
    records = target_records(parse_text(NOTED, "page.txt"))
    assert [(r["indicator"], r["value"], r["bound"]) for r in records] == [
        ("地區(qū)生產(chǎn)總值", "6", "min"), ("規(guī)上工業(yè)增加值", "9", "exact")]
