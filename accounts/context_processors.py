import rules
from django.conf import settings

from accounts.two_factor import owes_code


def site(request):
    return {
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
        "nav_register": NAV_REGISTER,
        # Asked of the rules directly: no permission tables are queried.
        "can_read_register": rules.has_perm("partnerships.view_register", request.user),
        # False while a code is still owed: the menu and account links are hidden.
        "signed_in_fully": request.user.is_authenticated and not owes_code(request),
    }


NAV_REGISTER = [
    ("partnership_list", "Partnerships"),
    ("group_list", "Groups"),
    ("organisation_list", "Organisations"),
    ("person_list", "People"),
]
