"""Decoding: the bytes of a text file to characters — UTF-8 with or without BOM, UTF-16 (with a BOM or told by its
zero bytes), GB18030/GBK — detected rather than assumed: a reading must be plausible Chinese text, and control
characters are cleaned or refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache

from zhengce.text.raw import ReadError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def decode_text(data: bytes) -> tuple[str, str, list[str]]:
    """Decode bytes of a text file, detecting the encoding. Returns (text, encoding, warnings).

    The readings are tried from the strongest evidence to the weakest — a byte order mark, UTF-16's
    zero bytes, valid UTF-8, then guesses (UTF-16 without zeros, GB18030, charset_normalizer) — and
    the first *plausible* one wins: a guess must be made of characters Chinese documents use, and no
    reading may be mostly unassigned, private-use or control characters. When none is plausible the
    file is refused rather than stored as garbage.
    """
    tried: list[str] = []
    binary = False
    for text, encoding, warnings, guessed in _readings(data):
        if _control_ratio(text) > 0.05:
            binary = True
            continue
        if _plausible(text, guessed):
            return clean_decoded(text, encoding, warnings)
        tried.append(encoding)
    if binary and not tried:
        raise ReadError("二进制文件，不是文本 / binary file: not text")
    if not tried:
        raise ReadError("无法识别文本编码 / cannot detect the text encoding")
    names = "、".join(dict.fromkeys(tried))
    raise ReadError(f"无法识别文本编码：按 {names} 读出的多为罕用字或未分配的字符，未导入 / "
                    f"cannot detect the text encoding: read as {names.replace('、', ', ')} it is mostly "
                    "unlikely or unassigned characters; not stored")


def _readings(data: bytes) -> Iterator[tuple[str, str, list[str], bool]]:
    """Candidate readings (text, encoding, warnings, guessed), strongest evidence first."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if enc != "utf-8-sig":
                body = body[: len(body) - len(body) % 2]
            yield body.decode(enc.replace("-sig", ""), errors="replace"), enc, [], False
            return
    lane = _utf16_by_zero_lane(data)
    if lane:
        yield data[: len(data) - len(data) % 2].decode(lane, errors="replace"), lane, [], False
    has_nul = b"\x00" in data[:8192]
    if not has_nul:
        # valid UTF-8 is strong evidence: other encodings' non-ASCII bytes almost never form valid
        # sequences. It comes before any UTF-16 guess, whatever the parity of the length (an odd-sized
        # UTF-8 page with an ASCII head used to be read as UTF-16 CJK garbage).
        try:
            yield data.decode("utf-8"), "utf-8", [], False
        except UnicodeDecodeError as exc:
            if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
                yield (data[: exc.start].decode("utf-8", errors="replace"), "utf-8",
                       ["文件末尾的字符不完整，已舍弃 / truncated character at end of file dropped"], False)
            else:
                # a few damaged bytes in a UTF-8 file: still UTF-8 (each becomes � and a warning says
                # so); another encoding read as UTF-8 gives a � for most of its non-ASCII characters
                lenient = data.decode("utf-8", errors="replace")
                if lenient.count("\ufffd") <= len(lenient) // 100:
                    yield lenient, "utf-8", [], False
    if has_nul or len(data) % 2:
        for enc in ("utf-16-le", "utf-16-be"):  # guesses: only a plausible reading is taken
            yield data[: len(data) - len(data) % 2].decode(enc, errors="replace"), enc, [], True
    if has_nul:
        raise ReadError("二进制文件，不是文本、HTML、PDF 或 DOCX / binary file: not text, HTML, PDF or DOCX")
    gb = _decode_or_none(data, "gb18030")
    if gb is not None:
        yield gb, "gb18030", [], True
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding is not None:
        yield str(best), best.encoding, [f"编码按 {best.encoding} 识别 / encoding guessed as {best.encoding}"], True


def _decode_or_none(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _utf16_by_zero_lane(data: bytes) -> str | None:
    """UTF-16 without a BOM whose text is largely ASCII: zero bytes fill one lane and not the other."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_zero = sample[0::2].count(0)
    odd_zero = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_zero > 0.3 * half and even_zero < 0.05 * half:
        return "utf-16-le"
    if even_zero > 0.3 * half and odd_zero < 0.05 * half:
        return "utf-16-be"
    return None


@cache
def _likely_characters() -> frozenset[str]:
    """Characters Chinese documents are made of: GB2312 (common simplified hanzi, punctuation, digits,
    Latin, Greek, Cyrillic, kana, pinyin letters, box drawing) and Big5's level-1 (common traditional)
    hanzi. ASCII and the scripts of China's minority languages are accepted separately."""
    chars: set[str] = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            chars.add(bytes((hi, lo)).decode("gb2312", errors="ignore"))
    for hi in range(0xA1, 0xC7):
        for lo in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            chars.add(bytes((hi, lo)).decode("big5", errors="ignore"))
    return frozenset(chars - {""})


# Arabic (Uyghur, Kazakh), Tibetan, Mongolian: minority-language text of bilingual documents
_MINORITY_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefe\u0f00-\u0fff\u1800-\u18af]")
_GUESS_MIN_LIKELY = 0.8  # real text scores 0.99+ here; UTF-16/GB18030 misreadings 0.15–0.55
_MAX_UNASSIGNED = 0.5


def _sample(text: str, size: int = 8000) -> str:
    """Head, middle and tail of a long text: the plausibility checks cost the same for any size."""
    if len(text) <= 3 * size:
        return text
    mid = len(text) // 2
    return text[:size] + text[mid : mid + size] + text[-size:]


# characters that are assigned for certain: ASCII, Latin, general punctuation, CJK symbols and punctuation,
# CJK unified ideographs, half- and full-width forms — most of any Chinese document, skipped without a
# category lookup each
_SURELY_ASSIGNED = re.compile(r"[\x00-\x7f\u00a0-\u024f\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")


def _plausible(text: str, guessed: bool) -> bool:
    head = _sample(text)
    if not guessed and not _SURELY_ASSIGNED.sub("", head):
        return True  # nothing but surely assigned characters (most files): no unassigned ones to count
    sample = re.sub(r"\s+", "", head)
    if not sample:
        return True
    # whatever the evidence, a reading made mostly of unassigned, private-use, surrogate or
    # undecodable characters is not text
    rest = _SURELY_ASSIGNED.sub("", sample)
    bad = sum(1 for ch in rest if ch == "\ufffd" or unicodedata.category(ch) in {"Cn", "Co", "Cs"})
    if bad > _MAX_UNASSIGNED * len(sample):
        return False
    if not guessed:
        return True
    chars = list(sample)
    likely = _likely_characters()
    good = sum(1 for ch in chars if ch < "\x80" or ch in likely or _MINORITY_SCRIPT.match(ch))
    return good >= _GUESS_MIN_LIKELY * len(chars)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:20000]
    return len(_CONTROL.findall(sample)) / len(sample)


def clean_decoded(text: str, encoding: str, warnings: list[str]) -> tuple[str, str, list[str]]:
    if _control_ratio(text) > 0.05:
        raise ReadError("二进制文件，不是文本 / binary file: not text")
    if "\ufffd" in text:
        warnings.append("部分字节无法解码，已用 � 代替 / some bytes could not be decoded")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _CONTROL.sub("", text)
    return text, encoding, warnings
