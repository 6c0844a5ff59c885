from django.db import migrations


def load(apps, schema_editor):
    from scrutiny.bank import install

    install(apps.get_model("scrutiny", "ScopingQuestion"), apps.get_model("scrutiny", "HealthCheck"))


class Migration(migrations.Migration):
    dependencies = [("scrutiny", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
