"""Fixed-layout documents (申请表, 自评报告, 目录, 工作总结) rendered from .docx templates with
docxtpl. Templates may be uploaded by an office, so they render in a sandboxed Jinja
environment with autoescaping on (`<` and `&` in the data reach the document intact) and with
limits on output size and render time (`limits.py`).

`render_fixed(template_bytes, context) -> bytes` is pure: the context holds plain values."""

import datetime as dt
import io

from django.utils.translation import gettext as _
from docx.opc.coreprops import CoreProperties
from docxtpl import DocxTemplate
from jinja2 import TemplateError

from qms.core.documents.clean import office_context
from qms.core.documents.docx_lang import declare_chinese
from qms.core.errors import ApplicationError

from .limits import LimitedEnvironment
from .stable import stable_zip

FIXED_DATE = dt.datetime(2000, 1, 1)


def _environment() -> LimitedEnvironment:
    """A sandbox with output-size and time limits (see `limits`), one per document."""
    env = LimitedEnvironment(autoescape=True)
    env.filters["points"] = lambda v: "" if v is None else str(v)
    return env


def render_fixed(template_bytes: bytes, context: dict, *, as_of: dt.date | None = None) -> bytes:
    """Render a docxtpl template; the document's properties carry `as_of`, so the same data
    gives the same bytes."""
    document = DocxTemplate(io.BytesIO(template_bytes))
    try:
        document.render(office_context(context), jinja_env=_environment(), autoescape=True)
    except TemplateError as exc:  # a template that fails on these data: a refusal the user can act on
        raise ApplicationError(_("文档模板无法用当前数据生成（%(error)s），请修改或停用该模板。") % {"error": exc}) from exc
    stamp_properties(document.docx.core_properties, as_of=as_of)
    declare_chinese(document.docx)
    buffer = io.BytesIO()
    document.save(buffer)
    return stable_zip(buffer.getvalue(), as_of=as_of)


def stamp_properties(props: CoreProperties, *, as_of: dt.date | None, title: str | None = None) -> None:
    when = dt.datetime.combine(as_of, dt.time()) if as_of else FIXED_DATE
    props.created = props.modified = props.last_printed = when
    props.revision = 1
    props.author = props.last_modified_by = "qms"
    if title is not None:
        props.title = title
