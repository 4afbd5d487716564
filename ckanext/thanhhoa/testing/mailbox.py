"""A local SMTP server (aiosmtpd) that keeps what it receives: the
portal's e-mail in tests (a fixture reads the messages) and in development
(`make run` starts it and writes each message to .run/logs/mail.log).
Nothing leaves the machine."""
from __future__ import annotations

import argparse
import contextlib
import email
import email.policy
import sys
import threading
import time
from email.message import EmailMessage
from typing import Iterator


class Mailbox:
    def __init__(self, echo=None):
        self.messages: list[EmailMessage] = []
        self.echo = echo
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
        if self.echo:
            self.echo(message)
        return "250 OK"

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()

    def wait_for(self, count: int = 1, timeout: float = 10) -> list[EmailMessage]:
        """The messages, once at least `count` have arrived (or the timeout)."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return list(self.messages)


@contextlib.contextmanager
def serving(host: str, port: int, echo=None) -> Iterator[Mailbox]:
    from aiosmtpd.controller import Controller

    mailbox = Mailbox(echo)
    controller = Controller(mailbox, hostname=host, port=port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listen", default="127.0.0.1:8025")
    args = parser.parse_args(argv)
    host, _, port = args.listen.rpartition(":")

    def echo(message):
        body = message.get_body(("plain",))
        print(f"--- {message['Date']} to {message['To']}: {message['Subject']}\n"
              f"{body.get_content() if body else ''}", flush=True)

    with serving(host, int(port), echo):
        threading.Event().wait()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
