"""The page numbers under a list of search results: the first page, the last when it is known, a window
around the current page, gaps between them (``None``, shown as …), and how deep a search may be paged.

Paging stops at PAGE_LIMIT pages (the first COUNT_CAP results at 20 a page): a page is found by ranking
and skipping every result before it, so page 99,999 of a million documents cost seconds of work for a
page nobody reads; large search engines stop there too and ask to narrow the search.
"""

from __future__ import annotations

PAGE_LIMIT = 500  # pages that can be opened (× PAGE_SIZE 20 = the first 10,000 results, ranking.COUNT_CAP)
WINDOW = 2  # pages shown on each side of the current one
TOO_DEEP = (f"只能查看前 {PAGE_LIMIT} 页结果；请添加筛选条件或更多检索词缩小范围 / only the first {PAGE_LIMIT} "
            "pages can be opened: narrow the search with filters or more words")


def page_count(total: int, page_size: int) -> int:
    """Pages that ``total`` results fill (at least one), no more than PAGE_LIMIT."""
    return max(1, min(PAGE_LIMIT, -(-total // page_size)))


def last_page(total: int, page_size: int, *, estimated: bool) -> int | None:
    """The last page that can be opened, None when it is not known: the total is an estimate (约 N), which
    may be more than there are. A capped total (10,000+) is a lower bound, so its last page exists."""
    return None if estimated else page_count(total, page_size)


def page_numbers(page: int, total: int, page_size: int, *, estimated: bool) -> list[int | None]:
    """The page numbers the pager links to, in order, with ``None`` for a gap (…): 1, the window around
    ``page``, the last page when it is known; with an estimated total, the window ends in a gap instead
    of a last page that may not exist. A gap of one page shows that page."""
    upper = page_count(total, page_size)
    last = last_page(total, page_size, estimated=estimated)
    centre = min(page, upper)
    wanted = {1, *range(max(1, centre - WINDOW), min(upper, centre + WINDOW) + 1)}
    if last is not None:
        wanted.add(last)
    out: list[int | None] = []
    previous = 0
    for n in sorted(wanted):
        if n - previous == 2:
            out.append(n - 1)
        elif n - previous > 2:
            out.append(None)
        out.append(n)
        previous = n
    if last is None and upper > previous:
        out.append(None)
    return out
