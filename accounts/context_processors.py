from django.conf import settings


def site(request):
    return {"council_name": settings.COUNCIL_NAME, "service_name": settings.SERVICE_NAME}
