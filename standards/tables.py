import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Standard


class StandardTable(tables.Table):
    code = tables.Column(verbose_name=_("体系表编号"), linkify=("standard-detail", {"pk": tables.A("pk")}))
    number = tables.Column(verbose_name=_("标准编号"))
    name = tables.Column(verbose_name=_("标准名称"), linkify=("standard-detail", {"pk": tables.A("pk")}))
    node = tables.Column(verbose_name=_("体系节点"), accessor="node__code", order_by=("node__order", "node__code"))
    level = tables.Column(verbose_name=_("级别"))
    origin = tables.Column(verbose_name=_("来源"))
    status = tables.TemplateColumn(template_name="standards/_status_badge.html", verbose_name=_("状态"))
    in_force_effective_on = tables.DateColumn(verbose_name=_("实施日期"), format="Y-m-d")
    responsible_department = tables.Column(verbose_name=_("归口部门"))

    class Meta:
        model = Standard
        fields = ("code", "number", "name", "node", "level", "origin", "status", "in_force_effective_on",
                  "responsible_department")
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("没有符合条件的标准。")
