import pytest

from qms.core.errors import ApplicationError, PermissionRefused
from standards.catalog import services
from standards.catalog.models import CaseKind, ItemType, ServiceItem
from standards.catalog.textforms import (
    format_material,
    format_step,
    parse_basis,
    parse_fees,
    parse_limit,
    parse_material,
    parse_step,
    split_list,
)

from .helpers import make_item

pytestmark = pytest.mark.django_db


def test_promised_limit_may_not_exceed_statutory(office_user, departments):
    with pytest.raises(ApplicationError) as refusal:
        make_item(office_user, departments["market"], statutory_limit=10, promised_limit=12)
    assert refusal.value.field == "promised_limit"
    assert "不能超过法定时限" in refusal.value.message
    assert not ServiceItem.objects.exists()


def test_steps_may_not_add_up_past_promised_limit(office_user, departments):
    steps = [{"name": "受理", "time_limit": 1}, {"name": "审查", "time_limit": 2}]
    with pytest.raises(ApplicationError) as refusal:
        make_item(office_user, departments["market"], promised_limit=2, steps=steps)
    assert refusal.value.field == "steps" and "合计 3 个工作日" in refusal.value.message


def test_licence_needs_a_legal_basis(office_user, departments):
    with pytest.raises(ApplicationError) as refusal:
        make_item(office_user, departments["market"], bases=[])
    assert refusal.value.field == "bases"
    public = make_item(office_user, departments["market"], name="政策咨询", item_type=ItemType.PUBLIC_SERVICE,
                       bases=[])
    assert public.pk


def test_immediate_case_has_promised_limit_of_zero_or_one_day(office_user, departments):
    with pytest.raises(ApplicationError) as refusal:
        make_item(office_user, departments["market"], case_kind=CaseKind.IMMEDIATE, promised_limit=3)
    assert refusal.value.field == "promised_limit" and "即办件" in refusal.value.message
    ok = make_item(office_user, departments["market"], case_kind=CaseKind.IMMEDIATE, promised_limit=1,
                   steps=[{"name": "受理并办结", "time_limit": 1}])
    assert ok.case_kind == CaseKind.IMMEDIATE


def test_adding_a_step_that_breaks_the_promise_is_refused(office_user, departments):
    item = make_item(office_user, departments["market"])  # steps add up to 2 of 3 days
    with pytest.raises(ApplicationError) as refusal:
        services.item_part_add(actor=office_user, item=item, part="steps", name="公示", time_limit=2)
    assert refusal.value.field == "steps"
    assert item.steps.count() == 3


def test_removing_a_licences_last_basis_is_refused(office_user, departments):
    item = make_item(office_user, departments["market"], bases=[{"name": "中华人民共和国行政许可法", "article": ""}])
    with pytest.raises(ApplicationError):
        services.item_part_remove(actor=office_user, part_obj=item.bases.get())
    assert item.bases.count() == 1


def test_lowering_the_statutory_limit_below_the_promise_is_refused(office_user, departments):
    item = make_item(office_user, departments["market"])
    with pytest.raises(ApplicationError) as refusal:
        services.item_update(actor=office_user, item=item, expected_version=item.version, statutory_limit=2)
    assert refusal.value.field == "promised_limit"
    item.refresh_from_db()
    assert item.statutory_limit == 15


def test_department_head_edits_own_department_only(office_user, head_user, staff_user, departments):
    own = make_item(head_user, departments["market"])
    assert own.history.first().history_user == head_user
    with pytest.raises(PermissionRefused):
        make_item(head_user, departments["tax"], name="税务登记")
    with pytest.raises(PermissionRefused):
        make_item(staff_user, departments["tax"], name="税务登记")


def test_item_changes_keep_history_with_reason(office_user, departments):
    item = make_item(office_user, departments["market"])
    services.item_update(actor=office_user, item=item, expected_version=item.version, promised_limit=2,
                         reason="压缩承诺时限")
    record = item.history.first()
    assert record.history_change_reason == "压缩承诺时限" and record.history_user == office_user
    assert item.materials.first().history.exists()


@pytest.mark.parametrize(("text", "days"), [
    ("20个工作日", 20), ("１５日", 15), ("即办", 0), ("当场办结", 0), (7, 7), (3.0, 3), ("二十个工作日", 20),
    ("无", None), ("", None), ("30天（不含公示时间）", 30),
])
def test_limits_are_read_as_offices_write_them(text, days):
    assert parse_limit(text) == days


def test_unreadable_limit_is_an_error():
    with pytest.raises(ValueError):
        parse_limit("尽快")


def test_lists_split_by_lines_semicolons_numbers_and_arrows():
    assert split_list("1.身份证；2.户口簿\n3、结婚证") == ["身份证", "户口簿", "结婚证"]
    assert split_list("（1）申请书;(2)章程") == ["申请书", "章程"]
    assert split_list("1.受理 2.审查 3.决定") == ["受理", "审查", "决定"]
    assert split_list("受理→审查->决定", arrows=True) == ["受理", "审查", "决定"]


def test_material_and_step_text_round_trip():
    material = parse_material("身份证（原件及复印件，2份，申请人自备，视情形提交：委托办理时）")
    assert (material["form"], material["copies"], material["required"], material["condition"]) == (
        "both", 2, False, "委托办理时")
    assert parse_material(format_material(material)) == material
    assert parse_material("营业执照（副本）")["name"] == "营业执照（副本）"
    step = parse_step("审查（审核岗，3个工作日）：审查材料（原件）的真实性")
    assert step == {"name": "审查", "description": "审查材料（原件）的真实性", "responsible": "审核岗", "time_limit": 3}
    assert parse_step(format_step(step)) == step


def test_bases_and_fees_are_parsed():
    assert parse_basis("《中华人民共和国行政许可法》第二十九条") == {"name": "中华人民共和国行政许可法", "article": "第二十九条"}
    assert parse_fees("不收费", "") == []
    fees = parse_fees("工本费：每证10元\n证书费：20元", "《行政事业性收费标准》")
    assert [f["basis"] for f in fees] == ["《行政事业性收费标准》"] * 2


def test_procedure_title_never_doubles_a_word():
    from standards.catalog.rules import procedure_title

    assert procedure_title("用水报装") == "用水报装办理规程"
    assert procedure_title("护照加急办理") == "护照加急办理规程"
