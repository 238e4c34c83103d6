"""The demo's documents rendered ahead in a second process: the same bytes as rendered in the
loader's own process, and an item changed since it was given is rendered again, not taken."""

import os

from qms.demo.rendering import Ahead


def _render(item: str) -> bytes:
    return f"{item}@{os.getpid()}".encode()


def test_items_given_ahead_come_from_the_worker_and_others_are_rendered_here():
    here = os.getpid()
    with Ahead(_render, {"a": "第一项", "b": "第二项"}) as ahead:
        first = ahead.get("a", "第一项")
        changed = ahead.get("b", "第二项（已改）")
        missing = ahead.get("c", "第三项")
    assert first.decode().split("@")[0] == "第一项"
    if (os.cpu_count() or 1) >= 2:
        assert first != f"第一项@{here}".encode()  # made by the worker
    assert changed == f"第二项（已改）@{here}".encode() and missing == f"第三项@{here}".encode()


def test_the_demo_documents_are_the_same_rendered_ahead_or_here():
    import io

    from docx import Document

    from qms.demo.documents import StandardText, render_standard_docx

    text = StandardText(org_name="青禾县政务服务中心", prefix="Q/XZFW", number="Q/XZFW 301.01-2024", name="窗口服务规范",
                        published_on="2024-01-01", effective_on="2024-02-01", scope="窗口服务的要求",
                        applies="中心各窗口", chapters=[("服务要求", [("4.1", "首问负责。")])])
    with Ahead(render_standard_docx, {"x": text}) as ahead:
        ahead_bytes = ahead.get("x", text)
    words = [p.text for p in Document(io.BytesIO(ahead_bytes)).paragraphs]
    here = [p.text for p in Document(io.BytesIO(render_standard_docx(text))).paragraphs]
    assert words == here and "4.1 首问负责。" in words
