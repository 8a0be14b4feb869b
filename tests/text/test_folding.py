"""Folding found by one pattern pass changes exactly the characters that folding one at a time changes: a
character folded differently in a document than in a query would make its words unfindable."""

from __future__ import annotations

import random

from zhengce.text.folding import _fold_char, fold, folded_text  # the definition, per character


def test_every_character_folds_as_on_its_own() -> None:
    chars = [chr(c) for c in range(0x20, 0x10000) if not 0xD800 <= c < 0xE000]
    # all of the BMP in one text (runs of characters that OpenCC would convert as phrases included)
    assert fold("".join(chars)) == "".join(_fold_char(ch) for ch in chars)


def test_fold_keeps_length_and_maps_the_usual_forms() -> None:
    text = "關於印發《臺灣地區２０２４年工作方案》的通知（粵府〔２０２４〕１３號）：\u3000第一條"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == "关于印发《台湾地区2024年工作方案》的通知(粤府〔2024〕13号): 第一条"
    rng = random.Random(5)
    for _ in range(200):
        piece = "".join(rng.choice(text) for _ in range(rng.randint(0, 30)))
        assert fold(piece) == "".join(_fold_char(ch) for ch in piece) == folded_text(piece)


def test_punctuation_replaced_first_folds_as_on_its_own() -> None:
    # the frequent punctuation goes through str.replace before the pattern: mixed with what it folds to and
    # with every other kind of character that folding changes, each still folds as it does alone
    alphabet = "，（）：；,():;、。！？【】［］〈〉\u3000\u00a0．－—２０號關於臺灣a "
    rng = random.Random(9)
    for _ in range(500):
        piece = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert fold(piece) == "".join(_fold_char(ch) for ch in piece)
    assert fold("（一）加强组织领导：各地，各部门；") == "(一)加强组织领导:各地,各部门;"
