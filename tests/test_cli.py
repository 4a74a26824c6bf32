"""The command line as a whole: help, version, errors, prompts, completion, the real program."""

import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import typer

import relmgr
from relmgr.cli import common, prompts
from relmgr.cli.app import app
from tests.conftest import relmgr_command


def all_commands(group=None, path=()):
    group = group or typer.main.get_command(app)
    for name in group.list_commands(None):
        command = group.get_command(None, name)
        yield (*path, name), command
        if hasattr(command, "list_commands"):
            yield from all_commands(command, (*path, name))


def test_every_command_has_help(run):
    seen = 0
    for path, command in all_commands():
        assert command.help or command.short_help, f"{' '.join(path)} has no help"
        result = run(*path, "--help")
        assert "Usage:" in result.stdout
        assert "--install-completion" not in result.stdout, f"{' '.join(path)} offers the root's completion"
        seen += 1
    assert seen > 20
    assert "--install-completion" in run("--help").stdout  # the root's alone


def test_version(run, sh):
    assert run("--version").stdout.strip() == f"relmgr {relmgr.__version__}"
    assert sh("--version").stdout.strip() == f"relmgr {relmgr.__version__}"


def test_import_help_shows_the_command_as_it_is_typed(run):
    """`relmgr import ENTITY FILE` runs a command registered as `file`; its help must not send
    users to `relmgr import file`, nor list it beside history and undo."""
    usage = run("import", "clients", "--help").stdout
    assert usage.startswith("Usage: relmgr import [OPTIONS] {ENTITY} {FILE}") and "--map" in usage
    listed = run("import", "--help").stdout
    assert "relmgr import ENTITY --help" in " ".join(listed.split())  # the help is wrapped
    assert "file " not in listed.split("Commands:")[1]
    assert run.error("import", "clients", code=2) == (
        "relmgr: Missing argument 'FILE'. (see `relmgr import clients --help`)"  # where its options are
    )


def test_usage_errors_are_one_line_exit_2(run):
    assert run.error("fly", code=2) == "relmgr: No such command 'fly'. (see `relmgr --help`)"
    # the plural a user reaches for names the command meant (commands are built on demand)
    assert run.error("clients", "list", code=2) == (
        "relmgr: No such command 'clients'. Did you mean 'client'? (see `relmgr --help`)")  # fmt: skip
    assert "Did you mean 'followup'?" in run.error("follow-ups", code=2)
    assert "No such option" in run.error("agenda", "--colour", code=2)
    # suggestions compare names without their dashes: `--due` looked like `--quiet`
    assert run.error("followup", "edit", "1", "--due", "fri", code=2) == (
        "relmgr: No such option: --due (see `relmgr followup edit --help`)")  # fmt: skip
    suggested = run.error("followup", "list", "--owenr", "x", code=2)
    assert "No such option: --owenr (Possible options: --owner)" in suggested


def test_text_that_begins_with_a_dash_is_shown_how_to_give_it(run):
    """`relmgr log Acme "-5% discount agreed"` said only "No such option: -5"."""
    run("client", "add", "Acme")
    assert run.error("log", "Acme", "-5% discount agreed", "--kind", "email", code=2) == (
        "relmgr: '-5% discount agreed' was read as an option (-5): to give text that begins with '-', put `--` "
        "before it: relmgr log Acme --kind email -- '-5% discount agreed'"
    )
    run("log", "Acme", "--kind", "email", "--", "-5% discount agreed")
    assert [i["summary"] for i in run.json("interaction", "list")] == ["-5% discount agreed"]
    assert "put `--` before it: relmgr search -- -invoice" in run.error("search", "-invoice", code=2)
    # an option typed wrong stays an option typed wrong
    assert run.error("agenda", "-j", code=2) == "relmgr: No such option: -j (see `relmgr agenda --help`)"
    assert run.error("client", "list", "-ab", code=2) == "relmgr: No such option: -a (see `relmgr client list --help`)"
    assert "abc" in run.error("contact", "remove", "abc", code=2)


