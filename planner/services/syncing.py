"""My agenda on the user's own calendar server (CalDAV), so the phone's calendar follows.

Each starred talk becomes one calendar object, built by the same code as the .ics export
(planner.export.ics) with the same UID, SEQUENCE and cancellation rules
(planner.export.revisions). The library remembers, per event, what the last sync sent (its
record, a hash of the object, the server's ETag), so a sync with nothing changed writes
nothing, and every write is conditional on that ETag. If the user edited or deleted the
event on the server since (HTTP 412), theirs stands and is reported, remembered as theirs
(``edited``) so a later note, tier or reminder change does not overwrite it quietly; only a
change to the talk's time, room or status (cancelled, removed) goes out over it, since an
attendee must not miss that, and the sync says so (``replaced``, ``restored``).

Each object lives at a URL made from its UID, so writing it twice is harmless: a sync
killed half-way (after a PUT, before the library remembered it) is repaired by the next,
which writes to the same place instead of adding a duplicate. The state is saved after
every write for the same reason.

Only events this module created are touched (the ids it recorded). The password is never
stored here: the caller (the command line, the window) gets it from the keyring.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from planner.domain.exports import ExportRecord
from planner.domain.model import Event
from planner.domain.status import UpdateFlag
from planner.export import ics, revisions
from planner.store import Library
from planner.text.readable import event_summary

ACCOUNT_KEY = "caldav.account"  # meta: where to sync (never the password)
STATE_KEY = "caldav.events"  # meta: event id -> what the last sync left on the server
KEYRING_SERVICE = "planner-caldav"
DEFAULT_CALENDAR = "Planner"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
TIMEOUT_SECONDS = 30
EDITED_THERE = "edited"  # a state item's "edited": the server holds the user's edit of it, kept
DELETED_THERE = "deleted"  # ... or the user deleted it there, and it stays off


PASSWORD_VARIABLE = "PLANNER_CALDAV_PASSWORD"  # for machines without a keyring, and scripts


class SyncError(Exception):
    """The sync could not be done (no account, server unreachable, refused); the message is one line."""


@dataclass(frozen=True, slots=True)
class Account:
    url: str  # what the user gave
    user: str
    calendar: str  # its display name
    calendar_url: str  # the collection the events go to
    alarm_minutes: int | None = None
    insecure_http: bool = False  # plain http to another machine, because the user said so


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What one sync did, and the titles of the talks whose server copy the user changed:

    ``kept``: edited on the server and left so (this change to the talk is not its time,
    room or status); ``left_off``: deleted on the server and not put back, for the same
    reason; ``replaced``: edited there, but the talk moved or is off, so Planner's copy
    replaced the edit; ``restored``: deleted there, and put back for that reason.
    """

    added: int = 0
    updated: int = 0
    cancelled: int = 0
    deleted: int = 0
    unchanged: int = 0
    kept: tuple[str, ...] = field(default=())
    left_off: tuple[str, ...] = field(default=())
    replaced: tuple[str, ...] = field(default=())
    restored: tuple[str, ...] = field(default=())

    @property
    def writes(self) -> int:
        return self.added + self.updated + self.cancelled + self.deleted

    @property
    def conflicts(self) -> bool:
        """Whether the server's copy of a talk and Planner's differed: worth saying out loud."""
        return bool(self.kept or self.left_off or self.replaced or self.restored)

    def summary(self) -> str:
        parts = [f"{n} {what}" for n, what in ((self.added, "added"), (self.updated, "updated"),
                                                (self.cancelled, "cancelled"), (self.deleted, "deleted")) if n]
        text = "synced My agenda: " + (", ".join(parts) if parts else "nothing to change")
        for titles, what in (
            (self.replaced, "replaced the server's edited copy of {}: the talk's time, room or status changed"),
            (self.restored, "put back {}, deleted on the server: the talk's time, room or status changed"),
            (self.kept, "kept the server's copy (edited there) of {} until the talk's time, room or status changes"),
            (self.left_off, "left off {}, deleted on the server, until the talk's time, room or status changes "
                            "(to put it back now: unstar it, sync, star it again)"),
        ):
            if titles:
                text += "; " + what.format(", ".join(f"“{title}”" for title in titles))
        return text

    def as_json(self) -> dict[str, Any]:
        return {"added": self.added, "updated": self.updated, "cancelled": self.cancelled, "deleted": self.deleted,
                "unchanged": self.unchanged, "kept": list(self.kept), "left_off": list(self.left_off),
                "replaced": list(self.replaced), "restored": list(self.restored)}


