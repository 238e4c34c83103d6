"""Every document type the system generates, built from the demo centre, prints legibly on A4:
LibreOffice converts each file to PDF and no word is drawn over another or outside its page.
The files also declare Simplified Chinese and name Chinese faces, and use no emoji.

The demo loads once for this module inside a transaction rolled back at the end; the files are
converted in one LibreOffice run. The LibreOffice checks do not depend on the database: the
Makefile's PostgreSQL run skips them (QMS_SKIP_LIBREOFFICE=1, see tests/conftest.py)."""

import io
import re
import zipfile

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from openpyxl import load_workbook

from .. import printcheck, printdocs

EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F]")


@pytest.fixture(scope="module")
def documents(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("print-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield printdocs.every_document()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def faults(documents, tmp_path_factory):
    """{file name: its print faults}, from one LibreOffice conversion of every file."""
    folder = tmp_path_factory.mktemp("print")
    paths = []
    for name, data in documents.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    pdfs = printcheck.convert_all(paths, folder)
    return {name: printcheck.print_faults(pdf) if pdf.exists() else ["LibreOffice made no PDF"]
            for name, pdf in pdfs.items()}


def _parts(data: bytes, suffix: str) -> str:
    """The parts a program reads language and faces from (a theme lists a face per script, by design)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    return "".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                   if n.endswith(suffix) and "/theme/" not in n)


@pytest.mark.django_db
def test_every_document_type_is_built_from_the_demo(documents):
    assert set(documents) == set(printdocs.DOCUMENT_TYPES)
    assert all(len(data) > 2000 for data in documents.values())


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in printdocs.DOCUMENT_TYPES if n.endswith(".docx")])
def test_word_documents_declare_simplified_chinese_and_chinese_faces(documents, name):
    xml = _parts(documents[name], ".xml")
    assert 'w:eastAsia="zh-CN"' in xml
    assert "ja-JP" not in xml and "ＭＳ 明朝" not in xml
    assert 'w:eastAsia="宋体"' in xml or 'w:eastAsia="仿宋"' in xml or 'w:eastAsia="黑体"' in xml
    assert not EMOJI.search(xml)


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in printdocs.DOCUMENT_TYPES if n.endswith(".xlsx")])
def test_workbooks_name_chinese_faces_and_repeat_their_header(documents, name):
    workbook = load_workbook(io.BytesIO(documents[name]))
    fonts = {cell.font.name for ws in workbook for row in ws.iter_rows(max_row=12) for cell in row if cell.value}
    assert fonts <= {"宋体", "黑体", "仿宋"}, fonts
    assert all(str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 for ws in workbook)
    tables = [ws for ws in workbook if ws.print_title_rows]
    assert tables, "no sheet repeats a header row"
    assert not EMOJI.search(_parts(documents[name], ".xml"))


@pytest.mark.django_db
def test_fills_stay_on_header_and_group_cells_of_the_system_table(documents):
    sheet = load_workbook(io.BytesIO(documents["标准体系表.xlsx"]))["标准明细表"]
    filled = {cell.row for row in sheet.iter_rows(min_row=4) for cell in row
              if cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb.endswith("D9D9D9")}
    assert filled == set()


@pytest.mark.django_db
@pytest.mark.libreoffice
@pytest.mark.skipif(bool(printcheck.needs_print_tools()), reason=printcheck.needs_print_tools() or "ready")
@pytest.mark.parametrize("name", printdocs.DOCUMENT_TYPES)
def test_document_prints_without_overlapping_or_clipped_words(faults, name):
    assert faults[name] == [], "\n".join(faults[name][:10])


@pytest.mark.libreoffice
@pytest.mark.skipif(bool(printcheck.needs_print_tools()), reason=printcheck.needs_print_tools() or "ready")
def test_the_check_finds_text_running_over_the_row_below(tmp_path):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = "备注：" + "本条说明文字较长，超出单元格高度后会压在下一行上。" * 4
    sheet["A1"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A2"] = "下一行的文字"
    sheet.column_dimensions["A"].width = 12
    sheet.row_dimensions[1].height = 15
    path = tmp_path / "overflow.xlsx"
    workbook.save(path)
    pdf = printcheck.convert_all([path], tmp_path)["overflow.xlsx"]
    assert any("overlap" in fault for fault in printcheck.print_faults(pdf))


@pytest.mark.django_db
def test_demo_departments_offer_items_that_belong_to_them_under_distinct_titles(documents):
    from standards.catalog.models import ServiceItem
    from standards.models import Standard

    def names(department):
        return " ".join(ServiceItem.objects.filter(department__name=department).values_list("name", flat=True))

    assert "驾驶证" in names("公安局（交警车管）") and "身份证" not in names("公安局（交警车管）")
    assert "护照" in names("公安局（出入境）") and "驾驶证" not in names("公安局（出入境）")
    assert "身份证" in names("公安局（户政）")
    assert "燃气" in names("燃气公司（公用事业）")
    assert "用水" not in names("燃气公司（公用事业）") and "用电" not in names("燃气公司（公用事业）")
    titles = list(ServiceItem.objects.filter(parent=None).values_list("name", flat=True))
    assert len(titles) == len(set(titles))
    assert not Standard.objects.filter(name__contains="办理办理").exists()
