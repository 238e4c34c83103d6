"""Install the default standard-system tree of GB/T 24421.2-2009 (codes 100/200/300).

GB/T 24421.2-2009 was replaced by the 2023 edition; most centres' existing tables still use
these codes, so they are the default. Offices may add, rename, move or retire nodes."""

from django.db import migrations

SOURCE = "GB/T 24421.2-2009"
TREE = [
    ("100", "服务通用基础标准体系", None, [
        ("101", "标准化导则"), ("102", "术语与缩略语标准"), ("103", "符号与标志标准"),
        ("104", "数值与数据标准"), ("105", "量和单位标准"), ("106", "测量标准"),
    ]),
    ("200", "服务保障标准体系", None, [
        ("201", "环境标准"), ("202", "能源标准"), ("203", "安全与应急标准"), ("204", "职业健康标准"),
        ("205", "信息标准"), ("206", "财务管理标准"), ("207", "设施设备及用品标准"),
        ("208", "人力资源标准"), ("209", "合同管理标准"),
    ]),
    ("300", "服务提供标准体系", None, [
        ("301", "服务规范"), ("302", "服务提供规范"), ("303", "服务质量控制规范"),
        ("304", "运行管理规范"), ("305", "服务评价与改进标准"),
    ]),
]


def install(apps, schema_editor):
    SystemNode = apps.get_model("standards", "SystemNode")
    HistoricalSystemNode = apps.get_model("standards", "HistoricalSystemNode")
    from django.utils import timezone

    now = timezone.now()
    for order, (code, name, _parent, children) in enumerate(TREE, start=1):
        root, created = SystemNode.objects.get_or_create(
            code=code, defaults={"name": name, "order": order * 100, "source": SOURCE}
        )
        nodes = [(root, created)]
        for child_order, (child_code, child_name) in enumerate(children, start=1):
            child, child_created = SystemNode.objects.get_or_create(
                code=child_code,
                defaults={"name": child_name, "parent": root, "order": order * 100 + child_order, "source": SOURCE},
            )
            nodes.append((child, child_created))
        for node, was_created in nodes:
            if was_created:
                HistoricalSystemNode.objects.create(
                    id=node.pk, code=node.code, name=node.name, parent_id=node.parent_id, order=node.order,
                    description=node.description, source=node.source, is_active=True, history_date=now,
                    history_type="+", history_change_reason=f"默认体系（{SOURCE}）",
                )


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
