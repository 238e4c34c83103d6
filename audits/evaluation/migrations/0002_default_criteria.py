"""The default scorecard criteria (weights total 100). Offices change them on the criteria page."""

from decimal import Decimal

from django.db import migrations

DEFAULT = [
    # code, name, source, weight, deduction, description
    ("discipline", "服务纪律", "manual", 20, 0, "着装、用语、在岗在位、廉洁纪律；每发现一次违纪扣 5 分"),
    ("attendance", "考勤", "manual", 15, 0, "迟到早退每次扣 2 分，无故缺勤每次扣 10 分"),
    ("satisfaction", "群众满意度", "satisfaction", 25, 5, "满意率低于目标值，每低 1 个百分点扣 5 分"),
    ("on_time", "按时办结", "on_time", 15, 2, "按时办结率每低 1 个百分点扣 2 分"),
    ("complaints", "投诉", "complaints", 15, 20, "每件属实投诉扣 20 分"),
    ("inspection", "现场检查", "manual", 10, 0, "标准执行现场检查，每项不符合扣 5 分"),
]


def add_defaults(apps, schema_editor):
    Criterion = apps.get_model("evaluation", "ScoreCriterion")
    for order, (code, name, source, weight, deduction, description) in enumerate(DEFAULT, start=1):
        Criterion.objects.get_or_create(code=code, defaults={
            "name": name, "source": source, "weight": Decimal(weight), "deduction": Decimal(deduction),
            "description": description, "order": order})


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
