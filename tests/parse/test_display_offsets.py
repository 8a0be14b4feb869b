"""Where an offset of the original text lands in the display text (page starts, the page map's runs): the
first display offset that maps to it or later, the same whether searched alone or one after another."""

from __future__ import annotations

from zhengce.parse.pagemap import display_offset
from zhengce.parse.pipeline import display_offset as from_pipeline
from zhengce.text.textmap import Edit, MappedText

# a running header deleted, a line break joined, a character replaced by two
ORIGINAL = "第一条 申报材料\n市政府办文件\n于五月底前报送。第二条 资金按季拨付。"
EDITS = [Edit(9, 16, "", "running header"), Edit(8, 9, "", "joined"), Edit(20, 21, "xx", "widened")]


def test_each_original_offset_lands_on_the_first_display_offset_at_or_after_it() -> None:
    mapped = MappedText(ORIGINAL, EDITS)
    assert from_pipeline is display_offset  # one search, where the page map and the page starts find it
    lo = 0
    for original in range(len(ORIGINAL) + 1):
        found = display_offset(mapped, original)
        assert mapped.to_original(found) >= original or found == len(mapped.text)
        assert found == 0 or mapped.to_original(found - 1) < original  # and none before it does
        lo = display_offset(mapped, original, lo)  # searched from where the one before ended
        assert lo == found
    # the deleted header's offsets all land where the text goes on after it
    assert {display_offset(mapped, k) for k in range(9, 17)} == {display_offset(mapped, 16)}