def test_real_program_daily_loop(sh, book_env):
    """The tour from the README, as a new user types it."""
    sh("client", "add", "Acme Manufacturing", "--tier", "A")
    sh("contact", "add", "Acme", "Dana Whitfield", "--title", "VP Operations", "--key")
    line = sh("log", "Acme", "Call with Dana about the renewal", "--contact", "Dana", "--followup", "tomorrow").stdout
    assert line.startswith("Logged call #1 with Acme Manufacturing; follow-up #1 due 2026-11-23")
    plan = json.loads(sh("agenda", "--date", "tomorrow", "--json").stdout)
    assert [f["title"] for f in plan["today"]] == ["Call with Dana about the renewal"]
    sh("followup", "done", "1")
    assert json.loads(sh("agenda", "--date", "tomorrow", "--json").stdout)["today"] == []
    assert oct(os.stat(book_env).st_mode & 0o777) == "0o600"


def test_real_program_errors_have_no_traceback(sh, tmp_path):
    bad = tmp_path / "not-a-book.db"
    bad.write_text("hello")
    done = sh("--db", str(bad), "client", "list", code=1)
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    done = sh("followup", "add", "X", "Y", "--due", "someday", code=2)
    assert "Traceback" not in done.stderr
    done = sh("client", "add", code=2, input="")  # stdin is not a terminal: never asks
    assert "missing NAME" in done.stderr


def test_piped_output_has_no_colour_or_box_art(sh):
    sh("client", "add", "Łódź Textiles")
    out = sh("client", "list").stdout
    assert "Łódź Textiles" in out and "\x1b[" not in out and "│" not in out and "─" not in out


def test_python_dash_m(book_env):
    import sys

    done = subprocess.run([sys.executable, "-m", "relmgr", "--version"], capture_output=True, text=True)
    assert done.stdout.strip() == f"relmgr {relmgr.__version__}"


def test_two_processes_writing_at_once_lose_nothing(book_env):
    subprocess.run([*relmgr_command(), "client", "add", "Acme"], check=True, capture_output=True)
    script = (
        "import sys\n"
        "from relmgr.cli.app import app\n"
        "for i in range(40):\n"
        "    try:\n"
        "        app(['log', 'Acme', f'writer {sys.argv[1]} call {i}'])\n"
        "    except SystemExit as e:\n"
        "        assert e.code == 0, e.code\n"
    )
    env = {**os.environ}
    env.pop("RELMGR_DEBUG", None)

    def writer(name):
        import sys

        return subprocess.run([sys.executable, "-c", script, name], capture_output=True, text=True, env=env)

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(writer, ["a", "b"]))
    for done in results:
        assert done.returncode == 0, done.stderr
        assert "locked" not in done.stderr
    count = sqlite3.connect(book_env).execute("SELECT count(*) FROM interactions").fetchone()[0]
    assert count == 80


