"""A second reader: PP-OCR's recognition model (PP-OCRv4, 6,623 characters) run by onnxruntime on crops of
lines that Tesseract found.

The model ships inside the ``rapidocr_onnxruntime`` wheel (nothing is downloaded at run time); only its file
is used, with onnxruntime directly, so that each character comes with its probability and its place along
the line (the CTC time step it was read at). Without the package (or onnxruntime) :func:`available` is False
and OCR is Tesseract's alone.
"""

from __future__ import annotations

import importlib.util
import threading
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

HEIGHT = 48  # pixels: the model reads lines scaled to this height
MAX_WIDTH = 3200  # pixels after scaling: a longer crop is squeezed to this width
BATCH = 8  # crops read in one run of the model
__all__ = ["BATCH", "HEIGHT", "MODELS", "Reading", "available", "model_path", "read"]


class Reading(NamedTuple):
    """A line as the model read it: each character with its probability and its centre along the line
    (0 = left edge of the crop, 1 = right edge)."""

    text: str
    probs: tuple[float, ...]
    centres: tuple[float, ...]


# where the model is: the package that ships it and the file in it, best first
MODELS = (("rapidocr", "models/PP-OCRv6_rec_small.onnx"), ("rapidocr_onnxruntime", "models/ch_PP-OCRv4_rec_infer.onnx"))


def model_path() -> Path | None:
    """The recognition model of an installed RapidOCR wheel (its PP-OCRv6 one, 18,708 characters; or
    ``rapidocr_onnxruntime``'s PP-OCRv4, 6,623), found without importing the package; None without it or
    without onnxruntime."""
    try:
        if importlib.util.find_spec("onnxruntime") is None:
            return None
        for package, file in MODELS:
            spec = importlib.util.find_spec(package)
            for folder in (spec.submodule_search_locations or []) if spec else []:
                if (Path(folder) / file).is_file():
                    return Path(folder) / file
    except (ImportError, ValueError):
        return None
    return None


def available() -> bool:
    return model_path() is not None


_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _model():  # type: ignore[no-untyped-def]
    import onnxruntime as ort

    path = model_path()
    if path is None:
        raise RuntimeError("PP-OCR model not installed")
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1  # the pages are read in a pool of threads, one a core
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    session = ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])
    chars = ["", *session.get_modelmeta().custom_metadata_map["character"].splitlines(), " "]
    return session, chars


def _tensor(image, width: int):  # type: ignore[no-untyped-def]
    """A greyscale line crop scaled to the model's height, normalised, padded right to ``width``."""
    import numpy as np
    from PIL import Image

    w = max(1, min(width, round(image.width * HEIGHT / max(1, image.height))))
    scaled = np.asarray(image.convert("L").resize((w, HEIGHT), Image.BILINEAR), dtype=np.float32) / 127.5 - 1.0
    out = np.zeros((3, HEIGHT, width), dtype=np.float32)
    out[:, :, :w] = scaled
    return out, w


def read(images: list) -> list[Reading]:  # type: ignore[type-arg]
    """Each line crop (PIL images, dark text on light ground) as the model reads it; crops of about the same
    width are read together, :data:`BATCH` at a time."""
    import numpy as np

    with _LOCK:
        session, chars = _model()
    name = session.get_inputs()[0].name
    widths = [min(MAX_WIDTH, max(HEIGHT, round(im.width * HEIGHT / max(1, im.height)))) for im in images]
    order = sorted(range(len(images)), key=lambda k: widths[k])
    out: dict[int, Reading] = {}
    for start in range(0, len(order), BATCH):
        batch = order[start:start + BATCH]
        width = -(-max(widths[k] for k in batch) // 8) * 8
        tensors, used = zip(*(_tensor(images[k], width) for k in batch), strict=True)
        probs = session.run(None, {name: np.stack(tensors)})[0]
        for k, p, w in zip(batch, probs, used, strict=True):
            out[k] = _decode(p, chars, w / width)
    return [out[k] for k in range(len(images))]


def _decode(probs, chars: list[str], used: float) -> Reading:  # type: ignore[no-untyped-def]
    """CTC greedy decoding: the best class at each step, repeats merged, blanks dropped."""
    best = probs.argmax(axis=1)
    steps = len(best)
    text, conf, where = [], [], []
    run_start = -1
    for t, k in enumerate(best):
        if k != 0 and (t == 0 or best[t - 1] != k):
            run_start = t
        if k != 0 and (t + 1 == steps or best[t + 1] != k):
            text.append(chars[k] if k < len(chars) else "")
            conf.append(float(probs[run_start:t + 1, k].max()))
            where.append(min(1.0, ((run_start + t + 1) / 2) / steps / used))
    return Reading("".join(text), tuple(conf), tuple(where))
