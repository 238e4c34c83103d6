import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from standards import services
from standards.models import ExternalState, Level, Origin
from standards.references import parse_references
from standards.selectors import reference_problems

from ..docs import docx_bytes
from .helpers import DOCX_CT, make_in_force

# Clause 2 of GB/T 30226-2013 (服务业标准体系编写指南) as text extraction gives it: the 2009
# lead sentence, numbers written without a space, undated references.
GBT_30226 = """服务业标准体系编写指南
1 范围
本标准规定了服务业标准体系编写的基本要求，以及编写准备、体系编写阶段的具体要求。
2 规范性引用文件
下列文件对于本文件的应用是必不可少的。凡是注日期的引用文件,仅注日期的版本适用于本文件。凡是不注日期的引用文件,其最新版本(包括所有的修改单)适用于本文件。
GB/T13016 标准体系表编制原则和要求
GB/T24620 服务标准制定导则 考虑消费者需求
3 术语和定义
下列术语和定义适用于本文件。"""

# A PDF extraction of a 2020-style clause: no line breaks, em dashes, a bracketed ISO number,
# an all-parts reference, and the centre's own number.
ONE_LINE = ("1 范围 本文件规定了政务服务中心窗口服务的要求。 2 规范性引用文件 下列文件中的内容通过文中的规范性引用而构成本文件"
            "必不可少的条款。其中，注日期的引用文件，仅该日期对应的版本适用于本文件；不注日期的引用文件，其最新版本（包括所有"
            "的修改单）适用于本文件。 GB/T 19001—2016 质量管理体系 要求（ISO 9001:2015，IDT） GB/T 24421.2—2009 服务业"
            "组织标准化工作指南 第2部分：标准体系 GB/T 24421（所有部分） 服务业组织标准化工作指南 Q/XZFW 301.02-2024 首问"
            "负责制 3 术语和定义 下列术语和定义适用于本文件。")


def test_undated_references_of_a_real_2013_standard_are_read():
    refs = parse_references(GBT_30226)
    assert [(r.number, r.title, r.dated) for r in refs] == [
        ("GB/T 13016", "标准体系表编制原则和要求", False), ("GB/T 24620", "服务标准制定导则 考虑消费者需求", False)]


def test_dated_undated_and_own_references_in_a_one_line_extraction():
    refs = parse_references(ONE_LINE)
    assert [(r.number, r.dated) for r in refs] == [
        ("GB/T 19001-2016", True), ("GB/T 24421.2-2009", True), ("GB/T 24421", False), ("Q/XZFW 301.02-2024", True)]
    assert refs[0].title == "质量管理体系 要求（ISO 9001:2015，IDT）"
    assert refs[1].title == "服务业组织标准化工作指南 第2部分：标准体系" and refs[1].base == "GB/T24421.2"


def test_no_references_sentence_and_missing_clause_give_nothing():
    assert parse_references("2 规范性引用文件\n本文件没有规范性引用文件。\n3 术语和定义\n") == []
    assert parse_references("1 范围\n本文件规定了……\n4 要求") == []


def _upload(references):
    data = docx_bytes({"1 范围": ["本文件规定了窗口服务的要求。"],
                       "2 规范性引用文件": ["下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。其中，注日期的引用"
                                     "文件，仅该日期对应的版本适用于本文件；不注日期的引用文件，其最新版本（包括所有的修改单）"
                                     "适用于本文件。", *references],
                       "3 术语和定义": ["本文件没有需要界定的术语和定义。"]}, title="窗口服务规范")
    return SimpleUploadedFile("std.docx", data, content_type=DOCX_CT)


@pytest.fixture
def citing(office_user):
    """An adopted standard found replaced, an in-house standard revised, one withdrawn, and a
    standard citing all of them plus a Q/ number that does not exist."""
    adopted, _e = make_in_force(office_user, number="GB/T 24421.2-2009", name="标准体系", node="101",
                                origin=Origin.ADOPTED, level=Level.NATIONAL)
    services.adopted_status_set(actor=office_user, standard=adopted, state=ExternalState.REPLACED,
                                replaced_by="GB/T 24421.2-2023", source="平台查询")
    first_ask, old = make_in_force(office_user, number="Q/XZFW 301.02-2023", name="首问负责制", code="301-02")
    new = services.edition_create(actor=office_user, standard=first_ask, number="Q/XZFW 301.02-2025")
    services.edition_publish(actor=office_user, edition=new, exempt_reason="测试")
    gone, gone_edition = make_in_force(office_user, number="Q/XZFW 301.03-2024", name="AB岗制度", code="301-03")
    services.edition_withdraw(actor=office_user, edition=gone_edition, reason="并入岗位规范")
    window = services.standard_create(actor=office_user, name="窗口服务规范", level=Level.ENTERPRISE,
                                      origin=Origin.IN_HOUSE, node=adopted.node.__class__.objects.get(code="301"))
    edition = services.edition_create(actor=office_user, standard=window, number="Q/XZFW 301.01-2026", upload=_upload([
        "GB/T 24421.2-2009 服务业组织标准化工作指南 第2部分：标准体系", "Q/XZFW 301.02-2023 首问负责制",
        "Q/XZFW 301.03 AB岗制度", "Q/XZFW 309.01 不存在的标准", "GB/T 19001-2016 质量管理体系 要求"]))
    return {"window": window, "edition": edition, "first_ask": first_ask}


def test_references_are_stored_with_the_edition_from_its_document(citing):
    stored = list(citing["edition"].references.values_list("number", "dated"))
    assert stored == [("GB/T 24421.2-2009", True), ("Q/XZFW 301.02-2023", True), ("Q/XZFW 301.03", False),
                      ("Q/XZFW 309.01", False), ("GB/T 19001-2016", True)]


def test_problems_name_each_bad_reference(citing):
    problems = {p.reference.number: (p.kind, p.message) for p in reference_problems()}
    assert problems == {
        "GB/T 24421.2-2009": ("obsolete", "GB/T 24421.2-2009 已废止，由 GB/T 24421.2-2023 代替"),
        "Q/XZFW 301.02-2023": ("superseded", "注日期引用的 Q/XZFW 301.02-2023 已被 Q/XZFW 301.02-2025 代替。"),
        "Q/XZFW 301.03": ("not_held", "Q/XZFW 301.03 已废止（已撤出本中心标准体系），不能再引用。"),
        "Q/XZFW 309.01": ("not_held", "本中心没有编号为 Q/XZFW 309.01 的标准。"),
    }


def test_pages_and_command_show_the_same_list(citing, office_client, capsys):
    page = office_client.get(reverse("reference-check")).content.decode()
    assert page.count('class="reference-problem"') == 4
    detail = office_client.get(reverse("standard-detail", args=[citing["window"].pk])).content.decode()
    assert detail.count("reference-flag") == 4
    cited = office_client.get(reverse("standard-detail", args=[citing["first_ask"].pk])).content.decode()
    assert 'id="citing-old"' in cited and "Q/XZFW 301.01-2026" in cited
    call_command("check_references", "--json")
    rows = json.loads(capsys.readouterr().out)
    assert {r["reference"] for r in rows} == {"GB/T 24421.2-2009", "Q/XZFW 301.02-2023", "Q/XZFW 301.03",
                                              "Q/XZFW 309.01"}
