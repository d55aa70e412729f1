"""Which of a talk's links is a recording of it: what "Watch later" offers for a missed talk.

Schedules give no link kind for a recording; they title it ("Video recording (WebM/VP9)",
"Video recording (mp4)" and, before the files are final, "VIDEO (temp link)" at FOSDEM
2021; "Presentation recording", "Recorded Presentation (YouTube)") or it is recognised by
where it points: the conferences' own video archives (media.ccc.de, video.fosdem.org), the
sites talks are published on (YouTube, Vimeo, SlidesLive, ...), or a video file.

Not a recording, though the words are alike: a live stream ("Livestream", "Live stream",
live.fosdem.org, Twitch, a Teams meeting) is gone once the talk is over, and a channel,
user page or playlist is no one talk. FOSDEM speakers also link earlier versions of a talk
on YouTube ("Earlier version of the talk given at DevRel/Asia 2020", "Previous video on
Fuzzy Sync"); those are kept, as the nearest thing to the talk missed, but the conference's
own archive comes first, then a link titled as a recording (recording_links).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from planner.domain.model import Event, Link

# Words in a link's title that say it is a recording. "Recording" and its kin say so even of
# a stream ("Recording of the livestream"); "video" only when nothing says live ("Live video
# stream from the room"). Whole words: "Sample videos" is a page of several, no one talk.
_RECORDED = re.compile(r"\b(?:recording|recorded|replay|vod)\b", re.IGNORECASE)
_VIDEO = re.compile(r"\bvideo\b", re.IGNORECASE)
_LIVE = re.compile(r"\blive\b|livestream|\bstream(?:ing)?\b", re.IGNORECASE)

# Where conferences publish the recordings of their own talks (a host and its subdomains):
# a link there is the talk's recording, and is offered before any other.
_ARCHIVES = ("media.ccc.de", "video.fosdem.org", "meetings-archive.debian.net", "slideslive.com", "slideslive.de")
# Sites that hold recordings of talks, this one or another (speakers link earlier versions).
_VIDEO_SITES = ("youtube.com", "youtu.be", "youtube-nocookie.com", "vimeo.com", "peertube.debian.social",
                "infoq.com", "dailymotion.com")
# Hosts that stream live: a recording only when the title says so (a Twitch VOD).
_LIVE_HOSTS = ("live.fosdem.org", "streaming.media.ccc.de", "twitch.tv", "teams.microsoft.com", "zoom.us")
# Paths on those hosts that are no one talk: channels, users, playlists, a conference's list.
_NOT_ONE_TALK = re.compile(r"^/(?:channels?|c|user|playlist|results|feed|showcase)(?:/|$)|^/@|^/*$",
                           re.IGNORECASE)
_VIDEO_FILE = re.compile(r"\.(?:mp4|webm|mkv|ogv|mov|m4v)$", re.IGNORECASE)
_TEMPORARY = re.compile(r"\btemp(?:orary)?\b", re.IGNORECASE)  # FOSDEM's "VIDEO (temp link)"


def _host(url: str) -> tuple[str, str]:
    """(host, path) of ``url``, the host lower-case; ("", "") when it names none."""
    text = url.strip()
    if "://" not in text:
        text = "//" + text  # "twitch.tv/someone", as some speakers write links
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").casefold()
    except ValueError:  # a malformed port or bracket: no host we know
        return "", ""
    if "." not in host or " " in host:  # "not a link" read as a host name
        return "", ""
    return host, parts.path


def _on(host: str, hosts: tuple[str, ...]) -> bool:
    return any(host == h or host.endswith("." + h) for h in hosts)


def says_recording(link: Link) -> bool:
    """Whether the link's title calls it a recording (a live stream is none)."""
    title = link.title
    return bool(_RECORDED.search(title) or (_VIDEO.search(title) and not _LIVE.search(title)))


def is_recording(link: Link) -> bool:
    """Whether ``link`` is a recording of a talk (see the module docstring)."""
    host, path = _host(link.url)
    if not host:
        return False
    if not _RECORDED.search(link.title) and (_on(host, _LIVE_HOSTS) or _LIVE.search(link.title)):
        return False
    if says_recording(link) or _VIDEO_FILE.search(path):
        return True
    return _on(host, _ARCHIVES + _VIDEO_SITES) and not _NOT_ONE_TALK.match(path)


def _rank(link: Link) -> tuple[int, bool]:
    """How surely a recording link is this talk's own, for sorting (lower first): on the
    conference's archive, then titled a recording, then a video site or file; a temporary
    link after a lasting one."""
    host, path = _host(link.url)
    sure = 2 * _on(host, _ARCHIVES) + says_recording(link) + bool(_on(host, _VIDEO_SITES) or _VIDEO_FILE.search(path))
    return -sure, bool(_TEMPORARY.search(link.title))


def recording_links(event: Event) -> list[Link]:
    """The event's recordings, the surest first (see _rank), else in the schedule's order."""
    return sorted((link for link in event.links if is_recording(link)), key=_rank)


def recording_of(event: Event) -> Link | None:
    """The recording to offer for ``event``, None when its schedule links none."""
    found = recording_links(event)
    return found[0] if found else None
