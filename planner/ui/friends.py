"""Friends' agendas in the window (issue 21; planner.services.friends): the name chips on
the cards, View › Friends' Picks Only, and File › Friends' Agendas….

What the library holds is shown again whenever My agenda is (its ``refreshed``: a star,
an import that found a friend's pick, a change made by ``planner friends`` in another
process), so the chips never disagree with the library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from planner.store import StoreError
from planner.ui import dialogs

if TYPE_CHECKING:
    from planner.ui.main_window import MainWindow
    from planner.ui.widgets.friends_dialog import FriendsDialog


class Friends(QObject):
    """The friends' picks of the library, on the window's cards and filters."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.by_event: dict[str, tuple[str, ...]] = {}  # event id -> the friends who picked it
        self.names: list[str] = []
        self._dialog: FriendsDialog | None = None

    @property
    def picked(self) -> frozenset[str]:
        """The talks any friend picked."""
        return frozenset(self.by_event)

    def reload(self) -> None:
        """Show the friends the library holds now."""
        w = self._window
        known = w.library.friends() if w.library.has_friends() else []
        names = [f.name for f in known]
        by_event = w.library.friends_by_event() if known else {}
        if names == self.names and by_event == self.by_event:
            return
        self.names, self.by_event = names, by_event
        w.model.set_friends(by_event)
        w.filter_bar.show_friends(bool(known))
        action = w.named_actions["friends_only"]
        action.setEnabled(bool(known))
        if action.isChecked() and not known:
            action.setChecked(False)  # the last friend went: a filter that hides every card would stay on
        if action.isChecked() or not known:
            w.narrowing.apply()
        # The detail pane's "Picked by" needs nothing here: My agenda's refresh, which this
        # follows, has shown the selected talk again from the library.
        if self._dialog is not None:
            self._dialog.show_friends(known, select=self._dialog.selected_name())

    # -- File › Friends' Agendas… ----------------------------------------------------------

    def open_dialog(self) -> None:
        from planner.ui.widgets.friends_dialog import FriendsDialog  # made when first asked for

        if self._dialog is None:
            self._dialog = FriendsDialog(self._window, self._window.library.friends())
            self._dialog.addRequested.connect(self.add)
            self._dialog.removeRequested.connect(self.remove)
        else:
            self._dialog.show_friends(self._window.library.friends())
        self._dialog.show()
        self._dialog.raise_()
        self._dialog.activateWindow()

    def add(self, name: str, path: str) -> bool:
        """Read ``path`` as ``name``'s agenda; says what came of it. False when it could not be read."""
        from planner.services import friends  # the calendar reader loads only when a friend is added

        w = self._window
        parent = self._dialog if self._dialog is not None else w
        try:
            added = friends.add_friend(w.library, name, path)
        except friends.FriendError as exc:
            dialogs.warning(parent, "Friends' Agendas", f"The agenda could not be added.\n\n{exc}")
            return False
        except StoreError as exc:
            dialogs.warning(parent, "Friends' Agendas", f"The library could not be written: {exc}")
            return False
        w.statusBar().showMessage(added.summary()[:1].upper() + added.summary()[1:], 8000)
        # As a change from elsewhere is shown: My agenda's refreshed brings the chips (reload)
        # and an open day plan weighed again with this friend.
        w.refresh_starred()
        if self._dialog is not None:
            self._dialog.show_friends(w.library.friends(), select=added.friend.name)
        if added.missing and added.friend.found == 0:
            f = added.friend
            dialogs.information(parent, "Friends' Agendas",
                                f"The talk in {f.name}'s agenda is not in your library yet. Open its schedule "
                                "and it will show." if f.picks == 1 else
                                f"None of the {f.picks} talks in {f.name}'s agenda is in your library yet. "
                                "Open the same schedule and their picks will show.")
        return True

    def remove(self, name: str) -> None:
        w = self._window
        try:
            kept = w.library.remove_friend(name)
        except StoreError as exc:
            dialogs.warning(self._dialog or w, "Friends' Agendas", f"The library could not be written: {exc}")
            return
        if kept is not None:
            w.statusBar().showMessage(f"Removed {kept}'s agenda", 5000)
        w.refresh_starred()  # the chips go, and an open plan no longer weighs their picks (see add)


def install(window: MainWindow) -> Friends:
    """The window's friends, shown now and whenever My agenda is shown anew."""
    friends = Friends(window)
    action = window.named_actions["friends_only"]
    action.setEnabled(False)  # until the library has friends (reload)
    # Ctrl+Shift+F pressed before the friends were made filtered nothing: left checked, it
    # would hide every card behind a disabled action and a hidden box.
    action.setChecked(False)
    window.filter_bar.set_friends_action(action)
    window.my_agenda.refreshed.connect(friends.reload)
    friends.reload()
    return friends
