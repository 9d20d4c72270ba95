from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from qicommons.core.demo import DEMO_ADMIN, DEMO_PASSWORD, DEMO_PEOPLE, load_demo
from qicommons.partnerships.models import Partnership


class Command(BaseCommand):
    help = "Load the demo partnerships, people and data (development only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if any partnership exists"
        )

    def handle(self, *args, if_empty=False, **options):
        if not settings.DEBUG:
            raise CommandError("The demo has public passwords: it loads only when DEBUG is on.")
        if Partnership.objects.exists():
            if if_empty:
                self.stdout.write("Demo not loaded: the database already has partnerships.")
                return
            raise CommandError("The database already has partnerships; use an empty one.")
        load_demo()
        self.stdout.write(self.style.SUCCESS("Demo loaded. Sign in with any of:"))
        for email, _name, slug, role, _programme in DEMO_PEOPLE:
            what = f"{role}, {slug}" if slug else "programme staff"
            self.stdout.write(f"  {email:34} {what:26} ({DEMO_PASSWORD})")
        self.stdout.write(f"  {DEMO_ADMIN[0]:34} {'Django admin (superuser)':26} ({DEMO_PASSWORD})")
