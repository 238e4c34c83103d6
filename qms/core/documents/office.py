"""LibreOffice headless conversion: used by the bound dossier (汇编成册) in the worker (several
files at once, shared out between parallel LibreOffice processes, or one started in the background
while Python renders the rest), and by tests to prove files open in a real office suite."""

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
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


# Parallel conversion: one LibreOffice process converts its files one after another on one core,
# so on a machine with several cores the files are shared out between processes (each with its own
# profile: a profile is locked by its process), balanced by their expected cost. Each process costs
# a start-up (about a second of CPU and 200-300 MB), so no more processes than the work is worth.
MAX_PROCESSES = 2
STARTUP_COST = 1.0  # a LibreOffice start-up, in the units of `conversion_cost` (about seconds)


def process_limit() -> int:
    """How many LibreOffice processes to run at once here: the cores, at most MAX_PROCESSES."""
    return max(1, min(os.cpu_count() or 1, MAX_PROCESSES))


def conversion_cost(path: Path) -> float:
    """The expected conversion time of an Office file, about seconds: its content's uncompressed
    size (a spreadsheet's cells lay out about four times slower than a document's paragraphs),
    plus a little per file. Only to share files out between processes."""
    try:
        with zipfile.ZipFile(path) as archive:
            document = sum(i.file_size for i in archive.infolist() if i.filename == "word/document.xml")
            sheets = sum(i.file_size for i in archive.infolist()
                         if i.filename.startswith("xl/worksheets/") or i.filename == "xl/sharedStrings.xml")
    except (OSError, zipfile.BadZipFile):
        document, sheets = Path(path).stat().st_size, 0
    return 0.05 + (document + 4 * sheets) / 1_000_000


def conversion_groups(paths: list[Path], *, processes: int | None = None) -> list[list[Path]]:
    """`paths` shared out between at most `processes` (default: the cores, at most MAX_PROCESSES)
    groups of about equal expected cost, each group in the given order; no more groups than the
    work is worth (k processes for at least k start-ups' worth of work)."""
    paths = list(paths)
    costs = {path: conversion_cost(path) for path in paths}
    if processes is None:
        processes = process_limit()
    processes = max(1, min(processes, len(paths)))
    while processes > 1 and sum(costs.values()) < processes * STARTUP_COST:  # not worth its start-up
        processes -= 1
    groups, loads = [[] for _ in range(processes)], [0.0] * processes
    for path in sorted(paths, key=lambda p: -costs[p]):  # the largest first, each to the least loaded
        lightest = loads.index(min(loads))
        groups[lightest].append(path)
        loads[lightest] += costs[path]
    order = {path: index for index, path in enumerate(paths)}
    return [sorted(group, key=order.__getitem__) for group in groups if group]


class Conversion:
    """One LibreOffice run converting `paths` to PDF in `outdir`, in the background, with a
    private profile: `wait()` for the PDF of each (raises if LibreOffice fails, leaves one out or
    overruns `timeout` seconds, counted from the start); `stop()` kills it if still running.
    `profile`: a profile folder of the caller's to use (and keep; a used one starts faster), not
    in use by another process; by default a new one, removed afterwards."""

    def __init__(self, paths: list[Path], *, outdir: Path, timeout: float = 600, profile: Path | None = None):
        binary = soffice_path()
        if binary is None:
            raise RuntimeError("LibreOffice is not installed")
        self.paths, self.outdir, self.timeout = [Path(p) for p in paths], Path(outdir), timeout
        self.started = time.monotonic()
        self.profile = None if profile else tempfile.TemporaryDirectory(prefix="lo-profile-",
                                                                         ignore_cleanup_errors=True)
        folder = profile or self.profile.name
        self.log = tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace")  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603 (our own file paths, no shell)
            [binary, f"-env:UserInstallation=file://{folder}", "--headless",
             "--convert-to", "pdf", "--outdir", str(self.outdir), *map(str, self.paths)],
            stdout=subprocess.DEVNULL, stderr=self.log, start_new_session=True)  # its own group: see stop()
        self.found: dict[Path, Path] | None = None

    def wait(self) -> dict[Path, Path]:
        if self.found is not None:
            return self.found
        try:
            returncode = self.process.wait(timeout=max(self.timeout - (time.monotonic() - self.started), 0.1))
        except subprocess.TimeoutExpired:
            self.stop()
            raise
        self.log.seek(0)
        stderr = self.log.read()
        self._close()
        found = {path: self.outdir / f"{path.stem}.pdf" for path in self.paths}
        missing = [path.name for path, pdf in found.items() if not pdf.exists()]
        if returncode != 0 or missing:
            raise RuntimeError(f"LibreOffice failed on {', '.join(missing) or 'the files'}: {stderr[-500:]}")
        self.found = found
        return found

    def stop(self) -> None:
        """Kill the run if still going, with the office process its launcher started."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self._close()

    def _close(self) -> None:
        if not self.log.closed:
            self.log.close()
            if self.profile is not None:
                self.profile.cleanup()


def conversions_start(paths: list[Path], *, outdir: Path, timeout: int = 600, processes: int | None = None,
                      profile: Path | None = None) -> list[Conversion]:
    """Start converting `paths`: one LibreOffice process per group of `conversion_groups` (the
    first with `profile`, if given: see `Conversion`)."""
    runs = []
    try:
        for group in conversion_groups(paths, processes=processes):
            runs.append(Conversion(group, outdir=outdir, timeout=timeout, profile=None if runs else profile))
    except BaseException:
        conversions_stop(runs)
        raise
    return runs


def conversions_wait(runs: list[Conversion]) -> dict[Path, Path]:
    """The PDF of every file of `runs`; if one fails, the others are stopped and it raises."""
    try:
        found = {}
        for run in runs:
            found.update(run.wait())
        return found
    except BaseException:
        conversions_stop(runs)
        raise


def conversions_stop(runs: list[Conversion]) -> None:
    for run in runs:
        run.stop()


def convert_many_to_pdf(paths: list[Path], *, outdir: Path, timeout: int = 600, processes: int | None = None,
                        profile: Path | None = None) -> dict[Path, Path]:
    """Convert several files, each LibreOffice process (see `conversion_groups`) converting its
    share in one run (one start-up) with a private profile; the PDF of each input. Raise if
    LibreOffice fails or leaves one out (the other processes are stopped)."""
    return conversions_wait(conversions_start(paths, outdir=outdir, timeout=timeout, processes=processes,
                                              profile=profile))
