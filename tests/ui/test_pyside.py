"""Guards against Qt-for-Python releases that break the window (pinned in pyproject)."""

import sys

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex


class _Model(QAbstractListModel):
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 3

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        return "x" if role == 0 else None


def test_model_data_returning_none_keeps_the_reference_count_of_none(qapp: object) -> None:
    # PySide6 6.12.0 decremented None's reference count on every such call and crashed.
    model = _Model()
    index = model.index(1, 0)
    before = sys.getrefcount(None)
    for _ in range(500):
        assert index.data(7) is None
    assert sys.getrefcount(None) - before > -100
