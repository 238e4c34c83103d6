"""The demo's in-house standard documents, rendered from the fixture files (no database)."""

import datetime as dt
import io

import pytest
from docx import Document

from qms.demo import standard_texts as texts
from qms.demo.documents import render_standard_docx
from qms.demo.files import read_csv, read_json

from ..docs import docx_all_text, needs_libreoffice, pdf_pages_of


def _entry(code):
    return next(e for e in read_json("standards_in_house.json") if e["code"] == code)


def _render(spec, *, number="Q/XZFW 301.09-2024", variant=None, references=("GB/T 32169.3-2015 政务服务中心运行规范",)):
    text = texts.standard_text(
        spec=spec, org_name="青禾县政务服务中心", prefix="Q/XZFW", number=number,
        published=dt.date(2024, 3, 1), effective=dt.date(2024, 4, 1), references=list(references),
        chapters=texts.numbered_chapters(spec, variant),
        foreword_lines=texts.foreword(org_name="青禾县政务服务中心", drafting_name="青禾县政务服务中心标准化办公室",
                                      drafters="李敏、周文博"),
    )
    return render_standard_docx(text)


def test_standard_document_has_cover_foreword_and_the_numbered_sections():
    data = _render(texts.management(_entry("301-09")))
    text = docx_all_text(data)
    for expected in ("青禾县政务服务中心企业标准", "Q/XZFW 301.09-2024", "2024-03-01 发布", "前言",
                     "本文件主要起草人：李敏、周文博。", "1 范围", "本文件规定了办理事项的时限确定",
                     "2 规范性引用文件", "GB/T 32169.3-2015 政务服务中心运行规范", "3 术语和定义", "3.1 承诺时限",
                     "4 时限确定", "4.1 各进驻部门逐项确定承诺时限，承诺时限原则上压缩至法定时限的40%以内。",
                     "6 预警与责任"):
        assert expected in text, expected
    footer = Document(io.BytesIO(data)).sections[0].footer.paragraphs[0].text
    assert footer.startswith("第 ")


def test_an_earlier_edition_changes_and_leaves_out_clauses():
    spec = texts.management(_entry("301-09"))
    current = dict(clause for _title, clauses in texts.numbered_chapters(spec) for clause in clauses)
    older = dict(clause for _title, clauses in texts.numbered_chapters(spec, spec.earlier) for clause in clauses)
    assert "40%" in current["4.1"] and "60%" in older["4.1"]
    assert "6.1" in current and "6.1" not in older
    assert current["5.1"] == older["5.1"]
    lines = texts.foreword(org_name="青禾县政务服务中心", drafting_name="标准化办公室", drafters="",
                           replaces="Q/XZFW 301.09-2021", replaced_name=spec.name, variant=spec.earlier)
    assert "本文件代替Q/XZFW 301.09-2021《限时办结制》，与Q/XZFW 301.09-2021相比，主要技术变化如下：" in lines
    assert "——增加了6.1的要求（见6.1）；" in lines


def test_a_procedure_standard_states_the_items_basis_materials_and_time_limits():
    departments = {row["code"]: row for row in read_csv("departments.csv")}
    item = next(i for i in read_json("service_items.json") if i["item"] == "建筑工程施工许可证核发")
    spec = texts.service_item(item, departments[item["dept"]])
    text = docx_all_text(_render(spec, number="Q/XZFW 302.29-2024"))
    assert spec.name == "建筑工程施工许可证核发办理规程"
    assert "4.1 办理主体：住房和城乡建设局（进驻中心C区9–11号）。" in text
    assert "《中华人民共和国建筑法》第七条、第八条" in text
    assert "e) 建设资金已落实承诺书。" in text
    assert "法定时限：7个工作日；承诺时限：3个工作日（承诺件）；提速率57%。" in text
    assert spec.exempt_reason


def test_every_reference_in_the_fixtures_names_a_standard_of_the_demo():
    numbers = {row["number"] for row in read_csv("standards_adopted.csv")}
    codes = {e["code"] for e in read_json("standards_in_house.json")} | {p["code"] for p in read_json("posts.json")}
    for entry in read_json("standards_in_house.json"):
        for ref in entry.get("refs", []):
            assert ref in numbers or ref in codes, (entry["code"], ref)
    all_codes = [row["code"] for row in read_csv("standards_adopted.csv")] + sorted(codes) + [
        i["code"] for i in read_json("service_items.json")]
    assert len(all_codes) == len(set(all_codes))


@needs_libreoffice
@pytest.mark.libreoffice
def test_the_document_opens_in_libreoffice_with_cover_foreword_and_body_pages(tmp_path):
    path = tmp_path / "standard.docx"
    path.write_bytes(_render(texts.management(_entry("303-06"))))
    assert pdf_pages_of(path) >= 3


def _parts(data: bytes) -> list[tuple[str, bytes]]:
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(data))
    return [(name, archive.read(name)) for name in archive.namelist()]


def test_paragraphs_copied_from_the_first_of_their_look_write_what_the_helpers_write(monkeypatch):
    """Every part of the document, byte for byte, as when each paragraph is made by the shared
    helpers (a management standard with its foreword of changes, a post's and a procedure's)."""
    from qms.demo import documents

    departments = {row["code"]: row for row in read_csv("departments.csv")}
    item = next(i for i in read_json("service_items.json") if i["item"] == "建筑工程施工许可证核发")
    management = texts.management(_entry("301-09"))
    specs = [(management, None), (management, management.earlier), (texts.post(read_json("posts.json")[0]), None),
             (texts.service_item(item, departments[item["dept"]]), None)]
    documents._LOOKS.clear()
    fast = [_render(spec, variant=variant) for spec, variant in specs]
    assert documents._LOOKS
    with monkeypatch.context() as patch:
        patch.setattr(documents._Writer, "_write", lambda self, look, text, make: make())
        slow = [_render(spec, variant=variant) for spec, variant in specs]
    assert [_parts(data) for data in fast] == [_parts(data) for data in slow]
    assert all(docx_all_text(a) == docx_all_text(b) for a, b in zip(fast, slow, strict=True))
