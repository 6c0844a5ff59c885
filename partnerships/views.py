from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from partnerships.models import Group, Partnership


def _get_partnership_for_user(request, pk, perm="view"):
    partnership = get_object_or_404(Partnership.objects.for_detail_page(), pk=pk)
    if not request.user.has_perm(f"partnerships.{perm}_partnership", partnership):
        raise PermissionDenied
    return partnership


def _get_group_for_user(request, pk, perm="view"):
    group = get_object_or_404(Group.objects.for_detail_page(), pk=pk)
    if not request.user.has_perm(f"partnerships.{perm}_group", group):
        raise PermissionDenied
    return group


@login_required
def partnership_list(request):
    if not request.user.has_perm("partnerships.view_register"):
        raise PermissionDenied
    partnerships = Partnership.objects.for_list()
    return render(request, "partnerships/partnership_list.html", {"partnerships": partnerships})


@login_required
def partnership_detail(request, pk):
    partnership = _get_partnership_for_user(request, pk)
    return render(
        request,
        "partnerships/partnership_detail.html",
        {
            "partnership": partnership,
            "composition": partnership.statutory_composition(),
            "can_change": request.user.has_perm("partnerships.change_partnership", partnership),
        },
    )


@login_required
def group_detail(request, pk):
    group = _get_group_for_user(request, pk)
    return render(
        request,
        "partnerships/group_detail.html",
        {
            "group": group,
            "can_change": request.user.has_perm("partnerships.change_group", group),
        },
    )
