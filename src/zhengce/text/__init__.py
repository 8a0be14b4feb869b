"""The notation and raw text shared by every stage (lowest layer: imports nothing else of zhengce).

Modules: ``read`` (bytes of any file → RawText), ``textmap`` (text with its edits and offsets back to the
source), ``normalise`` (folding, repair of publication artefacts), ``lexicon`` (发文字号, 统一登记号, Chinese
numerals, dates). Files with pages: ``raw`` (RawText, ReadError, Box), ``layout`` (characters placed on pages →
text in reading order), ``pdf``, ``ofd``, ``office`` (.doc/.wps via LibreOffice), ``ocr`` (scans via Tesseract).
"""
