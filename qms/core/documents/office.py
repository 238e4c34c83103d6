"""LibreOffice headless conversion, used by tests to prove files open in a real office suite."""

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
