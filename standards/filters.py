import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from qms.org.models import Department

from .models import Level, Origin, Standard, StandardStatus, SystemNode
from .selectors import node_subtree_ids, standard_search


def _node_choices():
    return [(n.code, f"{n.code} {n.name}") for n in SystemNode.objects.filter(is_active=True).order_by("order", "code")]


class StandardFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": _("编号、名称或正文中的词")}))
    node = django_filters.ChoiceFilter(label=_("体系节点"), choices=_node_choices, method="filter_node")
    level = django_filters.ChoiceFilter(label=_("级别"), choices=Level.choices)
    origin = django_filters.ChoiceFilter(label=_("来源"), choices=Origin.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=StandardStatus.choices)
    department = django_filters.ModelChoiceFilter(
        label=_("部门"), queryset=Department.objects.filter(is_active=True), method="filter_department"
    )

    class Meta:
        model = Standard
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        return standard_search(queryset, value)

    def filter_node(self, queryset, name, value):
        return queryset.filter(node_id__in=node_subtree_ids(value))

    def filter_department(self, queryset, name, value):
        applies = Standard.applicable_departments.through.objects.filter(
            standard_id=OuterRef("pk"), department=value
        )
        return queryset.filter(Q(responsible_department=value) | Exists(applies))

