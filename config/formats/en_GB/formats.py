"""One date style in the interface, as the GOV.UK style guide writes dates:
4 December 2026, and 4 December 2026, 14:30 with a time. Short forms stay for
charts' axes only, which set their own."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j F Y"
SHORT_DATETIME_FORMAT = "j F Y, H:i"
