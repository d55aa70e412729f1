"""Files shipped with Planner: the bundled session and the resources folder.

Installed, they live inside the package (planner/data, planner/resources, mapped from
the top-level folders by pyproject); in a source checkout they are found beside it.
"""

from __future__ import annotations

from pathlib import Path

BUNDLED_SESSION = "neurips2020-orals-spotlights-track34.txt"
_PACKAGE_ROOT = Path(__file__).resolve().parent
_SOURCE_ROOT = _PACKAGE_ROOT.parent


def _find(package: str, folder: str, name: str) -> Path:
    # A wheel installed as files has the folder inside the package, and a checkout beside
    # it: a file check finds either without importlib.resources (11 M instructions, a
    # twentieth of what Planner adds to a window's start), needed for a zipped install.
    for candidate in (_PACKAGE_ROOT / folder / name, _SOURCE_ROOT / folder / name):
        if candidate.is_file():
            return candidate
    from importlib import resources  # lazy: see above

    try:
        candidate = Path(str(resources.files(package).joinpath(name)))
        if candidate.is_file():
            return candidate
    except (ModuleNotFoundError, FileNotFoundError, TypeError):
        pass
    return _SOURCE_ROOT / folder / name


def data_file(name: str) -> Path:
    return _find("planner.data", "data", name)


def resource_file(name: str) -> Path:
    return _find("planner.resources", "resources", name)


def bundled_session() -> Path:
    return data_file(BUNDLED_SESSION)
