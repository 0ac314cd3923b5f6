"""Account pages where allauth's own answer needs a change."""

from allauth.account.views import LoginView as AllauthLoginView
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms import Form
from django.http import HttpResponse


# allauth ships no type information, so mypy sees its view as Any.
class LoginView(AllauthLoginView):  # type: ignore[misc]
    """allauth's log-in page, answering 429 instead of 200 while failed attempts have the
    account locked out (ACCOUNT_RATE_LIMITS' `login_failed`), so that clients, monitors and logs
    see the lock-out for what it is. The page still says why, and when to try again."""

    def form_invalid(self, form: Form) -> HttpResponse:
        response: HttpResponse = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code="too_many_login_attempts"):
            response.status_code = 429
        return response
