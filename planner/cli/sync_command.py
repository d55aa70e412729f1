"""``planner sync setup URL`` and ``planner sync``: My agenda on the user's calendar server.

The password is the command line's business, never the library's: the desktop keyring
(service "planner-caldav"), else PLANNER_CALDAV_PASSWORD (for machines without a
keyring, and scripts), else a prompt when a person is at the terminal. Setup stores the
password it was given in the keyring when there is one.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from planner.cli.contract import EXIT_OK
from planner.cli.output import print_json
from planner.cli.parser import Failure

PASSWORD_VARIABLE = "PLANNER_CALDAV_PASSWORD"


def run(args: argparse.Namespace, library: Any) -> int:
    # Lazy: caldav and its HTTP library load only when syncing.
    from planner.services import syncing

    try:
        if getattr(args, "sync_action", None) == "setup":
            return _setup(args, library, syncing)
        acct = syncing.account(library)
        if acct is None:
            raise Failure("no calendar server set up: run 'planner sync setup URL' first")
        result = syncing.sync(library, password=_password(acct.user, acct.url))
    except syncing.SyncError as exc:
        raise Failure(str(exc)) from None
    if args.json:
        print_json(result.as_json())
    else:
        print(result.summary())
    return EXIT_OK


def _setup(args: argparse.Namespace, library: Any, syncing: Any) -> int:
    user = args.user or getpass.getuser()
    syncing.check_url(args.url, insecure_http=args.insecure_http)  # before asking for a password
    from_keyring = syncing.keyring_password(user)
    password = from_keyring or _password(user, args.url, keyring_checked=True)
    acct = syncing.setup(library, args.url, user, args.calendar, password=password,
                         alarm_minutes=_alarm(args, syncing.account(library)), insecure_http=args.insecure_http)
    print(f"syncing My agenda to the calendar {acct.calendar!r} at {acct.url} as {user}")
    if from_keyring is None and not syncing.keep_password(user, password):
        print(f"planner: no keyring to keep the password in: set {PASSWORD_VARIABLE}, or type it at each sync",
              file=sys.stderr)
    return EXIT_OK


def _alarm(args: argparse.Namespace, earlier: Any) -> int | None:
    """The reminder to set up with: --alarm's, none with --no-alarm, else the one kept before.

    Setting up again (a new password, another server) is not a wish to lose the reminder.
    """
    if args.no_alarm:
        return None
    if args.alarm is not None:
        return int(args.alarm)
    return earlier.alarm_minutes if earlier is not None else None


def _password(user: str, url: str, *, keyring_checked: bool = False) -> str:
    from planner.services.syncing import keyring_password  # lazy, as in run()

    found = None if keyring_checked else keyring_password(user)
    if found is None:
        found = os.environ.get(PASSWORD_VARIABLE) or None
    if found is None and sys.stdin.isatty():
        found = getpass.getpass(f"password for {user} at {url}: ")
    if not found:
        raise Failure(f"no password for {user} at {url}: none in the keyring and {PASSWORD_VARIABLE} is not set")
    return found
