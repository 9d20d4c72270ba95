"""Finish a rotation of CASE_REFERENCE_SECRET: wrap every case-reference key under the
new secret, after which the old one can leave CASE_REFERENCE_SECRET_FALLBACKS."""

from django.core.management.base import BaseCommand
from django.db import transaction

from qicommons.audits.models import PartnershipSecret


class Command(BaseCommand):
    help = "Wrap every partnership's case-reference key under the current secret."

    def handle(self, *args, **options):
        with transaction.atomic():
            rows = list(PartnershipSecret.objects.select_for_update())
            changed = sum(row.rewrap() for row in rows)
        self.stdout.write(f"{changed} of {len(rows)} keys rewrapped under the current secret.")