def check_url(url: str, *, insecure_http: bool = False, allow_with: str = "--insecure-http") -> None:
    """HTTPS (verified) anywhere; plain http only to this machine, unless the user said so,
    since the password travels with every request. ``allow_with`` names how the user says
    so where they are (the command line's option, the dialog's check box)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme != "http" or not parts.hostname:
        raise SyncError(f"{url} is not an http(s) address of a calendar server")
    if parts.hostname not in LOCAL_HOSTS and not insecure_http:
        raise SyncError(f"{url} is plain http, which would send the password unencrypted: "
                        f"use https, or {allow_with} if you mean it")


def account(library: Library) -> Account | None:
    """The remembered account, None before setup."""
    raw = library.get_meta(ACCOUNT_KEY)
    if not raw:
        return None
    data = json.loads(raw)
    return Account(data["url"], data["user"], data["calendar"], data["calendar_url"], data.get("alarm_minutes"),
                   bool(data.get("insecure_http", False)))


def setup(
    library: Library,
    url: str,
    user: str,
    calendar_name: str = DEFAULT_CALENDAR,
    *,
    password: str,
    alarm_minutes: int | None = None,
    insecure_http: bool = False,
    timeout: float = TIMEOUT_SECONDS,
) -> Account:
    """Find (or create) the calendar ``calendar_name`` on the server and remember the account.

    A different server or calendar than before starts afresh: the events recorded were
    on the old one, and this module only ever touches what it recorded.
    """
    check_url(url, insecure_http=insecure_http)
    client = _client(url, user, password, timeout)
    try:
        principal = client.principal()
        found = next((c for c in principal.calendars() if _name(c) == calendar_name), None)
        if found is None:
            found = principal.make_calendar(name=calendar_name)
        calendar_url = _encoded(str(found.url))
    except Exception as exc:  # caldav raises its own errors and the HTTP library's; all mean "not set up"
        raise SyncError(_reason(url, exc)) from None
    if not calendar_url.endswith("/"):
        calendar_url += "/"
    new = Account(url, user, calendar_name, calendar_url, alarm_minutes, insecure_http)
    old = account(library)
    if old is None or old.calendar_url != new.calendar_url:
        library.set_meta(STATE_KEY, "{}")
    _keep_account(library, new)
    return new


def set_alarm(library: Library, alarm_minutes: int | None) -> Account | None:
    """Change the reminder every synced event carries (None: none), keeping the rest of the account.

    Nothing is asked of the server: what the next sync would send has changed, so it sends
    each event again, with the new alarm. None before setup, when there is no account.
    """
    acct = account(library)
    if acct is None or acct.alarm_minutes == alarm_minutes:
        return acct
    new = replace(acct, alarm_minutes=alarm_minutes)
    _keep_account(library, new)
    return new


def _keep_account(library: Library, acct: Account) -> None:
    library.set_meta(ACCOUNT_KEY, json.dumps({
        "url": acct.url, "user": acct.user, "calendar": acct.calendar, "calendar_url": acct.calendar_url,
        "alarm_minutes": acct.alarm_minutes, "insecure_http": acct.insecure_http,
    }))


def sync(library: Library, *, password: str, now: datetime | None = None,
         timeout: float = TIMEOUT_SECONDS) -> SyncResult:
    """Push My agenda to the account's calendar; raises SyncError when it cannot."""
    acct = account(library)
    if acct is None:
        raise SyncError("no calendar server set up: run 'planner sync setup URL' first")
    check_url(acct.calendar_url, insecure_http=acct.insecure_http)
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    client = _client(acct.calendar_url, acct.user, password, timeout)
    # One read first, so an unreachable server or a deleted calendar is said before anything else.
    response = _request(client, acct, acct.calendar_url, "PROPFIND", "", {"Depth": "0"})
    if response.status == 404:
        raise SyncError(f"the calendar {acct.calendar!r} is gone from {acct.url}: run 'planner sync setup' again")
    if response.status >= 400:
        raise SyncError(f"{acct.url} answered HTTP {response.status} to a sync")

    events = library.events(starred=True)
    notes, tiers, statuses = library.notes(), library.tiers(), library.statuses()
    removed = {e.id for e in events if statuses.get(e.id, ("", ""))[0] == UpdateFlag.REMOVED}
    state: dict[str, dict[str, Any]] = json.loads(library.get_meta(STATE_KEY) or "{}")
    previous = {event_id: _record(event_id, item) for event_id, item in state.items()}
    # Cancelled on the server (STATUS:CANCELLED sent, the object still there) is not gone
    # from it: such a talk leaving My agenda is still deleted, as unstarred talks are.
    held = {event_id for event_id, item in state.items() if not item.get("gone")}
    entries = revisions.plan(events, previous, removed=removed, now=moment.isoformat(timespec="seconds"), tiers=tiers,
                             held=held)
    stamp = ics.utc_stamp(moment)
    counts = {"added": 0, "updated": 0, "cancelled": 0, "deleted": 0, "unchanged": 0}
    kept: list[str] = []
    left_off: list[str] = []
    replaced: list[str] = []
    restored: list[str] = []

    def remember(event_id: str, item: dict[str, Any]) -> None:
        state[event_id] = item
        library.set_meta(STATE_KEY, json.dumps(state, sort_keys=True))

    for entry in entries:
        record = entry.record
        old = state.get(record.event_id)
        held_item = old if old and not old.get("gone") else None  # what the server has of ours, if anything
        edited = held_item.get("edited") if held_item else None  # the user's own copy, kept there
        href = urljoin(acct.calendar_url, quote(f"{record.event_id}@{ics.UID_DOMAIN}", safe="@") + ".ics")
        etag = old.get("etag") if old else None
        if entry.event is None:  # left My agenda: take it off the calendar
            if edited == DELETED_THERE:  # the user deleted it there already: nothing to ask
                remember(record.event_id, _item(record, None, "", gone=True))
                continue
            headers = {"If-Match": etag} if etag else {}
            response = _request(client, acct, href, "DELETE", "", headers)
            server_etag, server_body = _server_copy(client, acct, href) if response.status == 412 else (None, None)
            if server_body is not None:
                kept.append(record.summary)
                etag = server_etag
            elif response.status < 300 or response.status in (404, 412):
                # 404, or 412 with nothing there (what SabreDAV, Nextcloud's server, answers a
                # conditional DELETE of a missing object): gone already, as a sync killed
                # after its DELETE but before remembering it leaves it. Not an edit to keep.
                counts["deleted"] += 1
                etag = None
            else:
                raise SyncError(f"{acct.url} refused to delete “{record.summary}”: HTTP {response.status}")
            remember(record.event_id, _item(record, etag, "", gone=True))
            continue
        event = entry.event
        title = event_summary(event)

        def build(record: ExportRecord, event: Event = event) -> tuple[list[str], str]:
            lines = ics.vevent_lines(event, stamp=stamp, record=record, alarm_minutes=acct.alarm_minutes,
                                     note=notes.get(event.id, ""), tier=tiers.get(event.id))
            return lines, _digest(lines)

        lines, digest = build(record)
        if held_item and held_item.get("hash") == digest:
            counts["unchanged"] += 1
            continue
        # What an attendee cannot miss: the talk's time, room, or that it is off.
        moved = held_item is not None and _record(record.event_id, held_item).moved(
            record.start, record.end, record.cancelled, record.location)
        if edited and not moved:
            # The user's edit (or deletion) on the server stands: this change is not worth
            # losing it. Said, since the phone will not show it.
            (kept if edited == EDITED_THERE else left_off).append(title)
            remember(record.event_id, _item(record, etag, digest, edited=edited))
            continue
        if edited == DELETED_THERE and record.cancelled:
            # Deleted there, and now cancelled: nothing to put back.
            remember(record.event_id, _item(record, None, digest, gone=True))
            continue
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if etag:
            headers["If-Match"] = etag
        response = _request(client, acct, href, "PUT", ics.calendar_object(lines).decode("utf-8"), headers)
        if response.status == 412:
            server_etag, server_body = _server_copy(client, acct, href)
            if server_body is not None and _same_event(server_body, ics.calendar_object(lines)):
                # Our own write, made by a sync killed before it could remember it.
                counts["updated"] += 1
                remember(record.event_id, _item(record, server_etag, digest))
                continue
            # Raised past the server copy's SEQUENCE, so our next update is newer than the edit.
            record = replace(record, sequence=max(record.sequence, _sequence(server_body)))
            if not moved or (server_body is None and record.cancelled):
                # Edited (or deleted) there since the last sync: kept until the talk moves,
                # and remembered as such, so a later note or tier change does not overwrite it.
                (kept if server_body is not None else left_off).append(title)
                lines, digest = build(record)
                remember(record.event_id, _item(record, server_etag, digest,
                                                edited=EDITED_THERE if server_body is not None else DELETED_THERE))
                continue
            # The talk moved, or is off: that reaches the calendar over the edit, one revision above it.
            if server_body is not None:
                record = replace(record, sequence=max(record.sequence, _sequence(server_body) + 1))
            lines, digest = build(record)
            headers = {"Content-Type": "text/calendar; charset=utf-8"}
            headers.update({"If-Match": server_etag} if server_etag else {"If-None-Match": "*"})
            response = _request(client, acct, href, "PUT", ics.calendar_object(lines).decode("utf-8"), headers)
            if response.status == 412:
                raise SyncError(f"“{title}” was changed on {acct.url} during the sync: sync again")
            edited = EDITED_THERE if server_body is not None else DELETED_THERE
        if response.status >= 300:
            raise SyncError(f"{acct.url} refused “{title}”: HTTP {response.status}")
        if held_item is None or edited == DELETED_THERE:
            counts["added"] += 1
        elif record.cancelled:
            counts["cancelled"] += 1
        else:
            counts["updated"] += 1
        if edited:
            (replaced if edited == EDITED_THERE else restored).append(title)
        remember(record.event_id, _item(record, _etag(response.headers), digest))
    # Events the plan passed over (a cancellation sent already) are unchanged too.
    counts["unchanged"] += sum(1 for e in events if e.id not in {entry.record.event_id for entry in entries})
    return SyncResult(kept=tuple(kept), left_off=tuple(left_off), replaced=tuple(replaced), restored=tuple(restored),
                      **counts)


