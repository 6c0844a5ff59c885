"""The demo's agreements registers from data/agreements.yaml: get-or-create only, so
a second run finds everything in place and changes nothing. Each agreement and each
party is noted with the source its record names."""

from agreements.models import Agreement, Party
from demo import facts
from partnerships.models import Group, Organisation, Partnership


def _text(value):
    return " ".join(str(value or "").split())


def load_agreements():
    for row in facts.read("agreements"):
        partnership = Partnership.objects.get(name=row["partnership"])
        agreement, created = Agreement.objects.get_or_create(
            partnership=partnership,
            title=row["title"],
            defaults={
                "kind": row["kind"],
                "purpose": _text(row["purpose"]),
                "lawful_basis": row["lawful_basis"],
                "special_condition": _text(row.get("special_condition")),
                "starts": row["starts"],
                "review_due": row["review_due"],
                "ends": row.get("ends"),
                "notes": _text(row.get("notes")),
            },
        )
        if created and row.get("groups"):
            agreement.groups.set(
                Group.objects.filter(partnership=partnership, name__in=row["groups"])
            )
        facts.note(agreement, row["source"])
        for part in row.get("parties", []):
            party, _ = Party.objects.get_or_create(
                agreement=agreement,
                organisation=Organisation.objects.get(name=part["organisation"]),
                defaults={
                    "signatory_name": part.get("signatory", ""),
                    "signatory_job_title": part.get("job_title", ""),
                    "signed_on": part.get("signed_on"),
                },
            )
            facts.note(party, part["source"])
