"""Running Debian's tesseract on many pages or many single-line frames at once; words come back from its
TSV output with their boxes, the frame they were on and the recogniser's confidence.

In the pipelines' worker processes the library reads them (``tessapi``: models stay loaded). Elsewhere one
``tesseract`` process reads a call's frames, sent as one multi-page TIFF so that the model loads once per
call, and a crash in it stays in it.

Tesseract runs single-threaded (``OMP_THREAD_LIMIT=1``): its OpenMP threads spin-wait over the same cores
and cost 2.4 times the CPU for the same page (measured on 2 cores); the converter reads page text and
table cells side by side instead (two processes, or two engines in two threads).
"""

from __future__ import annotations

import csv
import io
import shutil
import struct
from dataclasses import dataclass
from typing import Any

from nianbao.convert import tessapi
from nianbao.convert.limits import ConversionError, Deadline, run_tool

SINGLE_THREAD = {"OMP_THREAD_LIMIT": "1"}
MAX_SIDE = 32000  # tesseract refuses images with a side over 32767 pixels


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    line: tuple[int, int, int, int]  # frame, block, paragraph, line
    conf: float

    @property
    def frame(self) -> int:
        return self.line[0]


def _command(lang: str, psm: int, whitelist: str | None) -> list[str]:
    if not shutil.which("tesseract"):
        raise ConversionError("OCR needs tesseract: apt-get install tesseract-ocr tesseract-ocr-chi-sim")
    cmd = ["tesseract", "stdin", "stdout", "-l", lang, "--psm", str(psm)]
    cmd += ["-c", "preserve_interword_spaces=1"]
    if whitelist:
        cmd += ["-c", f"tessedit_char_whitelist={whitelist}"]
    return [*cmd, "tsv"]


def multipage_tiff(frames: list[Any]) -> bytes:
    """Greyscale images as one uncompressed multi-page TIFF (Pillow's appending writer rereads every
    earlier page for each new one: quadratic in the page count)."""
    out = bytearray(b"II*\x00\x00\x00\x00\x00")
    link = 4  # where the offset of the next page's directory goes
    for frame in frames:
        width, height = frame.size
        pixels = frame.convert("L").tobytes()
        data_at = len(out)
        out += pixels + b"\x00" * (len(pixels) % 2)  # directories start on an even offset
        struct.pack_into("<I", out, link, len(out))
        tags = [
            (256, 4, width), (257, 4, height), (258, 3, 8), (259, 3, 1), (262, 3, 1),
            (273, 4, data_at), (277, 3, 1), (278, 4, height), (279, 4, len(pixels)),
        ]  # fmt: skip
        out += struct.pack("<H", len(tags))
        for tag, kind, value in tags:
            out += struct.pack("<HHII", tag, kind, 1, value)
        link = len(out)
        out += b"\x00\x00\x00\x00"
    return bytes(out)


def parse_tsv(out: str) -> list[Word]:
    words: list[Word] = []
    for row in csv.DictReader(io.StringIO(out), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        x, y, w, h = (float(row[k]) for k in ("left", "top", "width", "height"))
        line = (int(row["page_num"]) - 1, int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        words.append(Word(text, x, x + w, y, y + h, line, float(row["conf"])))
    return words


def read_pages(images: list[Any], timeout: float) -> list[list[Word]]:
    """Words of greyscale page images (one run, page layout analysed: ``--psm 6``), page by page."""
    for image in images:
        if max(image.size) > MAX_SIDE:
            raise ConversionError(f"page image {image.size[0]}x{image.size[1]} is too large for tesseract")
    return _read_frames(images, timeout, "chi_sim", 6, None)


def read_lines(
    frames: list[Any], timeout: float, lang: str = "chi_sim", whitelist: str | None = None
) -> list[list[Word]]:
    """Each frame read as one line of text (``--psm 7``); the words of every frame, in frame order."""
    return _read_frames(frames, timeout, lang, 7, whitelist)


def _read_frames(
    frames: list[Any], timeout: float, lang: str, psm: int, whitelist: str | None
) -> list[list[Word]]:
    if not frames:
        return []
    if tessapi.available():
        out = _library_tsv(frames, timeout, lang, psm, whitelist or "")
    else:
        tiff = multipage_tiff(frames)
        program = run_tool(_command(lang, psm, whitelist), timeout, stdin=tiff, env=SINGLE_THREAD)
        out = program.decode("utf-8", "replace")
    by_frame: list[list[Word]] = [[] for _ in frames]
    for word in parse_tsv(out):
        if 0 <= word.frame < len(frames):
            by_frame[word.frame].append(word)
    return by_frame


def _library_tsv(frames: list[Any], timeout: float, lang: str, psm: int, whitelist: str) -> str:
    """The program's TSV output for ``frames``, read one by one by an engine of ``lang``."""
    deadline, rows = Deadline(timeout), [tessapi.TSV_HEADER]
    with tessapi.engine(lang) as engine:
        for index, frame in enumerate(frames):
            if deadline.expired():
                raise ConversionError(f"tesseract timed out after {timeout:.0f}s")
            rows.append(engine.read(frame.convert("L"), index, psm, whitelist, deadline.remaining()))
    return "".join(rows)
