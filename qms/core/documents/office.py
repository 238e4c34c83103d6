"""LibreOffice headless conversion: used by the bound dossier (汇编成册) in the worker, and by
tests to prove files open in a real office suite."""

import shutil
import subprocess
import tempfile
from pathlib import Path


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(path: Path, *, timeout: int = 180) -> Path:
    """Convert `path` to PDF beside it with a private profile; raise if LibreOffice fails."""
    binary = soffice_path()
    if binary is None:
        raise RuntimeError("LibreOffice is not installed")
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        result = subprocess.run(
            [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(path.parent), str(path)],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    pdf = path.with_suffix(".pdf")
    if result.returncode != 0 or not pdf.exists():
        raise RuntimeError(f"LibreOffice failed on {path.name}: {result.stdout} {result.stderr}")
    return pdf


def pdf_page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def convert_many_to_pdf(paths: list[Path], *, outdir: Path, timeout: int = 600) -> dict[Path, Path]:
    """Convert several files in one LibreOffice run (one start-up) with a private profile; the
    PDF of each input. Raise if LibreOffice fails or leaves one out."""
    binary = soffice_path()
    if binary is None:
        raise RuntimeError("LibreOffice is not installed")
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        result = subprocess.run(
            [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(outdir), *map(str, paths)],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    found = {path: Path(outdir) / f"{Path(path).stem}.pdf" for path in paths}
    missing = [path.name for path, pdf in found.items() if not pdf.exists()]
    if result.returncode != 0 or missing:
        raise RuntimeError(f"LibreOffice failed on {', '.join(missing) or 'the files'}: {result.stderr[-500:]}")
    return found
