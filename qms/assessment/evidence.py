"""The kinds of record a score may cite as evidence. A kind is offered only when its model is
installed (trainings, checks and audits arrive with their own apps)."""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class EvidenceKind:
    key: str
    label: str
    model: str  # "app_label.ModelName"
    lookups: tuple[str, ...] = ()  # exact-match fields tried before the id
    url_name: str = ""

    def model_class(self):
        try:
            return apps.get_model(self.model)
        except LookupError:
            return None


KINDS = [
    EvidenceKind("standard", "标准", "standards.Standard", ("code", "number"), "standard-detail"),
    EvidenceKind("training", "培训记录", "standards.TrainingSession"),
    EvidenceKind("check", "实施检查", "standards.ImplementationCheck"),
    EvidenceKind("audit", "内审", "audits.Audit", ("number",)),
    EvidenceKind("nonconformity", "不符合项", "audits.Nonconformity", ("number",)),
]


def evidence_kinds() -> list[EvidenceKind]:
    return [kind for kind in KINDS if kind.model_class() is not None]


def evidence_kind(key: str) -> EvidenceKind | None:
    return next((k for k in evidence_kinds() if k.key == key), None)


def evidence_find(kind: EvidenceKind, reference: str):
    """The record of `kind` named by `reference` (a code, a number, or an id), or None."""
    model = kind.model_class()
    reference = reference.strip()
    names = {f.name for f in model._meta.get_fields()}
    query = Q()
    for field in kind.lookups:
        if field in names:
            query |= Q(**{field: reference})
    if reference.isdigit():
        query |= Q(pk=int(reference))
    if not query:
        return None
    return model.objects.filter(query).order_by("-pk").first()


def evidence_url(kind: EvidenceKind, obj) -> str:
    if hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    if kind.url_name:
        try:
            return reverse(kind.url_name, args=[obj.pk])
        except NoReverseMatch:
            return ""
    return ""
