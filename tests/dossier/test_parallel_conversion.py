"""Parallel LibreOffice conversion (qms.core.documents.office) and the bound dossier's pipeline
(the 标准汇编 converting while the other documents render): every file converted once, a failure
in any process reported, and the Office files still delivered, the 标准汇编 without the
placeholder page numbers it was converted with."""

import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from qms.core.documents import office
from qms.dossier import services
from qms.dossier.bound import PLACEHOLDER_PAGE
from qms.dossier.models import Dossier

from ..docs import docx_all_text, docx_bytes, needs_libreoffice
from .helpers import centre, job_bytes, zip_members
from .test_final import figures_on_target, ready


def _files(folder: Path, sizes: dict[str, int]) -> list[Path]:
    paths = []
    for name, lines in sizes.items():
        path = folder / name
        path.write_bytes(docx_bytes({"正文": [f"第 {i} 行：窗口工作人员按标准办理。" for i in range(lines)]}))
        paths.append(path)
    return paths


def test_groups_share_every_file_once_balanced_by_expected_cost(tmp_path, monkeypatch):
    monkeypatch.setattr(office, "STARTUP_COST", 0.0)  # small files: as if worth two processes
    paths = _files(tmp_path, {"big.docx": 3000, "mid.docx": 1500, "small1.docx": 700, "small2.docx": 700})
    groups = office.conversion_groups(paths, processes=2)
    assert sorted(p for group in groups for p in group) == sorted(paths) and len(groups) == 2
    big = next(group for group in groups if paths[0] in group)
    assert big == [paths[0]]  # the largest alone; the others together, in their given order
    assert next(group for group in groups if group is not big) == paths[1:]
    assert office.conversion_groups(paths, processes=1) == [paths]


def test_small_work_is_not_worth_a_second_process(tmp_path):
    paths = _files(tmp_path, {"a.docx": 5, "b.docx": 5})
    assert office.conversion_groups(paths, processes=2) == [paths]


@pytest.mark.libreoffice
@needs_libreoffice
def test_parallel_processes_convert_every_file(tmp_path, monkeypatch):
    monkeypatch.setattr(office, "STARTUP_COST", 0.0)  # small files: force two processes
    paths = _files(tmp_path, {"a.docx": 40, "b.docx": 20, "c.docx": 10})
    started = []
    real = office.Conversion

    def spy(group, **kwargs):
        started.append(group)
        return real(group, **kwargs)

    monkeypatch.setattr(office, "Conversion", spy)
    pdfs = office.convert_many_to_pdf(paths, outdir=tmp_path, processes=2)
    assert len(started) == 2 and sorted(p for group in started for p in group) == sorted(paths)
    assert set(pdfs) == set(paths) and all(pdf.exists() and pdf.stat().st_size > 0 for pdf in pdfs.values())


@pytest.mark.libreoffice
@needs_libreoffice
def test_a_failure_in_one_process_is_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(office, "STARTUP_COST", 0.0)
    paths = _files(tmp_path, {"a.docx": 40, "b.docx": 10})
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a document")
    groups = office.conversion_groups([*paths, broken], processes=2)
    assert len(groups) == 2 and not any(broken in group and paths[0] in group for group in groups)
    with pytest.raises(RuntimeError, match="broken.docx"):
        office.convert_many_to_pdf([*paths, broken], outdir=tmp_path, processes=2)


def _failing_call(monkeypatch, failing: int):
    """`conversions_start` in the bound dossier fails at its `failing`-th call (1: the 标准汇编
    started early; 2: the other files)."""
    from qms.dossier import bound

    calls, real = [], bound.conversions_start

    def start(paths, **kwargs):
        calls.append(paths)
        if len(calls) == failing:
            raise RuntimeError("LibreOffice crashed")
        return real(paths, **kwargs)

    monkeypatch.setattr(bound, "conversions_start", start)
    return calls


@pytest.mark.django_db
@pytest.mark.libreoffice
@needs_libreoffice
@pytest.mark.parametrize("failing", [1, 2])
def test_libreoffice_failure_still_delivers_the_office_files_with_the_reason(
        office_user, manager_user, monkeypatch, failing):
    assessment = ready(manager_user, centre(office_user, manager_user))
    figures_on_target(monkeypatch)
    calls = _failing_call(monkeypatch, failing)
    dossier = services.dossier_request(actor=manager_user, assessment=assessment, kind=Dossier.Kind.FINAL,
                                       queue=False)
    job = services.dossier_build(dossier_id=dossier.pk)
    assert job.status == "done", job.error
    assert len(calls) == failing and any(str(p).endswith("book.docx") for p in calls[0])  # the book went first
    files = zip_members(job_bytes(dossier))
    assert not any(name.endswith(".pdf") for name in files)
    book = docx_all_text(files[next(name for name in files if name.endswith("标准汇编.docx"))])
    assert "Q/XZFW 101.01-2024" in book and PLACEHOLDER_PAGE not in book
    dossier.refresh_from_db()
    assert dossier.snapshot["bound"]["pdf"] is False
    assert "LibreOffice crashed" in dossier.snapshot["bound"]["reason"]


def test_a_conversion_that_overruns_is_killed(tmp_path, monkeypatch):
    real = subprocess.Popen
    monkeypatch.setattr(office, "soffice_path", lambda: "/bin/sleep")
    monkeypatch.setattr(office.subprocess, "Popen", lambda args, **kwargs: real(["/bin/sleep", "30"], **kwargs))
    run = office.Conversion([tmp_path / "a.docx"], outdir=tmp_path, timeout=0.5)
    with pytest.raises(subprocess.TimeoutExpired):
        run.wait()
    assert run.process.poll() is not None


def _bound_build(manager_user, assessment):
    dossier = services.dossier_request(actor=manager_user, assessment=assessment, kind=Dossier.Kind.FINAL,
                                       queue=False)
    job = services.dossier_build(dossier_id=dossier.pk)
    assert job.status == "done", job.error
    dossier.refresh_from_db()
    files = zip_members(job_bytes(dossier))
    pdf = PdfReader(io.BytesIO(files.pop(next(name for name in files if name.endswith(".pdf")))))
    marks = [(item.title, pdf.get_destination_page_number(item)) for item in pdf.outline]
    return files, len(pdf.pages), marks, dossier.snapshot["bound"]


@pytest.mark.django_db
@pytest.mark.libreoffice
@needs_libreoffice
def test_the_pipelined_build_binds_what_one_process_binds(office_user, manager_user, monkeypatch):
    """Early batches (every file worth one: EARLY_BATCH 0) and the book started first give the same
    Office files, pages, bookmarks and first pages as one LibreOffice process after every file."""
    from qms.dossier import bound

    assessment = ready(manager_user, centre(office_user, manager_user))
    figures_on_target(monkeypatch)
    started = []
    real = office.Conversion
    monkeypatch.setattr(office, "Conversion", lambda group, **kwargs: started.append(group) or real(group, **kwargs))
    monkeypatch.setattr(bound, "process_limit", lambda: 1)
    serial = _bound_build(manager_user, assessment)
    assert len(started) == 2  # every file in one run, then the 目录 and the book's front matter
    started.clear()
    monkeypatch.setattr(bound, "process_limit", lambda: 2)
    monkeypatch.setattr(bound, "EARLY_BATCH", 0.0)
    pipelined = _bound_build(manager_user, assessment)
    assert len(started) == 4 and len(started[1]) == 1  # the book; the first file; the rest; the second run
    assert pipelined == serial
