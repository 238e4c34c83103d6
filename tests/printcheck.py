"""The print check: convert generated files to PDF with LibreOffice headless (one process for a
batch) and read every word's box with `pdftotext -bbox-layout`. A file prints legibly when no
word is drawn over another and none lies outside its page."""

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from qms.core.documents.office import soffice_path, write_profile

XHTML = "{http://www.w3.org/1999/xhtml}"
OVERLAP_SHARE = 0.25  # of the smaller box: kerning and italics touch, overprinted text covers
EDGE = 0.5  # points of tolerance at the page edge


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def area(self) -> float:
        return max(self.x1 - self.x0, 0) * max(self.y1 - self.y0, 0)

    def shared(self, other: "Word") -> float:
        width = min(self.x1, other.x1) - max(self.x0, other.x0)
        height = min(self.y1, other.y1) - max(self.y0, other.y0)
        return width * height if width > 0 and height > 0 else 0.0


def needs_print_tools() -> str:
    """Why the print check cannot run here, or '' when it can."""
    if soffice_path() is None:
        return "LibreOffice is not installed"
    if shutil.which("pdftotext") is None:
        return "poppler-utils (pdftotext) is not installed"
    return ""


def convert_all(paths: list[Path], outdir: Path, *, timeout: int = 600) -> dict[str, Path]:
    """Convert every file in one LibreOffice process; {file name: its PDF}."""
    with tempfile.TemporaryDirectory(prefix="lo-print-") as profile:
        write_profile(Path(profile))
        subprocess.run(
            [soffice_path(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(outdir), *map(str, paths)],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    return {path.name: outdir / f"{path.stem}.pdf" for path in paths}


def pdf_words(pdf: Path) -> tuple[list[Word], list[tuple[float, float]]]:
    """Every word with its box, and each page's (width, height), in PDF points."""
    result = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True)
    root = etree.fromstring(result.stdout, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    words, pages = [], []
    for number, page in enumerate(root.iter(f"{XHTML}page")):
        pages.append((float(page.get("width")), float(page.get("height"))))
        for word in page.iter(f"{XHTML}word"):
            if (word.text or "").strip():
                words.append(Word(number, word.text.strip(), *(float(word.get(k)) for k in
                                                              ("xMin", "yMin", "xMax", "yMax"))))
    return words, pages


def print_faults(pdf: Path) -> list[str]:
    """Words outside their page and pairs of words drawn over each other, as readable lines."""
    words, pages = pdf_words(pdf)
    faults = [f"page {w.page + 1}: {w.text!r} lies outside the page" for w in words
              if w.x0 < -EDGE or w.y0 < -EDGE or w.x1 > pages[w.page][0] + EDGE or w.y1 > pages[w.page][1] + EDGE]
    by_page: dict[int, list[Word]] = {}
    for word in words:
        by_page.setdefault(word.page, []).append(word)
    for page_words in by_page.values():
        faults.extend(_overlaps(sorted(page_words, key=lambda w: w.y0)))
    return faults


def _overlaps(words: list[Word]) -> list[str]:
    found = []
    for index, word in enumerate(words):
        for other in words[index + 1:]:
            if other.y0 >= word.y1:
                break
            smaller = min(word.area, other.area)
            if smaller and word.shared(other) > OVERLAP_SHARE * smaller:
                found.append(f"page {word.page + 1}: {word.text!r} and {other.text!r} overlap")
    return found
