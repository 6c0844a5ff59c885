"""How each record reads in the API. Read only: nothing here saves.

Amounts of money are whole pence (`..._pence`). An empty web address or email
address is null, not an empty string. Related records are given as a small
object with their id and name, so a list needs no second request to be read.
"""
