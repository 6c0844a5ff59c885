"""The page helpers every app's views share: the permission check, a page of a
list, the data of a POST, the page of a form, and `edit_page`, which saves a form
the one way every edit saves (validate, refuse a stale edit, save in a
transaction, say so, redirect)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst

from config import stale_edits

PAGE_SIZE = 50


def require(request, perm, obj=None):
    """403 unless the user has `perm` (on `obj`, by the rules of its app)."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def posted(request):
    """The form data of a POST (even an empty one), or none for a GET."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def paginate(request, queryset, size=PAGE_SIZE, count=None):
    """The page of `queryset` the `page` parameter asks for (the last for one past it).
    `count`: how many rows the queryset holds, when the caller has counted them already."""
    paginator = Paginator(queryset, size)
    if count is not None:
        paginator.count = count  # a cached property: set, it is not counted again
    return paginator.get_page(request.GET.get("page"))


def form_page(request, form, *, title, caption="", back, multipart=False):
    """The page of a form; 409 when its save was refused because someone else
    changed the record meanwhile, or the form did not say which version it was
    edited from."""
    return render(
        request,
        "form.html",
        {"form": form, "title": title, "caption": caption, "back": back, "multipart": multipart},
        status=409 if getattr(form, "refused", False) else 200,
    )


def safe_next(request):
    """The `next` address, if it is on this site; otherwise an empty string."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def saved_message(saved):
    """'Grant “Street pastors” saved.': the kind of record and its name."""
    meta = getattr(saved, "_meta", None)
    if meta is None:
        return "Saved."
    return f"{capfirst(meta.verbose_name)} “{saved}” saved."


def done(request, message, target):
    """Say `message` on the next page and redirect to `target` (a URL or a record)."""
    messages.success(request, message)
    return redirect(target)


def edit_page(
    request,
    form,
    *,
    title,
    save=None,
    back,
    caption="",
    multipart=False,
    message=None,
    then=None,
):
    """Validate a posted form, then save it through `save(form)` (by default
    `form.save()`) in a transaction with its record locked, say `message` and
    redirect to `then` (by default what the save returned); `message` may be a
    function of the saved form, and by default names what was saved. An edit is refused, and the form shown again with a 409, when
    someone else changed the record since the form was loaded (config/stale_edits.py);
    a ValidationError raised while saving (a budget with no room left) is shown on
    the form. A GET, or a form with errors, shows the form page."""
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                stale_edits.check(form)
                saved = form.save() if save is None else save(form)
        except stale_edits.StaleEdit as refused:
            stale_edits.refuse(form, refused)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            text = message(form) if callable(message) else message or saved_message(saved)
            return done(request, text, saved if then is None else then)
    return form_page(request, form, title=title, caption=caption, back=back, multipart=multipart)
