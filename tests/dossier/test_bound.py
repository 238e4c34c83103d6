"""The bound dossier (汇编成册): one PDF with the 目录 and every document, a bookmark per document,
page numbers running on; the 目录 and the 标准汇编's own 目录 carry the real pages."""

import io
import re

import pytest
from docx import Document
from pypdf import PdfReader

from qms.dossier import services
from qms.dossier.models import Dossier

from ..docs import docx_all_text, needs_libreoffice
from .helpers import BOOK, centre, job_bytes, zip_members
from .test_final import figures_on_target, ready

pytestmark = [pytest.mark.django_db, pytest.mark.libreoffice]


@needs_libreoffice
def test_final_dossier_is_bound_with_bookmarks_and_real_page_numbers(office_user, manager_user, monkeypatch):
    assessment = ready(manager_user, centre(office_user, manager_user))
    figures_on_target(monkeypatch)
    dossier = services.dossier_request(actor=manager_user, assessment=assessment, kind=Dossier.Kind.FINAL,
                                       queue=False)
    job = services.dossier_build(dossier_id=dossier.pk)
    assert job.status == "done", job.error
    files = zip_members(job_bytes(dossier))
    bound_name = list(files)[-1]
    assert bound_name.endswith("_汇编成册.pdf")
    reader = PdfReader(io.BytesIO(files[bound_name]))
    marks = {item.title: reader.get_destination_page_number(item) + 1 for item in reader.outline}
    documents = [name for name in files if name != bound_name and not name.startswith("00_")]
    assert list(marks)[0] == "目录" and len(marks) == len(documents) + 1
    index = Document(io.BytesIO(files["00_目录.docx"])).tables[0]
    pages = {row.cells[3].text: int(row.cells[4].text) for row in index.rows[1:]}
    assert list(pages) == documents
    assert sorted(pages.values()) == list(pages.values()) and set(pages.values()) <= set(marks.values())
    assert marks["标准汇编.docx"] == pages[next(n for n in documents if n.endswith("标准汇编.docx"))]
    last = reader.pages[-1].extract_text()
    assert f"- {len(reader.pages)} -" in last  # the running page number
    book = docx_all_text(files[next(n for n in documents if n.endswith("标准汇编.docx"))])
    numbered = [line for line in book.splitlines() if re.match(r"^Q/XZFW .+\t\d+$", line)]
    assert len(numbered) == len(BOOK)
    dossier.refresh_from_db()
    assert dossier.snapshot["bound"]["pdf"] is True and dossier.snapshot["bound"]["reason"] == ""


def test_without_libreoffice_the_zip_holds_office_files_and_says_why(office_user, manager_user, monkeypatch,
                                                                    client):
    monkeypatch.setattr("qms.dossier.bound.soffice_path", lambda: None)
    centre(office_user, manager_user)
    dossier = services.dossier_request(actor=manager_user, queue=False)
    assert services.dossier_build(dossier_id=dossier.pk).status == "done"
    files = zip_members(job_bytes(dossier))
    assert not any(name.endswith(".pdf") for name in files)
    dossier.refresh_from_db()
    assert "未安装 LibreOffice" in dossier.snapshot["bound"]["reason"]
    client.force_login(manager_user)
    assert "未安装 LibreOffice" in client.get(f"/dossiers/{dossier.pk}/").content.decode()