# -- the password: the desktop's keyring, never the library -------------------------------


def keyring_password(user: str) -> str | None:
    """The password the keyring keeps for ``user``; None when it keeps none, or there is no keyring."""
    try:
        import keyring  # lazy: loads D-Bus bindings, needed only when syncing

        found = keyring.get_password(KEYRING_SERVICE, user)
    except Exception:  # no keyring, a locked one, no D-Bus: the caller falls back to the variable or asks
        return None
    return str(found) if found is not None else None


def keep_password(user: str, password: str) -> bool:
    """Keep ``password`` in the keyring; False when there is no real keyring to keep it in."""
    try:
        # Lazy, as in keyring_password.
        import keyring
        from keyring.backends import fail, null

        if isinstance(keyring.get_keyring(), fail.Keyring | null.Keyring):
            return False
        keyring.set_password(KEYRING_SERVICE, user, password)
        return True
    except Exception:  # as above: the password then comes from the variable or the person
        return False


# -- the conversation with the server ------------------------------------------------------


def _client(url: str, user: str, password: str, timeout: float) -> Any:
    # Lazy: caldav and its HTTP library take a while to import, and only syncing needs them.
    import caldav

    # The full URL is given: no RFC 6764 discovery, whose DNS lookups would slow every sync.
    # TLS certificates are verified (ssl_verify_cert's default, said here on purpose).
    client_class: Any = caldav.DAVClient  # caldav's lazy module attributes are typed as object
    return client_class(url=url, username=user, password=password, timeout=int(timeout),
                        ssl_verify_cert=True, enable_rfc6764=False, require_tls=False)


