"""Who may see and change the money: readers see it all (funding holds no exempt
items); officers change the money of the partnerships they support."""

import rules

from partnerships.rules import is_admin, is_officer, is_reader, supports_partnership

rules.add_perm("funding.view_funding", is_reader)
rules.add_perm("funding.change_funding", is_admin | supports_partnership)
rules.add_perm("funding.change_streams", is_admin | is_officer)
