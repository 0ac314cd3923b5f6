"""Mail printed to the console, in development."""

import email.policy

from django.core.mail import EmailMessage
from django.core.mail.backends import console

# Python's default policy keeps lines to 78 characters: a longer line of the body, as a link to
# confirm an address is, goes out quoted-printable, broken with "=" at the end of each piece.
# With the 998 characters a line of mail may have (RFC 5322), the body prints as it was written.
POLICY = email.policy.default.clone(max_line_length=998)


class ConsoleEmailBackend(console.EmailBackend):
    """Django's console backend, printing each line of a message whole, ready to copy."""

    def write_message(self, message: EmailMessage) -> None:
        text = message.message(policy=POLICY).as_bytes().decode()
        self.stream.write(f"{text}\n{'-' * 79}\n")
