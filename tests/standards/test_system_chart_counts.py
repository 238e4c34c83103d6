"""The structure chart's counts under each sub-system: a three-digit pair ("150/150") does not fit
the narrow column on one line, so it breaks after the slash, never inside a number."""

from types import SimpleNamespace

from qms.core.documents.docx import new_document
from standards.documents.system_table_docx import _chart


def _node(code, name, existing, expected, children=()):
    return SimpleNamespace(code=code, name=name, existing=existing, expected=expected, children=list(children))


def test_long_counts_break_after_the_slash():
    children = [_node(f"3{i}0", "服务提供规范", 150 if i == 2 else 18, 150 if i == 2 else 21) for i in range(1, 5)]
    context = SimpleNamespace(organisation="青禾县政务服务中心",
                              chart=[_node("300", "服务提供标准体系", 0, 0, children)])
    document = new_document()
    _chart(document, context)
    counts = [cell.text for cell in document.tables[0].rows[3].cells]
    assert counts == ["18/21", "150/\n150", "18/21", "18/21"]
