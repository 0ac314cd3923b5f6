from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """The project's own user model, in place from the first migration so it can grow later."""

    def clean(self) -> None:
        super().clean()
        # People log in with their email, whatever its case: store it as allauth does, lowercased,
        # also when the admin's forms save it (Django itself lowercases only the domain).
        self.email = self.email.lower()
