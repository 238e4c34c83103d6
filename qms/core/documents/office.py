"""LibreOffice headless conversion: used by the bound dossier (汇编成册) in the worker, and by
tests to prove files open in a real office suite."""

import shutil
import subprocess
import tempfile
from pathlib import Path

# The profile's CJK language: without it LibreOffice picks the CJK fallback face by the machine's
# locale (often the Japanese variant); Simplified Chinese documents want the SC face.
PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="DefaultLocale_CJK" oor:op="fuse">
<value>zh-CN</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">
<value>zh-CN</value></prop></item>
</oor:items>
"""


def write_profile(profile: Path) -> None:
    """Seed a private LibreOffice profile with Simplified Chinese as its CJK language."""
    user = Path(profile) / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(PROFILE_SETTINGS, encoding="utf-8")


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(path: Path, *, timeout: int = 180) -> Path:
    """Convert `path` to PDF beside it with a private profile; raise if LibreOffice fails."""
    binary = soffice_path()
    if binary is None:
        raise RuntimeError("LibreOffice is not installed")
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        write_profile(Path(profile))
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
