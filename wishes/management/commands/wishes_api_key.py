"""``manage.py wishes_api_key "<channel>"`` issues an Open311 API key and prints its secret once;
``--revoke <prefix>`` revokes the keys whose secret starts with that prefix."""

from django.core.management.base import BaseCommand, CommandError

from wishes.models import ApiKey
from wishes.services.keys import api_key_issue, api_key_revoke


class Command(BaseCommand):
    help = "Issues (or revokes) an Open311 API key for a channel."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="the channel, e.g. 微信小程序")
        parser.add_argument("--revoke", metavar="PREFIX", help="revoke the keys with this prefix")

    def handle(self, *args, name=None, revoke=None, **options):
        if revoke:
            keys = list(ApiKey.objects.filter(prefix=revoke[:8], revoked_at__isnull=True))
            if not keys:
                raise CommandError("no valid key has this prefix")
            for key in keys:
                api_key_revoke(key=key)
            self.stdout.write(f"revoked {len(keys)} key(s)")
            return
        if not name:
            raise CommandError("name the channel the key is for")
        key, secret = api_key_issue(name=name)
        self.stdout.write(f"{key.name}: {secret}")
