"""Schedules from links: Add from URL, Refresh (F5) and refresh on start.

The download runs on a worker thread (planner.ui.downloads), and a child process it
starts parses and stores what came. The controller says what happened through signals, and the window
connects them: it reloads on ``stored`` and shows ``status`` in its status bar.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, QSettings, Signal

from planner.store import Library
from planner.ui import dialogs

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QLabel, QProgressDialog, QWidget

    # The network stack (urllib, ssl, certifi) loads only when a download starts.
    from planner.services.refreshing import RefreshResult
    from planner.ui.downloads import Download

DEFAULT_REFRESH_HOURS = 6  # schedules change in the days before a conference, not by the minute


class WebSchedules(QObject):
    """Downloads of schedules for one window, one at a time.

    Signals:
        stored(str, bool): a schedule was stored: its key, and whether it is new to the
            library (False: a refresh of the one with that key).
        status(str, int): a status-bar message and how long it shows, in ms (0: until replaced).
    """

    stored = Signal(str, bool)
    status = Signal(str, int)

    def __init__(self, library: Library, settings: QSettings, window: QWidget, *,
                 now: Callable[[], datetime], shown: Callable[[], str | None]) -> None:
        super().__init__(window)
        self.library = library
        self.settings = settings
        self._window = window  # the dialogs' parent
        self._now = now
        self._shown = shown  # the key of the schedule on screen
        self.download: Download | None = None  # planner.ui.downloads, imported on first use
        self.progress_dialog: QProgressDialog | None = None

    @property
    def refresh_age_hours(self) -> int:
        """Refresh on start when the shown schedule's download is older than this (0: never)."""
        return cast(int, self.settings.value("refreshAfterHours", DEFAULT_REFRESH_HOURS, type=int))

    def choose_refresh_age(self) -> None:
        hours = dialogs.ask_int(
            self._window, "Refresh on Start",
            "When Planner starts, download a schedule from its link again if it is older than\n"
            "this many hours (0 = never; F5 always refreshes):", self.refresh_age_hours, 0, 24 * 30)
        if hours is not None:
            self.settings.setValue("refreshAfterHours", hours)
            self.status.emit(
                f"Schedules from links refresh on start when older than {hours} h" if hours
                else "Schedules refresh only when you press F5", 6000)

    def show_origin(self, key: str | None, label: QLabel, refresh: QAction) -> None:
        """"Refreshed 10 min ago" (the link as its tooltip) for a schedule from a link, and
        File > Refresh Schedule only then; nothing for a file."""
        shown = self.origin_label(key)
        refresh.setEnabled(shown is not None)
        text, url = shown or ("", "")
        label.setText(text)
        label.setToolTip(url)

    def origin_label(self, key: str | None) -> tuple[str, str] | None:
        """"Refreshed 10 min ago" and the link, for a schedule from a link; None for a file."""
        origin = self.library.origin(key) if key else None
        if origin is None:
            return None
        when = origin.refreshed_at
        return (f"Refreshed {ago(when, self._now())}" if when else "Never refreshed"), origin.url

    def add_from_url(self) -> None:
        url = dialogs.ask_text(self._window, "Add from URL", "Link to a schedule (.xml, .json, .ics or a session page):")
        if url is not None:
            self.start_download(url)

    def refresh_schedule(self) -> None:
        key = self._shown()
        origin = self.library.origin(key) if key else None
        if origin is None:
            self.status.emit("This schedule came from a file: open the file again to update it", 6000)
            return
        self.start_download(origin.url, key=key, etag=origin.etag, last_modified=origin.last_modified)

    def refresh_if_stale(self) -> Download | None:
        """On start: quietly refresh the shown schedule if its link was fetched long ago."""
        from planner.services.refreshing import due_for_refresh  # the network stack loads on first use

        hours = self.refresh_age_hours
        key = self._shown()
        if hours <= 0 or key is None:
            return None
        if key in due_for_refresh(self.library, timedelta(hours=hours), now=self._now()):
            origin = self.library.origin(key)
            if origin is not None:
                return self.start_download(origin.url, key=key, etag=origin.etag,
                                           last_modified=origin.last_modified, quiet=True)
        return None

    def start_download(self, url: str, *, key: str | None = None, etag: str = "", last_modified: str = "",
                       quiet: bool = False) -> Download | None:
        """Download on a worker thread; ``quiet`` (refresh on start) shows no dialog."""
        # The network stack (urllib, ssl, certifi) loads when the first download starts.
        from planner.net.fetch import FetchError, check_url
        from planner.ui.downloads import Download

        if self.download is not None:
            self.status.emit("A download is already running", 4000)
            return None
        try:
            check_url(url)
        except FetchError as exc:
            dialogs.warning(self._window, "Planner", dialogs.as_plain(str(exc)))
            return None
        download = Download(url, self.library.path, key=key, etag=etag, last_modified=last_modified,
                            parent=self._window)
        download.finished.connect(self._download_finished)
        download.failed.connect(self._download_failed)
        self.download = download
        if not quiet:
            dialog = dialogs.download_progress(self._window, url)
            dialog.canceled.connect(self.cancel_download)
            download.progress.connect(functools.partial(self._show_progress, download))
            self.progress_dialog = dialog
        self.status.emit(f"Downloading {url}…", 0)
        download.start()
        return download

    def cancel_download(self) -> None:
        """Stop waiting now. The worker stops at its next chunk or timeout; whatever it
        delivers after this is ignored, so the library stays as it was."""
        download = self.download
        if download is None:
            return
        if not download.cancel():
            self.status.emit("Too late to cancel: the schedule is being stored, and goes in whole", 0)
            return
        download.finished.disconnect(self._download_finished)
        download.failed.disconnect(self._download_failed)
        self._download_failed("cancelled")

    def _show_progress(self, download: Download, read: int, total: object) -> None:
        # Progress queued before the download ended must not bring its dialog back.
        if download is self.download and self.progress_dialog is not None:
            dialogs.show_download_progress(self.progress_dialog, read, total)

    def _end_download(self) -> None:
        if self.progress_dialog is not None:
            dialog, self.progress_dialog = self.progress_dialog, None
            dialog.canceled.disconnect(self.cancel_download)  # it is over: nothing to cancel
            # cancel() hides the dialog and stops Qt's timer that shows a dialog not shown
            # yet. Merely closing it left that timer running: a download failing faster than
            # the delay had its dialog pop up over the error box. deleteLater() alone does
            # not help: the error box's own event loop does not delete it.
            dialog.cancel()
            dialog.deleteLater()
        # The Download object stays (owned by the window): its worker thread may still be
        # waiting on a silent server and will emit into it when the timeout ends.
        self.download = None

    def _download_finished(self, stored: object) -> None:
        download = self.download
        self._end_download()
        if download is None:
            return
        result = cast("RefreshResult", stored)  # what Download.work returns
        self.stored.emit(result.key, download.key is None)
        self.status.emit(str(result), 10000)

    def _download_failed(self, reason: str) -> None:
        download = self.download
        self._end_download()
        if reason == "cancelled":
            self.status.emit("Download cancelled; nothing was changed", 5000)
            return
        if download is not None and download.key is not None and not self._window.isActiveWindow():
            self.status.emit(f"Refresh failed: {reason}", 10000)
            return
        if download is not None and download.storing:  # downloaded, and the library refused it
            self.status.emit(f"Could not add the schedule: {reason}", 10000)
            dialogs.critical(self._window, "Planner — could not add the schedule", dialogs.as_plain(reason))
            return
        self.status.emit(f"Download failed: {reason}", 10000)
        dialogs.warning(self._window, "Planner — download failed",
                        dialogs.as_plain(f"{reason}\n\nThe library was left as it was."))


def ago(stamp: str, now: datetime) -> str:
    """"5 min ago", "3 h ago", "2 days ago" for an ISO time stamp."""
    try:
        then = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 90:
        return "just now"
    if seconds < 90 * 60:
        return f"{seconds // 60} min ago"
    if seconds < 36 * 3600:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"
