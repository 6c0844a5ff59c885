import rules
from django.conf import settings


def site(request):
    return {
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
        "nav_register": NAV_REGISTER,
        # Asked of the rules directly: no permission tables are queried.
        "can_read_register": rules.has_perm("partnerships.view_register", request.user),
    }


NAV_REGISTER = [
    ("partnership_list", "Partnerships"),
    ("group_list", "Groups"),
    ("organisation_list", "Organisations"),
    ("person_list", "People"),
]
