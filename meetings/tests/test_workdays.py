import datetime

from meetings.workdays import add_working_days, bank_holidays


def test_it_knows_the_english_bank_holidays():
    assert bank_holidays(2026) == {
        datetime.date(2026, 1, 1),
        datetime.date(2026, 4, 3),
        datetime.date(2026, 4, 6),
        datetime.date(2026, 5, 4),
        datetime.date(2026, 5, 25),
        datetime.date(2026, 8, 31),
        datetime.date(2026, 12, 25),
        datetime.date(2026, 12, 28),
    }
    assert datetime.date(2022, 6, 3) in bank_holidays(2022)  # the Platinum Jubilee
    assert datetime.date(2021, 12, 27) in bank_holidays(2021) and datetime.date(
        2021, 12, 28
    ) in bank_holidays(2021)


def test_it_counts_working_days_over_weekends_and_holidays():
    # Thursday 2 April 2026 + 3 working days: Good Friday and Easter Monday are skipped.
    assert add_working_days(datetime.date(2026, 4, 2), 3) == datetime.date(2026, 4, 9)
    assert add_working_days(datetime.date(2026, 11, 20), 10) == datetime.date(2026, 12, 4)
