"""Which link of a talk is its recording (planner.domain.recordings), on links real schedules give."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pytest

from planner.domain.model import Event, Kind, Link, LinkKind
from planner.domain.recordings import is_recording, recording_links, recording_of


@pytest.mark.parametrize(("title", "url"), [
    # FOSDEM 2021, as published: the final files, and the temporary ones before them.
    ("Video recording (WebM/VP9)", "https://video.fosdem.org/2021/D.mariadb/mariadb_devroom_welcome.webm"),
    ("Video recording (mp4)", "https://video.fosdem.org/2021/D.mariadb/mariadb_devroom_welcome.mp4"),
    ("VIDEO (temp link)", "https://validate.video.fosdem.org/27dd8c4eeea0e76a.mp4"),
    ("Presentation recording", "http://bofh.nikhef.nl/events/FOSDEM/2021/D.firmware/firmware_uor.webm"),
    ("Recorded Presentation (YouTube)", "https://www.youtube.com/watch?v=78PjiEYKv_E"),
    ("Recording and Slides", "https://www.ahus1.de/post/documentation-site-antora"),  # the title says so
    ("Recording of the livestream", "https://www.twitch.tv/videos/123456"),
    # Where it points says so, whatever the title.
    ("", "https://media.ccc.de/v/38c3-opening-ceremony"),
    ("Talk at ApacheCon", "https://youtu.be/CzxLKG9CUvo"),
    ("Presentation at ROOTS2020", "https://vimeo.com/482589109"),
    ("", "https://slideslive.com/38922345/a-talk"),
    ("", "https://m.youtube.com/watch?feature=youtu.be&v=TP7NfGQ2xCE"),
    ("Talk", "https://example.org/files/talk.MP4"),
])
def test_recordings(title: str, url: str) -> None:
    assert is_recording(Link(url, title))


@pytest.mark.parametrize(("title", "url"), [
    ("Livestream", "https://youtu.be/-3WGqYGOmvY"),  # live on YouTube is gone afterwards
    ("Live video stream from the room (during event)", "https://live.fosdem.org/watch/dmariadb"),
    ("Livestream", "twitch.tv/vishwasadiga"),
    ("Live stream ", "https://teams.microsoft.com/l/meetup-join/19%3a2b9b45"),
    ("FOSDEM: Live Streaming", "https://fosdem.org/2021/schedule/streaming/"),
    ("My YouTube Channel", "https://www.youtube.com/channel/UCSkcL4my2wgDRFvjQOJzrlg"),
    ("Public Videos", "https://www.youtube.com/playlist?list=PLqT9tN3yEwFVGRE"),
    ("previous talks", "https://www.youtube.com/user/dkandalov"),
    ("", "https://www.youtube.com/@someone"),
    ("38C3", "https://media.ccc.de/c/38c3"),
    ("", "https://media.ccc.de/"),
    ("YouTube Data Tools", "https://github.com/bernorieder/YouTube-Data-Tools"),
    ("Sample videos", "https://mariadb.org/fest-content/"),
    ("Submit feedback", "https://submission.fosdem.org/feedback/11158.php"),
    ("Slides", "https://fosdem.org/2021/schedule/event/x/attachments/slides/4519/export/x.pdf"),
    ("video", "not a link at all"),
    ("Video", "http://[::1"),  # a malformed address
])
def test_not_recordings(title: str, url: str) -> None:
    assert not is_recording(Link(url, title))


def _event(*links: Link) -> Event:
    moment = datetime(2021, 2, 6, 10, tzinfo=timezone.utc)
    return Event(id="e", kind=Kind.TALK, number=None, title="T", authors=(), abstract="", start=moment,
                 end=moment, session="", links=links)


def test_the_conferences_own_archive_comes_first_then_a_link_titled_as_a_recording() -> None:
    temporary = Link("https://validate.video.fosdem.org/27dd8c4e.mp4", "VIDEO (temp link)")
    previous = Link("https://www.youtube.com/watch?v=P1lstl-NwWQ", "Previous video on Fuzzy Sync")
    earlier = Link("https://www.youtube.com/watch?v=6I6Sl5i8h1I", "Earlier version of the talk")
    webm = Link("https://video.fosdem.org/2021/x.webm", "Video recording (WebM/VP9)")
    mp4 = Link("https://video.fosdem.org/2021/x.mp4", "Video recording (mp4)", LinkKind.ATTACHMENT)
    slides = Link("https://example.org/x.pdf", "Slides")
    event = _event(slides, earlier, previous, temporary, webm, mp4)
    assert recording_links(event) == [webm, mp4, temporary, previous, earlier]
    assert recording_of(event) == webm
    assert recording_of(_event(slides, earlier)) == earlier
    assert recording_of(_event(slides)) is None


def test_the_fosdem_2021_recordings(corpus: Path) -> None:
    """Each of its 651 talks with recordings has both files found, and no live stream or
    feedback form is taken for one."""
    from planner.formats import load

    events = load(corpus / "schedule-xml" / "fosdem-2021-schedule.xml").events
    found = Counter(link.title for e in events for link in recording_links(e))
    assert found["Video recording (WebM/VP9)"] == found["Video recording (mp4)"] == 651
    assert found["VIDEO (temp link)"] == 22
    assert not {"Livestream", "Live stream", "Live stream ", "Submit feedback", "Slides"} & found.keys()
    # Where the final files are published, they are what is offered, whatever else is linked.
    final = [e for e in events if any(link.url.startswith("https://video.fosdem.org/") for link in e.links)]
    assert len(final) > 650
    assert all(recording_of(e).url.startswith("https://video.fosdem.org/") for e in final)  # type: ignore[union-attr]
