"""The fetches every area's pages share, each through the access door."""

from django.http import Http404

from qicommons.partnerships.access import Access, get_object_for_user

from ..models import Audit, AuditCycle


def _audit(request, slug, pk, action=Access.VIEW) -> Audit:
    return get_object_for_user(
        request.user,
        Audit.objects.select_related("partnership", "organisation", "lead"),
        action,
        pk=pk,
        partnership__slug=slug,
    )


def _cycle(request, slug, pk, cycle_pk, action=Access.VIEW) -> AuditCycle:
    return get_object_for_user(
        request.user,
        AuditCycle.objects.select_related("audit__partnership", "audit__organisation"),
        action,
        pk=cycle_pk,
        audit_id=pk,
        audit__partnership__slug=slug,
    )


def _organisation(partnership, org_pk):
    organisation = partnership.organisations.filter(pk=org_pk).first()
    if organisation is None:
        raise Http404
    return organisation
