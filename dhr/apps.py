from django.apps import AppConfig


class DhrConfig(AppConfig):
    name = "dhr"
    verbose_name = "Domestic homicide reviews"
