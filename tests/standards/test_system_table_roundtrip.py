"""Acceptance: export -> import into an empty database -> export gives the same detail rows;
the generated files open in LibreOffice; the web export runs in a real Celery worker."""

import importlib
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import load_workbook

from qms.core.jobs import job_create
from qms.core.models import GeneratedFile
from standards.imports import standard_import
from standards.models import ChangeRequest, Standard
from standards.system_table import COLUMNS, system_table_build

from ..docs import needs_libreoffice, pdf_pages_of
from .centre import build_centre

ALL_COLUMNS = [c.key for c in COLUMNS]


def detail_rows(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data))["标准明细表"].iter_rows(min_row=3, values_only=True))


def docx_detail(data: bytes) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in Document(io.BytesIO(data)).tables[1].rows]


def empty_the_database():
    ChangeRequest.objects.all().delete()
    Standard.objects.all().delete()  # editions and status changes go with them
    assert not Standard.objects.exists()


def round_trip(actor, columns=None):
    _name, first = system_table_build(fmt="xlsx", columns=columns)
    _name, first_docx = system_table_build(fmt="docx", columns=columns)
    empty_the_database()
    plan = standard_import(actor=actor, upload=SimpleUploadedFile("体系表.xlsx", first), filename="体系表.xlsx")
    assert plan.errors == [] and plan.count("create") == len([r for r in detail_rows(first) if r[1]]) - 1
    _name, second = system_table_build(fmt="xlsx", columns=columns)
    _name, second_docx = system_table_build(fmt="docx", columns=columns)
    assert detail_rows(second) == detail_rows(first)
    assert docx_detail(second_docx) == docx_detail(first_docx)
    again = standard_import(actor=actor, upload=SimpleUploadedFile("体系表.xlsx", second), filename="体系表.xlsx")
    assert again.count("create") == again.count("update") == 0


@pytest.mark.django_db
def test_round_trip_of_the_centre_gives_identical_detail_rows(office_user):
    build_centre(office_user)
    round_trip(office_user)


@pytest.mark.django_db
def test_round_trip_with_every_column(office_user):
    centre = build_centre(office_user)
    from standards import services

    services.standard_update(actor=office_user, standard=centre["301-01"],
                             expected_version=Standard.objects.get(code="301-01").version,
                             intl_relation="ISO 9001:2015, MOD")
    round_trip(office_user, columns=ALL_COLUMNS)


@pytest.mark.django_db
def test_round_trip_of_the_demo_centre(office_user):
    for loader in ("qms.demo.org", "qms.demo.standards"):
        importlib.import_module(loader).load(io.StringIO())
    assert Standard.objects.count() > 100
    round_trip(office_user)


@needs_libreoffice
@pytest.mark.libreoffice
@pytest.mark.django_db
def test_generated_files_convert_to_pdf_with_sane_page_counts(office_user, tmp_path):
    build_centre(office_user)
    for fmt, low, high in (("xlsx", 4, 8), ("docx", 5, 9)):
        name, data = system_table_build(fmt=fmt)
        path = tmp_path / f"table.{fmt}"
        path.write_bytes(data)
        pages = pdf_pages_of(path)
        assert low <= pages <= high, (name, pages)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_export_job_runs_in_a_real_celery_worker(celery_redis_worker, office_user):
    from standards.tasks import system_table_export_task

    build_centre(office_user)
    job = job_create(kind="system_table", params={"format": "xlsx", "node": "300", "as_of": "",
                                                  "columns": ["code", "name"]}, actor=office_user)
    system_table_export_task.delay(str(job.pk))
    deadline = time.monotonic() + 60
    while job.status in (GeneratedFile.Status.QUEUED, GeneratedFile.Status.RUNNING) and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.status == GeneratedFile.Status.DONE, job.error
    rows = detail_rows(job.file.read())
    assert rows[0] == ("标准体系表编号", "标准名称") and ("301-01", "政务服务中心运行规范 第1部分：基本要求") in rows
