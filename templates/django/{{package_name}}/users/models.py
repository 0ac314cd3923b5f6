from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """The project's own user model, in place from the first migration so it can grow later."""

    class Meta(AbstractUser.Meta):
        constraints = (
            # One account per email, which people log in with; accounts made without one (a
            # superuser from the command line) may share the empty string.
            models.UniqueConstraint(
                fields=["email"], condition=~models.Q(email=""), name="users_user_email_unique"
            ),
        )

    def clean(self) -> None:
        super().clean()
        # People log in with their email, whatever its case: store it as allauth does, lowercased,
        # also when the admin's forms save it (Django itself lowercases only the domain).
        self.email = self.email.lower()