def _request(client: Any, acct: Account, url: str, method: str, body: str, headers: Mapping[str, str]) -> Any:
    """One HTTP request; whatever the network or the server did wrong becomes a SyncError."""
    try:
        return client.request(url, method, body, dict(headers))
    except Exception as exc:  # caldav's errors and the HTTP library's (OSError): the sync stops here
        raise SyncError(_reason(acct.url, exc)) from None


def _server_copy(client: Any, acct: Account, href: str) -> tuple[str | None, bytes | None]:
    """The ETag and body the server holds at ``href`` now (None, None when it has none)."""
    response = _request(client, acct, href, "GET", "", {})
    if response.status >= 300:
        return None, None
    raw = response.raw if isinstance(response.raw, bytes) else str(response.raw).encode("utf-8")
    return _etag(response.headers), raw


def _reason(url: str, exc: Exception) -> str:
    from caldav.lib import error  # lazy, as in _client (which loaded it already)

    if isinstance(exc, error.AuthorizationError):
        # caldav raises this one class for 401 and 403, which mean different things to the user.
        if getattr(exc, "status", None) == 403:
            return f"{url}: the server refused to write to this calendar (403 Forbidden): is it read-only?"
        return f"{url} did not accept the user name and password"
    detail = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, OSError):  # the HTTP library's connection errors are OSErrors
        return f"cannot reach the calendar server {url}: {detail[:200]}"
    return f"the calendar server {url} failed: {detail[:200]}"