def test_a_book_busy_past_the_timeout_says_so(run, book_env, monkeypatch):
    """A write waiting on a long import ended in `database error: database is locked ... (run
    `relmgr doctor` to check the book)`, as if the book were damaged."""
    from relmgr import db

    run("client", "add", "Acme")
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 1000)
    monkeypatch.delenv("RELMGR_DEBUG")
    holder = sqlite3.connect(book_env, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert run.error("log", "Acme", "Call", code=1) == (
            "relmgr: the book is busy: another program has been writing to it for 1 s (a large import?); "
            "nothing was changed (run the command again when it is done)"
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert run.json("log", "Acme", "Call")["id"] == 1


def test_terminal_prompts_for_missing_input(run, monkeypatch):
    monkeypatch.setattr(common, "interactive", lambda: True)
    monkeypatch.setattr(prompts, "text", lambda question: "Asked Corp")
    assert run.json("client", "add")["name"] == "Asked Corp"


def test_terminal_pick_list_for_ambiguous_clients(run, monkeypatch):
    run("client", "add", "Acme One")
    run("client", "add", "Acme Two")
    monkeypatch.setattr(common, "interactive", lambda: True)
    monkeypatch.setattr(prompts, "select", lambda question, candidates: candidates[1][0])
    assert run.json("client", "show", "acme")["name"] == "Acme Two"


def test_no_input_never_prompts(run, monkeypatch):
    monkeypatch.setattr(prompts, "text", lambda question: pytest.fail("asked"))
    monkeypatch.setattr(common.sys.stdin, "isatty", lambda: True, raising=False)
    assert "NAME" in run.error("--no-input", "client", "add", code=2)


def test_completion_reads_names_without_writing(run, book_env):
    run("client", "add", "Łódź Textiles")
    run("client", "add", "Lagos Foods")
    before = book_env.stat().st_mtime_ns
    assert common.complete_client("ŁÓ") == ["Łódź Textiles"]
    assert common.complete_client("") == ["Lagos Foods", "Łódź Textiles"]
    # typed without accents, as `relmgr client show lodz` accepts it; typed accents are meant
    assert common.complete_client("lo") == ["Łódź Textiles"]
    assert common.complete_client("L") == ["Lagos Foods", "Łódź Textiles"]
    assert common.complete_client("ła") == []
    assert book_env.stat().st_mtime_ns == before


def test_completion_of_a_missing_book_is_empty(tmp_path, monkeypatch):
    monkeypatch.setenv("RELMGR_DB", str(tmp_path / "none.db"))
    assert common.complete_client("a") == []
    assert not (tmp_path / "none.db").exists()


def test_shell_completion_end_to_end(run, book_env):
    run("client", "add", "Globex")
    env = {**os.environ, "_RELMGR_COMPLETE": "complete_bash", "COMP_WORDS": "relmgr client show Glo", "COMP_CWORD": "3"}
    done = subprocess.run(relmgr_command(), capture_output=True, text=True, env=env)
    assert "Globex" in done.stdout


def test_demo_fills_a_separate_book(run, tmp_path):
    demo_db = tmp_path / "Jane Doe" / "demo.db"  # the commands it suggests quote such a path
    demo_db.parent.mkdir()
    said = run("--db", str(demo_db), "demo").stderr
    assert said.startswith(f"Demo book at {demo_db}: 12 clients, 16 contacts,") and "1 handover." in said
    plan = run.json("--db", str(demo_db), "agenda")
    assert plan["overdue"] and plan["today"] and plan["stale"]
    figures = run.json("--db", str(demo_db), "kpi")  # every section with real figures, targets too
    assert {t["metric"] for t in figures["targets"]} == {"renewal_rate", "coverage"}
    assert all(t["actual"] is not None for t in figures["targets"])
    clients = run.json("--db", str(demo_db), "client", "list")
    assert len(clients) >= 12
    names = " ".join(c["name"] for c in clients)
    assert "राजस्थान" in names and "Łódź" in names and "PT " in names
    rival = run.json("--db", str(demo_db), "competitors")[0]  # noted at two clients, and took a term
    assert (rival["competitor"], rival["present_at"], rival["lost_terms"]) == ("Contoso Wholesale", 2, 1)
    assert "already holds" in run.error("--db", str(demo_db), "demo", code=1)
    tour = [shlex.split(line)[1:] for line in said.splitlines() if line.startswith("  relmgr ")]
    assert len(tour) == 14 and ["brief", "Tata"] in [args[2:] for args in tour]
    for args in tour:  # every command the demo suggests works on its book
        assert run(*args).stdout.strip(), args
    assert not os.path.exists(os.environ["RELMGR_DB"])  # the user's own book was never touched


@pytest.mark.parametrize("user", ["priya", "Marco", "neha"])
def test_demo_works_for_a_user_named_like_a_colleague_in_it(run, tmp_path, monkeypatch, user):
    """The demo's colleagues (Priya hands her book over, Marco and Neha are in sales) may share the
    user's name; the demo used to fail with 'cannot cover their own book'."""
    monkeypatch.setenv("RELMGR_USER", user)
    demo_db = str(tmp_path / "demo.db")
    run("--db", demo_db, "demo")
    assert len(run.json("--db", demo_db, "client", "list")) >= 12
    cover = run.json("--db", demo_db, "handover", "list")[0]
    assert cover["to"] == user and cover["from"] != user
    assert run.json("--db", demo_db, "agenda")["overdue"]


def test_demo_default_path_is_rebuilt_each_time(run, tmp_path, monkeypatch):
    monkeypatch.setattr(common, "default_path", lambda: tmp_path / "data" / "relmgr.db")
    run("demo")
    run("demo")
    assert (tmp_path / "data" / "demo.db").exists()
    assert not (tmp_path / "data" / "relmgr.db").exists()


def test_a_path_that_cannot_be_written_is_one_line_exit_1(run, tmp_path):
    run("client", "add", "Acme")
    message = run.error("agenda", "--ics", str(tmp_path / "missing" / "dir" / "a.ics"), code=1)
    assert "cannot use" in message and "No such file or directory" in message
    assert "above zero" in run.error("config", "set", "sla.high.respond", "0h", code=2)


def test_json_lists_hold_one_record_a_line_and_records_are_indented(run):
    run("client", "add", "Łódź Logistics", "--tag", "steel")
    run("client", "add", "जयपुर Jewels")
    listed = run("client", "list", "--json").stdout
    lines = listed.splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == 4
    assert [json.loads(line.rstrip(","))["name"] for line in lines[1:3]] == ["Łódź Logistics", "जयपुर Jewels"]
    assert json.loads(listed)[0]["tags"] == ["steel"]
    assert run("client", "list", "--status", "churned", "--json").stdout == "[]\n"
    shown = run("client", "show", "Łódź", "--json").stdout
    assert shown.startswith('{\n  "id": 1,') and json.loads(shown)["name"] == "Łódź Logistics"


def test_json_list_lines_are_what_json_dumps_writes(capsys):
    """The list writer keeps one encoder for every record; each line is still json.dumps's own."""
    from decimal import Decimal

    from relmgr.cli import render

    records = [
        {"name": 'Łódź "Logistics"\nline two\t\u0007', "tags": ["a", "b"], "nested": {"x": [1, 2.5, None]}},
        {"name": "जयपुर Jewels", "value": Decimal("12.50"), "ok": True, "no": False, "big": 10**20, "none": None},
        {},
    ]
    render.as_json(records)
    written = capsys.readouterr().out
    lines = [json.dumps(record, ensure_ascii=False, default=str) for record in records]
    assert written == "[\n  " + ",\n  ".join(lines) + "\n]\n"
    assert json.loads(written)[1]["value"] == "12.50"


def test_long_tables_on_a_terminal_are_aligned_without_rich(run, monkeypatch):
    """Rich takes ~0.5 ms a row (2.5 s for 5,000 clients); past render.LONG rows a terminal gets the
    same alignment as piped output, with the header in colour."""
    from relmgr.cli import render

    monkeypatch.setattr(render, "LONG", 3)
    monkeypatch.setenv("FORCE_COLOR", "1")
    for name in ("Łódź Logistics", "जयपुर Jewels", "Acme"):
        run("client", "add", name)
    short = run("client", "list").stdout
    assert "─" in short  # three rows: Rich draws its rule under the header
    run("client", "add", "Zeta")
    long = run("client", "list").stdout
    lines = long.splitlines()
    assert lines[0].startswith(render.HEADER + "id") and lines[0].endswith(render.RESET) and "─" not in long
    assert lines[1].split()[:3] == ["3", "Acme", "active"] and lines[-1] == f"{render.DIM}4 clients{render.RESET}"
    starts = {render.width(line[: line.index("active")]) for line in lines[1:-1]}
    assert len(starts) == 1  # aligned in columns on screen, Devanagari combining marks and all


@pytest.mark.parametrize("columns", [80, 100])
def test_a_narrow_terminal_wraps_between_words_and_drops_no_column(run, monkeypatch, columns):
    """Rich folded dates (`2026-1` / `2-18`) and names (`Manufact` / `uring`) to fit 80 columns,
    and cropped a column past the edge when told to keep words whole."""
    import re

    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", str(columns))
    names = ("Przedsiębiorstwo Łódź Sp. z o.o.", "Acme Manufacturing", "Initech Software", "Tata Steel Processing")
    for n, name in enumerate(names):
        run("client", "add", name, "--tag", "key-account", "--tag", "inr", "--city", "Bengaluru")
        run("contract", "add", name, "--value", "4500000", "--currency", "INR", "--start", "2026-01-01",
            "--end", f"2026-12-{18 + n}")  # fmt: skip
    whole = {("renewals",): ["2026-10-19", "2026-10-22", "2026-12-18", "2026-12-21", "45,00,000"],
             ("client", "list"): ["key-account,", "Bengaluru"]}  # fmt: skip
    for command, values in whole.items():
        drawn = re.sub(r"\x1b\[[0-9;]*m", "", run(*command).stdout)
        assert max(render_width(line) for line in drawn.splitlines()) <= columns
        words = drawn.split()
        names = ("Przedsiębiorstwo", "Manufacturing", "Processing") if columns >= 100 else ("Processing",)
        for word in (*values, *names):  # on 80 columns a client's longest words may still fold
            assert word in words, (command, word)
        heading = next(line for line in drawn.splitlines() if line.strip().startswith("id"))
        assert heading.split()[-1] in ("owner", "tags"), heading  # the last column is there
    # a record's long value wraps under itself, not back at the left edge under the labels
    run("client", "edit", "Acme", "--notes", "Buys through the Pune plant; " * 8)
    shown = re.sub(r"\x1b\[[0-9;]*m", "", run("client", "show", "Acme").stdout).splitlines()
    notes = next(i for i, line in enumerate(shown) if line.strip().startswith("notes"))
    indent = shown[notes].index("Buys")
    assert shown[notes + 1].startswith(" " * indent) and shown[notes + 1][indent] != " "


def render_width(line: str) -> int:
    from relmgr.cli import render

    return render.width(line)


def test_the_scripted_day_in_examples_runs(book_env, tmp_path):
    """examples/daily.sh, as the README points to it, against a scratch book."""
    script = Path(__file__).resolve().parent.parent / "examples" / "daily.sh"
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "relmgr").exists() and not shutil.which("relmgr"):
        pytest.skip("the relmgr program is not installed beside this Python")
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "RELMGR_USER": "priya"}
    done = subprocess.run(["bash", str(script)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert "overdue: 0 due today: 0" in lines and "promised follow-up #1" in lines
    assert lines[-1] == "['Monthly account check-in (due 2026-11-23)']"  # the promise of the day is kept
    assert any(line.startswith("1,PT Sinar Jaya Abadi,1,Budi Santoso,1,meeting,") for line in lines)


@pytest.mark.parametrize(
    "command",
    [["client", "list"], ["followup", "list"], ["complaint", "list"], ["contract", "list"], ["renewals"],
     ["opportunity", "list"], ["competitors"], ["agenda"], ["kpi"]],
)  # fmt: skip
def test_an_owner_the_book_has_never_seen_is_noted_by_every_list(run, command):
    run("client", "add", "Acme", "--owner", "priya")
    assert run(*command, "--owner", "priya").stderr == ""
    typo = run(*command, "--owner", "priay")
    assert typo.stderr == ("relmgr: note: 'priay' owns nothing in this book (no clients, follow-ups, complaints, "
                           "deals or handovers); check the spelling\n")  # fmt: skip


def test_a_typed_date_that_reads_both_ways_follows_the_book(run, book_env):
    """5/12/2026 is 12 May to dateutil (and to an American) but 5 December in India, Poland and
    Indonesia: unset, it is read month first with a note; `dates.order` says which."""
    run("client", "add", "Acme")
    first = run("followup", "add", "Acme", "Send the quote", "--due", "5/12/2027")
    assert "due 2027-05-12" in first.stdout
    assert first.stderr.strip() == (
        "relmgr: note: read --due '5/12/2027' month first, as 12 May 2027; "
        "`relmgr config set dates.order day-first` reads it as day/month"
    )
    assert run("followup", "add", "Acme", "Christmas card", "--due", "25/12/2026").stderr == ""  # only one way
    assert run("followup", "add", "Acme", "May Day", "--due", "5/5/2027").stderr == ""  # the same both ways
    assert run("config", "set", "dates.order", "DMY").stdout.strip() == "Set dates.order = day-first"
    for typed, due in [("5/12/2026", "2026-12-05"), ("05.12.2026 14:00", "2026-12-05T14:00"),
                       ("12/25/2026", "2026-12-25")]:  # fmt: skip
        added = run("followup", "add", "Acme", "Visit", "--due", typed, "-q")
        dues = {f["id"]: f["due"] for f in run.json("followup", "list")}
        assert added.stderr == "" and dues[int(added.stdout)].startswith(due)
    run("config", "set", "dates.order", "month-first")
    quiet = run("log", "Acme", "Call", "--at", "11/10/2026 09:00")
    assert quiet.stderr == "" and run.json("interaction", "list")[0]["at"] == "2026-11-10T09:00:00+05:30"
    assert "is not a date order" in run.error("config", "set", "dates.order", "sideways", code=2)


@pytest.mark.parametrize(
    ("args", "env"),
    [(["client", "list"], {}), (["client", "list"], {"FORCE_COLOR": "1", "COLUMNS": "100"}),
     (["client", "list", "--json"], {}), (["export", "clients"], {}), (["export", "clients", "-o", "-"], {})],
)  # fmt: skip
def test_a_reader_that_stops_early_is_no_failure(book_env, tmp_path, args, env):
    """`relmgr client list | head -1` exited 1 (Typer's main, and Rich's console, turn a broken
    pipe into exit 1), which stops a `set -o pipefail` script; `--json` exited 0."""
    names = "".join(f"Client {n:05}\n" for n in range(6000))
    (tmp_path / "many.csv").write_text("name\n" + names)
    subprocess.run([*relmgr_command(), "import", "clients", str(tmp_path / "many.csv")], check=True,
                   capture_output=True)  # fmt: skip
    reader = subprocess.Popen([*relmgr_command(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env={**os.environ, **env}, cwd=tmp_path)  # fmt: skip
    assert reader.stdout.readline()
    reader.stdout.close()
    assert reader.wait(timeout=60) == 0
    assert reader.stderr.read() == b""
    reader.stderr.close()


def test_export_to_dash_is_standard_output_and_all_needs_a_folder(run, tmp_path, monkeypatch):
    run("client", "add", "Acme")
    monkeypatch.chdir(tmp_path)
    assert run("export", "clients", "-o", "-").stdout.splitlines()[1].startswith("1,Acme,")
    assert "`export all` needs -o FOLDER (one file per entity)" in run.error("export", "all", "-o", "-", code=2)
    assert not (tmp_path / "-").exists()


def test_the_cli_s_day_limit_is_the_span_relmgr_keeps():
    """`common.MAX_DAYS` is written out (importing relmgr.dates at start-up costs ~12 ms); it must
    stay the hundred years `dates.MAX_SPAN` allows."""
    from relmgr import dates

    assert common.MAX_DAYS == dates.MAX_SPAN.days
