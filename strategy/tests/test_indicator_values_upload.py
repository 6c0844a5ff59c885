"""Loading indicator values from a spreadsheet: a workbook loads as CSV does, and a
file too long to read is refused before it is parsed."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from config.tests.workbooks import long_workbook, workbook
from strategy.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db


def _post(client, partnership, name, data):
    url = f"/partnerships/{partnership.pk}/indicator-values/"
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def test_it_loads_values_from_a_workbook(client, officer, partnership):
    Indicator.objects.create(partnership=partnership, name="Burglary")
    client.force_login(officer)
    data = workbook(
        [
            ["indicator", "period", "area", "value"],
            ["Burglary", "2025-Q3", None, 3],
            ["Burglary", "2025-Q4", "North", 1240.5],
        ]
    )
    response = _post(client, partnership, "values.xlsx", data)
    assert response.status_code == 302
    assert sorted(IndicatorValue.objects.values_list("period", "area", "value")) == [
        ("2025-Q3", "", Decimal(3)),
        ("2025-Q4", "North", Decimal("1240.5")),
    ]


def test_it_refuses_a_workbook_of_200000_rows_and_saves_nothing(client, officer, partnership):
    Indicator.objects.create(partnership=partnership, name="Burglary")
    client.force_login(officer)
    response = _post(client, partnership, "values.xlsx", long_workbook())
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 problem found: nothing was saved" in html
    assert "the file has more than 20,000 rows: at most 20,000 can be read at once" in html
    assert not IndicatorValue.objects.exists()


def test_it_refuses_a_csv_file_of_too_many_rows(client, officer, partnership, settings):
    settings.SPREADSHEET_MAX_ROWS = 10
    Indicator.objects.create(partnership=partnership, name="Burglary")
    client.force_login(officer)
    rows = b"indicator,period,area,value\n" + b"Burglary,2025-Q3,,3\n" * 10
    html = _post(client, partnership, "values.csv", rows).content.decode()
    assert "the file has more than 10 rows" in html
    assert not IndicatorValue.objects.exists()