def _encoded(url: str) -> str:
    """``url`` with its path percent-encoded again, as the server gave it.

    caldav decodes the hrefs it reads, so a calendar the server calls ``my%20cal%20%23x/``
    comes back with a bare ``#`` (and ``?``), which every later request would cut off as a
    fragment (or a query). Escapes already there are kept; a calendar's address has no
    fragment or query of its own.
    """
    parts = urlsplit(url)
    rest = url[len(f"{parts.scheme}://{parts.netloc}"):]
    return f"{parts.scheme}://{parts.netloc}" + quote(rest, safe="/%@:!$&'()*+,;=~")


def _name(calendar: Any) -> str | None:
    try:
        return str(calendar.get_display_name())
    except Exception:  # a calendar without a readable name is not the one asked for
        return None


def _etag(headers: Mapping[str, str]) -> str | None:
    value = headers.get("ETag") or headers.get("etag")
    return str(value) if value else None


# -- what the library remembers ------------------------------------------------------------


def _item(record: ExportRecord, etag: str | None, digest: str, *, gone: bool = False,
          edited: str | None = None) -> dict[str, Any]:
    """What the library remembers of one event; ``edited``: the server holds the user's own
    copy (EDITED_THERE, its ETag is ``etag``) or deleted ours (DELETED_THERE), kept so."""
    item = {"sequence": record.sequence, "start": record.start, "end": record.end, "summary": record.summary,
            "cancelled": record.cancelled or gone, "modified_at": record.modified_at, "location": record.location,
            "etag": etag, "hash": digest, "gone": gone}
    if edited and not gone:
        item["edited"] = edited
    return item


def _record(event_id: str, item: Mapping[str, Any]) -> ExportRecord:
    return ExportRecord(event_id, int(item["sequence"]), item["start"], item["end"], item["summary"],
                        bool(item["cancelled"]), item["modified_at"], item.get("location"))


def _digest(lines: list[str]) -> str:
    """What was sent, less DTSTAMP (the moment of sending, which changes every time)."""
    kept = "\n".join(line for line in lines if not line.startswith("DTSTAMP:"))
    return hashlib.sha256(kept.encode("utf-8")).hexdigest()


_COMPARED = ("UID", "SEQUENCE", "SUMMARY", "DTSTART", "DTEND", "DURATION", "STATUS", "DESCRIPTION", "LOCATION")


def _same_event(theirs: bytes, ours: bytes) -> bool:
    """Whether the server's copy is the one we were writing (servers may re-serialize it)."""
    first, second = _vevent(theirs), _vevent(ours)
    if first is None or second is None:
        return False
    return all(_value(first, key) == _value(second, key) for key in _COMPARED)


def _sequence(body: bytes | None) -> int:
    vevent = _vevent(body) if body is not None else None
    try:
        return int(vevent.get("SEQUENCE", 0)) if vevent is not None else 0
    except (TypeError, ValueError):
        return 0


def _vevent(body: bytes) -> Any:
    import icalendar  # lazy: only a 412 reads the server's copy back, so most syncs never load it

    try:
        calendar = icalendar.Calendar.from_ical(body)
    except ValueError:
        return None
    return next(iter(calendar.walk("VEVENT")), None)


def _value(component: Any, key: str) -> bytes | None:
    value: Any = component.get(key)
    if value is None:
        return None
    return bytes(value.to_ical()) if hasattr(value, "to_ical") else str(value).encode()
