"""``planner friends [add NAME FILE | remove NAME]``: a colleague's agenda beside the attendee's own."""

from __future__ import annotations

import argparse
from typing import Any

from planner.cli.contract import EXIT_OK
from planner.cli.output import print_json
from planner.cli.parser import Failure


def run(args: argparse.Namespace, library: Any) -> int:
    if getattr(args, "friends_action", None) is not None:
        return _change(args, library)
    known = library.friends()
    if args.json:
        print_json({"friends": [_friend_json(f) for f in known]})
    elif not known:
        print("no friends yet: 'planner friends add NAME FILE' reads a friend's exported agenda (.ics)")
    else:
        for f in known:
            print(f"{f.name}: {f.picks} talk{'s' if f.picks != 1 else ''}, {f.found} in your library  ({f.source})")
    return EXIT_OK


def _change(args: argparse.Namespace, library: Any) -> int:
    """``friends add`` and ``friends remove``."""
    # Lazy: the friends service (and, to add, the calendar reader) only to add or remove
    # a friend; listing them needs the library alone.
    from planner.services import friends

    action = args.friends_action
    try:
        if action == "add":
            added = friends.add_friend(library, args.name, args.file)
            if args.json:
                print_json({**_friend_json(added.friend), "replaced": added.replaced is not None,
                            "not_found": list(added.missing)})
            else:
                print(added.summary())
                for title in added.missing[:5]:
                    print(f"  not in your library: {title}")
                if len(added.missing) > 5:
                    print(f"  and {len(added.missing) - 5} more")
            return EXIT_OK
        if action == "remove":
            name = friends.remove_friend(library, args.name)
            if args.json:  # given before the action or after it, as for add
                print_json({"removed": name})
            else:
                print(f"removed {name}")
            return EXIT_OK
    except friends.FriendError as exc:
        raise Failure(str(exc)) from None
    raise AssertionError(f"friends {action}: not a friends action")  # the parser allows only these


def _friend_json(friend: Any) -> dict[str, Any]:
    return {"name": friend.name, "source": friend.source, "added_at": friend.added_at,
            "picks": friend.picks, "found": friend.found}
