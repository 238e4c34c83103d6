"""Conditions on edition moves that read other records (consultations, the edition in force).

Small functions, each raising TransitionRefused with what is missing, so the workflow
declaration can name them as guards. They import only models (below editions.py)."""

from django.utils.translation import gettext as _

from qms.core.errors import TransitionRefused

from ..models import Comment, Edition, EditionStatus


def comments_taken_in(edition: Edition) -> None:
    """Every comment disposed 采纳 or 部分采纳 names the clause changed in the text (which
    must appear in it), or says why no change was needed."""
    taken = Comment.objects.filter(consultation__edition=edition, no_objection=False,
                                   disposition__in=(Comment.Disposition.ACCEPTED, Comment.Disposition.PARTLY))
    missing = [c.seq for c in taken if not c.changed_clause.strip() and not c.no_change_reason.strip()]
    if missing:
        raise TransitionRefused(
            _("采纳或部分采纳的意见（序号 %(s)s）还没有注明修订稿中改动的章条，或说明无需修改的理由。")
            % {"s": "、".join(str(s) for s in missing)})
    text = edition.text or ""
    absent = [c for c in taken if c.changed_clause.strip() and text and c.changed_clause.strip() not in text]
    if absent:
        raise TransitionRefused(_("意见 %(s)s 所注的章条在修订稿文本中找不到：%(c)s。") % {
            "s": "、".join(str(c.seq) for c in absent), "c": "、".join(c.changed_clause for c in absent)})


def _in_force_before(edition: Edition) -> Edition | None:
    return (Edition.objects.filter(standard_id=edition.standard_id, status=EditionStatus.IN_FORCE)
            .exclude(pk=edition.pk).order_by().first())  # one at most


def revision_text_changed(edition: Edition) -> None:
    """A revision's text differs from the edition in force (review and approval are refused
    for an unchanged text)."""
    current = _in_force_before(edition)
    if current is None:
        return
    same_file = edition.document_sha256 and edition.document_sha256 == current.document_sha256
    same_text = (edition.text or "").strip() and (edition.text or "").strip() == (current.text or "").strip()
    if same_file or same_text:
        raise TransitionRefused(_("修订稿 %(n)s 的文本与现行版本 %(c)s 完全相同，请先上传修改后的文本。")
                                % {"n": edition.number, "c": current.number})


def revision_warnings(edition: Edition) -> list[str]:
    """Warnings (not refusals) for a revision: the text still carries the old edition's number."""
    current = _in_force_before(edition)
    if current is None or not current.number or current.number == edition.number:
        return []
    lines = [line for line in (edition.text or "").splitlines() if current.number in line and "代替" not in line]
    if lines:
        return [_("修订稿文本中仍有 %(n)d 处出现旧版本编号 %(c)s（“代替”说明除外），如：%(l)s")
                % {"n": len(lines), "c": current.number, "l": lines[0][:60]}]
    return []
