from django.db import migrations


def load(apps, schema_editor):
    from scrutiny.library import install

    install(apps.get_model("scrutiny", "PastReview"), apps.get_model("scrutiny", "PastReviewTheme"))


class Migration(migrations.Migration):
    dependencies = [("scrutiny", "0009_past_reviews_and_review_kinds")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
