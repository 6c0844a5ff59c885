"""Domestic homicide reviews are kept through their own pages, which only the officers
who support the partnership and its board's chair may read (dhr/rules.py): none is
registered in the admin, whose users are not entitled to them."""
