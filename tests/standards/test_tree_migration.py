import pytest

from qms.core.errors import ApplicationError
from standards import services
from standards.imports import standard_import, standard_import_preview
from standards.models import Standard, SystemNode
from standards.services import tree_templates as tree_service
from standards.system_table.context import system_table_context
from standards.tree_templates import GBT_2009, GBT_2023, TEMPLATES

from .helpers import make_in_force, make_standard
from .workbooks import OFFICE_ROWS, upload, workbook_bytes

pytestmark = pytest.mark.django_db


def test_templates_are_labelled_with_their_source_and_unverified_parts():
    assert set(TEMPLATES) == {"gbt24421.2-2009", "gbt24421.2-2023"}
    assert GBT_2023.source == "GB/T 24421.2-2023" and "默认" in GBT_2023.label
    names = {n.code: n.name for n in GBT_2023.nodes}
    assert [names[c] for c in ("210", "220", "230", "240", "250", "260", "270", "280")] == [
        "环境与能源标准", "安全与应急标准", "职业健康标准", "信息标准", "财务标准", "设施设备及用品标准",
        "人力资源标准", "法务与合同标准"]
    assert names["330"] == "运行管理标准" and GBT_2023.node("330").verified
    assert not GBT_2023.node("310").verified and not GBT_2023.node("101").verified
    assert "废止" in GBT_2009.label


@pytest.fixture
def centre(office_user):
    return {
        "window": make_in_force(office_user, name="窗口服务规范", node="301", code="301-01")[0],
        "quality": make_in_force(office_user, number="Q/XZFW 303.01-2024", name="服务质量监督规范", node="303",
                                 code="303-01")[0],
        "ops": make_in_force(office_user, number="Q/XZFW 304.01-2024", name="运行管理规范", node="304",
                             code="304-01")[0],
        "env": make_standard(office_user, name="环境卫生管理规范", node="201", code="201-01"),
        "energy": make_standard(office_user, name="节能管理规范", node="202", code="202-01"),
        "guide": make_in_force(office_user, number="Q/XZFW 101.01-2024", name="标准化工作导则", node="101",
                               code="101-01")[0],
    }


def test_preview_lists_every_standard_old_and_new_code_and_writes_nothing(centre):
    assert services.tree_template_current() == GBT_2009
    plan = services.tree_migration_preview(target_key=GBT_2023.key)
    codes = {m.old_code: m.new_code for m in plan.standards}
    assert codes == {"101-01": "101-01", "201-01": "210-01", "202-01": "210-02", "301-01": "310-01",
                     "303-01": "330-01", "304-01": "330-02"}
    actions = {m.code: m.action for m in plan.nodes}
    assert actions["210"] == "create" and actions["201"] == "retire" and actions["101"] == "keep"
    assert Standard.objects.get(pk=centre["env"].pk).code == "201-01"
    assert not SystemNode.objects.filter(code="210").exists()


def test_migration_moves_standards_keeps_old_codes_with_history(office_user, centre):
    services.tree_migrate(actor=office_user, target_key=GBT_2023.key)
    window = Standard.objects.get(pk=centre["window"].pk)
    assert (window.code, window.former_code, window.node.code) == ("310-01", "301-01", "310")
    assert window.history.first().history_change_reason == "体系迁移至 GB/T 24421.2-2023"
    assert Standard.objects.get(pk=centre["guide"].pk).former_code == ""  # its node is unchanged
    old = SystemNode.objects.get(code="301")
    assert not old.is_active and old.replaced_by.code == "310"
    assert services.tree_template_current() == GBT_2023
    assert "未核实" in SystemNode.objects.get(code="310").description
    context = system_table_context(organisation="测试中心")
    row = next(r for g in context.groups for r in g.rows if r.values["code"] == "310-01")
    assert "原编号 301-01" in row.values["notes"]
    with_column = system_table_context(organisation="测试中心", columns=["code", "former_code", "name", "notes"])
    row = next(r for g in with_column.groups for r in g.rows if r.values["code"] == "310-01")
    assert row.values["former_code"] == "301-01" and "原编号" not in row.values["notes"]


