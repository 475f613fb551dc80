from django.core.management.base import BaseCommand

from config.login import unlock


class Command(BaseCommand):
    help = "Clear the failed sign-in lock on an editor's account."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        unlock(username)
        self.stdout.write(f"Sign-in unlocked for {username}.")
