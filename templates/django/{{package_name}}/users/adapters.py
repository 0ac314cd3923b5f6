"""How allauth treats this site's accounts (ACCOUNT_ADAPTER)."""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


# allauth ships no type information, so mypy sees its adapter as Any.
class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def get_client_ip(self, request: HttpRequest) -> str:
        """The client's address, which allauth's rate limits count by.

        Gunicorn on nginx's unix socket (deploy/) sees no address of its own: there it is the
        X-Real-IP header nginx sets (never one the client sent). A client that reaches Gunicorn
        over TCP has its own address, and the header it may send is ignored.
        """
        address = request.META.get("REMOTE_ADDR") or request.headers.get("X-Real-IP")
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return str(address)
