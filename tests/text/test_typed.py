

def test_a_date_from_a_query_takes_the_forms_people_type_and_iso_timestamps() -> None:
    from datetime import date

    import pytest

    from zhengce.text.typed import read_date

    for typed in ("2025年6月1日", "2025/6/1", "２０２５-０６-０１", "2025-06-01T08:00:00+08:00", "20250601"):
        assert read_date(typed) == date(2025, 6, 1), typed
    with pytest.raises(ValueError, match="没有这一天"):
        read_date("2025年2月30日")
    with pytest.raises(ValueError, match="2025年3月1日"):  # what to type instead, as read_day says it
        read_date("明天")