def test_migration_is_all_or_nothing(office_user, centre, monkeypatch):
    def refuse(**kwargs):
        raise ApplicationError("停用失败")

    monkeypatch.setattr(tree_service, "node_retire", refuse)
    with pytest.raises(ApplicationError):
        services.tree_migrate(actor=office_user, target_key=GBT_2023.key)
    assert Standard.objects.get(pk=centre["window"].pk).code == "301-01"
    assert not SystemNode.objects.filter(code="310").exists()
    assert SystemNode.objects.get(code="301").is_active


def test_a_node_outside_the_mapping_refuses_the_migration(office_user, centre):
    custom = services.node_create(actor=office_user, code="400", name="党建标准体系")
    make_standard(office_user, name="党建工作规范", node="400", code="400-01")
    with pytest.raises(ApplicationError, match="400"):
        services.tree_migration_preview(target_key=GBT_2023.key)
    assert custom.is_active


def test_office_workbook_on_the_2009_codes_still_imports_after_migration(office_user):
    standard_import(actor=office_user, upload=upload(workbook_bytes(OFFICE_ROWS)), filename="明细表.xlsx")
    services.tree_migrate(actor=office_user, target_key=GBT_2023.key)
    plan = standard_import_preview(upload=upload(workbook_bytes(OFFICE_ROWS)))
    assert plan.errors == []
    assert plan.counts["create"] == 0 and plan.counts["update"] == 0
    rows = [list(r) for r in OFFICE_ROWS] + [[7, "302-01", "", "一次性告知规范", "", "", "", "待制定", ""]]
    plan = standard_import_preview(upload=upload(workbook_bytes(rows)))
    created = [r for r in plan.rows if r.action == "create"]
    assert [(r.row.code, r.row.node_code) for r in created] == [("320-01", "320")]
    assert "原编号 302-01" in created[0].row.notes


def test_a_new_centre_installs_the_2023_template_and_not_once_it_holds_standards(office_user):
    nodes = services.tree_template_install(actor=office_user, key=GBT_2023.key)
    assert {n.code for n in nodes} == {n.code for n in GBT_2023.nodes}
    assert set(SystemNode.objects.values_list("code", flat=True)) == {n.code for n in GBT_2023.nodes}
    assert services.tree_template_current() == GBT_2023
    make_standard(office_user, name="窗口服务规范", node="310")
    with pytest.raises(ApplicationError, match="迁移"):
        services.tree_template_install(actor=office_user, key=GBT_2009.key)


def test_tree_page_warns_and_the_template_page_previews_then_migrates(office_client, centre):
    tree = office_client.get("/standards/tree/").content.decode()
    assert 'id="tree-2009-warning"' in tree
    preview = office_client.get("/standards/tree/templates/?preview=gbt24421.2-2023").content.decode()
    assert 'id="migration-preview"' in preview and "210-02" in preview and "202-01" in preview
    assert Standard.objects.get(pk=centre["energy"].pk).code == "202-01"
    office_client.post("/standards/tree/templates/", {"key": "gbt24421.2-2023", "action": "migrate"})
    energy = Standard.objects.get(pk=centre["energy"].pk)
    assert (energy.code, energy.former_code) == ("210-02", "202-01")
    detail = office_client.get(f"/standards/{energy.pk}/").content.decode()
    assert 'id="std-former-code"' in detail and "202-01" in detail
    assert 'id="tree-2009-warning"' not in office_client.get("/standards/tree/").content.decode()


def test_generated_procedures_find_their_node_on_the_2023_tree(office_user, centre):
    from standards.selectors.standards import node_current

    assert node_current("302").code == "302"
    services.tree_migrate(actor=office_user, target_key=GBT_2023.key)
    assert node_current("302").code == "320"
