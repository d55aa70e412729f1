"""The command line is parsed by the one sub-parser it names (planner.cli.parser._command_in)."""

from __future__ import annotations

import argparse

import pytest

from planner.cli.parser import _COMMANDS, _command_in, _parser


@pytest.mark.parametrize(("argv", "command"), [
    ([], None),
    (["--db", "lib.sqlite3"], None),
    (["--db=lib.sqlite3", "list", "--json"], "list"),
    (["--db", "list", "star", "x"], "star"),  # a library file named "list"
    (["list", "--db", "x"], "list"),
    (["-h"], ""), (["--version"], ""), (["lst"], ""), (["--bogus", "list"], ""), (["schedule.xml"], ""),
])
def test_the_command_is_found_before_parsing(argv: list[str], command: str | None) -> None:
    assert _command_in(argv) == command


SAMPLES = [
    [], ["--db", "x"], ["open", "a.xml", "b.ics"], ["import", "a.xml", "--timeout", "5"], ["refresh"],
    ["refresh", "38C3", "--timeout", "2.5"], ["parse", "f.txt", "--json"],
    ["--db", "x", "list", "--starred", "--search", "bayes", "--schedule", "s", "--tz", "local", "--json"],
    ["star", "a", "b"], ["unstar", "a"], ["export", "-o", "out.ics", "--all", "--alarm", "10", "--format", "md"],
    ["similar", "id-1", "--json"], ["suggest", "--json", "--limit", "3", "--schedule", "s"],
    ["now", "--at", "2020-12-10T19:25:00-08:00", "--tz", "UTC"],
    ["note", "id-1", "text"], ["note", "id-1"], ["conflicts", "--json"], ["schedules"], ["zone", "Fest", "Europe/Brussels"],
    ["remove", "s", "--drop-stars", "--db", "y"],
    ["plan", "--date", "2024-12-28", "--walk", "10", "--schedule", "s", "--accept", "--json"], ["plan"],
    ["attended", "a", "b"], ["missed", "--clear", "a"], ["watch-later", "--md", "later.md", "--schedule", "s"],
    ["sync"], ["sync", "--json"], ["sync", "setup", "https://dav.example.org/", "--user", "me", "--calendar", "FOSDEM"],
    ["sync", "--db", "x", "setup", "http://dav.lan/", "--alarm", "5", "--insecure-http"],
    ["friends"], ["friends", "--json"], ["friends", "add", "Ana", "ana.ics"], ["friends", "remove", "Ana"],
    ["plan", "--with-friends", "--date", "2020-12-10"],
]


@pytest.mark.parametrize("argv", SAMPLES)
def test_the_one_sub_parser_reads_what_the_whole_parser_reads(argv: list[str]) -> None:
    whole = _parser("").parse_args(argv)
    assert vars(_parser(_command_in(argv)).parse_args(argv)) == vars(whole)


def test_every_command_has_a_sample() -> None:
    assert {a[a.index(c)] for a in SAMPLES for c in _COMMANDS if c in a} == set(_COMMANDS)


@pytest.mark.parametrize("argv", [["lst"], ["list", "--bogus"], ["star"], ["--db"]])
def test_mistakes_get_the_same_message_as_before(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    messages = []
    for parser in (_parser(""), _parser(_command_in(argv))):
        with pytest.raises(SystemExit) as stop:
            parser.parse_args(argv)
        assert stop.value.code == 2
        messages.append(capsys.readouterr().err)
    assert messages[0] == messages[1] and "error:" in messages[0]


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        _parser(_command_in(["--help"])).parse_args(["--help"])
    out = capsys.readouterr().out
    assert all(f"    {name}" in out for name in _COMMANDS)


def test_the_window_start_builds_no_sub_parser() -> None:
    parser = _parser(_command_in(["--db", "x"]))
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert sub.choices == {}
    assert parser.parse_args(["--db", "x"]).command is None


def test_a_schedule_file_given_alone_is_opened(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # "planner talks.xml", as a file manager or a shell user gives it, is "planner open talks.xml".
    from planner.cli.parser import parse

    schedule = tmp_path / "talks.xml"
    schedule.write_text("<schedule/>")
    args = parse(["--db", "lib.sqlite3", str(schedule), str(schedule)])
    assert (args.command, args.files, args.db) == ("open", [str(schedule)] * 2, "lib.sqlite3")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "list").write_text("a file named as a command")
    assert parse(["list"]).command == "list"  # a command's name stays the command
    with pytest.raises(SystemExit):
        parse(["missing.xml"])  # no such file: argparse's own error, as for a typo of a command
