"""The notation and raw text shared by every stage (lowest layer: imports nothing else of zhengce).

Modules: ``read`` (bytes of any file → RawText: limits and dispatch, PDF text layer, DOCX), ``raw`` (RawText,
ReadError), ``decoding`` (the encodings of text files), ``html_text`` (the main text of HTML pages),
``textmap`` (text with its edits and offsets back to the source), ``folding`` (the matching view),
``normalise`` (repair of publication artefacts), ``lexicon`` (发文字号, 统一登记号, Chinese numerals, dates),
``anchored`` (a grammar tried only near the places where its rare core matches: the speed of the
extractors on long texts). Files with pages:
``layout`` (characters placed on pages → text in reading order), ``running`` (running headers, footers and
page numbers of a laid-out file), ``pdf``, ``ofd``, ``office`` (.doc/.wps via
LibreOffice), ``wordpages`` (a Word file's pages from the PDF LibreOffice prints of it), ``ocr`` (scans via
Tesseract, which ``tesseract`` runs; ``grid`` finds a page image's skew and
ruled tables); ``raw`` also holds ``Box``.

Public names: reading (``read_path``, ``read_bytes``, ``RawText``, ``ReadError``), the mapped text
(``MappedText``, ``Edit``, ``LineIndex``), normalising (``fold``, ``folded_text``, ``squash``,
``strip_wrap_spaces``, ``repair``) and the notation (``DocNumber``, ``RegCode``, ``parse_doc_number``,
``parse_reg_code``, ``parse_date``, ``cn_int``); what people type into a box (``typed``: ``read_amount``,
``read_measure``, ``read_day``, ``read_date``, ``place_key``, ``cn_day``).
"""

from zhengce.text.folding import fold, folded_text
from zhengce.text.lexicon import DocNumber, RegCode, cn_int, parse_date, parse_doc_number, parse_reg_code
from zhengce.text.normalise import repair, squash, strip_wrap_spaces
from zhengce.text.raw import RawText, ReadError
from zhengce.text.read import read_bytes, read_path
from zhengce.text.textmap import Edit, LineIndex, MappedText
from zhengce.text.typed import cn_day, place_key, read_amount, read_date, read_day, read_measure

__all__ = [
    "DocNumber", "Edit", "LineIndex", "MappedText", "RawText", "ReadError", "RegCode", "cn_day", "cn_int", "fold",
    "folded_text", "parse_date", "parse_doc_number", "parse_reg_code", "place_key", "read_amount", "read_bytes",
    "read_date", "read_day", "read_measure", "read_path", "repair", "squash", "strip_wrap_spaces",
]
