"""Forms of the system table: export parameters and the import upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SystemNode
from .system_table import COLUMNS, DEFAULT_COLUMNS, FORMATS


def node_choices():
    """Active nodes in tree order, indented by depth."""
    nodes = list(SystemNode.objects.filter(is_active=True).order_by("order", "code"))
    children: dict[int | None, list[SystemNode]] = {}
    ids = {n.pk for n in nodes}
    for node in nodes:
        children.setdefault(node.parent_id if node.parent_id in ids else None, []).append(node)
    choices = [("", _("全部体系"))]

    def walk(parent, depth):
        for node in children.get(parent, []):
            choices.append((node.code, "\u3000" * depth + f"{node.code} {node.name}"))
            walk(node.pk, depth + 1)

    walk(None, 0)
    return choices


class SystemTableExportForm(forms.Form):
    format = forms.ChoiceField(label=_("格式"), choices=[(k, k) for k in FORMATS])
    node = forms.ChoiceField(label=_("范围"), required=False)
    as_of = forms.DateField(label=_("时点（留空为当前）"), required=False,
                            widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}))
    columns = forms.MultipleChoiceField(label=_("明细表的列"), choices=[(c.key, c.label) for c in COLUMNS],
                                        initial=list(DEFAULT_COLUMNS), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].choices = node_choices()
        self.fields["node"].widget.attrs["class"] = "form-select form-select-sm"


class StandardImportForm(forms.Form):
    file = forms.FileField(label=_("标准明细表（.xlsx）"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}))
