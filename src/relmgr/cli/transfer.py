"""`relmgr export` and `relmgr import`: CSV, JSON and JSON Lines out and in, all or nothing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from relmgr import records
from relmgr.cli import render
from relmgr.cli.common import CsvOpt, DefaultCommandGroup, JsonOpt, QuietOpt, UnnamedCommand, book, id_arg, me
from relmgr.errors import BadInput, Invalid

ENTITY_HELP = (
    "clients, contacts, interactions, followups, complaints, contracts, opportunities, feedback, competitors, or all"
)


class _Progress:
    """A progress bar on stderr while long work runs: the share done where it is known (the bytes
    of a file read, the records of a table written), else a moving bar; with the rows so far.
    Rich is imported only when the first bar is drawn."""

    def __init__(self, label: str, console=None):
        self.label, self.console = label, console
        self.bar = None

    def __call__(self, done: int, share: float | None = None) -> None:
        if self.bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                TextColumn("{task.fields[rows]} rows"), TimeRemainingColumn(),
                console=self.console or Console(stderr=True),
            )  # fmt: skip
            self.task = self.bar.add_task(self.label, total=None if share is None else 1.0, rows="0")
            self.bar.start()
        self.bar.update(self.task, completed=share or 0, rows=f"{done:,}")

    def finish(self) -> None:
        if self.bar is not None:
            if self.bar.tasks[0].total is not None:
                self.bar.update(self.task, completed=1.0)
            self.bar.stop()


def _progress(label: str) -> _Progress | None:
    return _Progress(label) if sys.stderr.isatty() else None


def export(
    entity: Annotated[str, typer.Argument(metavar="ENTITY", help=ENTITY_HELP + ".")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (a folder for `all`); "
                                                "default: standard output.", show_default=False)] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="csv, json or jsonl (default: from -o's extension, "
                                            "else csv).", show_default=False)] = None,
    excel: Annotated[bool, typer.Option("--excel", help="Begin CSV with a byte-order mark, so that Excel reads "
                                        "accents and scripts (Łódź, राजस्थान) as written.")] = False,
) -> None:  # fmt: skip
    """Export records as CSV, JSON or JSON Lines, streaming however many there are."""
    from relmgr import exporting
    from relmgr.db import private_file
    from relmgr.tabular import ENTITIES

    name = entity.strip().lower()
    if name != "all" and name not in ENTITIES:
        raise BadInput(f"unknown entity {entity!r}", f"one of: {ENTITY_HELP}")
    chosen = (fmt or (output.suffix.lstrip(".").lower() if output and name != "all" else "") or "csv").lower()
    if chosen not in exporting.FORMATS:
        raise BadInput(f"unknown format {chosen!r}", "use csv, json or jsonl")
    if excel and chosen != "csv":
        raise BadInput(f"--excel is for CSV, not {chosen}", "leave out --excel, or export CSV")
    mark = "\ufeff" if excel else ""  # Excel takes a CSV without it for the local code page
    if output is not None and str(output) == "-":
        output = None  # standard output, as `import ENTITY -` reads standard input
    opened = book()
    if name == "all":
        if output is None:
            raise BadInput("`export all` needs -o FOLDER (one file per entity)", "e.g. relmgr export all -o backup/")
        output.mkdir(parents=True, exist_ok=True)
        for each in ENTITIES:
            progress = _progress(each)
            with private_file(output / f"{each}.{chosen}") as out:
                out.write(mark)
                count = exporting.write(opened, each, out, chosen, progress)
            if progress:
                progress.finish()
            render.say(f"Exported {records.count_of(count, each)} to {output / f'{each}.{chosen}'}")
        return
    if output is None:
        sys.stdout.write(mark)
        exporting.write(opened, name, sys.stdout, chosen)
        return
    if output.is_dir():
        raise Invalid(f"{output} is a folder", f"give a file name such as {name}.{chosen}")
    progress = _progress(name)
    with private_file(output) as out:
        out.write(mark)
        count = exporting.write(opened, name, out, chosen, progress)
    if progress:
        progress.finish()
    render.say(f"Exported {records.count_of(count, name)} to {output}")


class ImportGroup(DefaultCommandGroup):
    """`relmgr import ENTITY FILE` imports; `relmgr import history|undo` look back."""

    default_command = "file"


importer = typer.Typer(
    cls=ImportGroup,
    help="Import CSV (or JSON): `relmgr import ENTITY FILE` (its options: `relmgr import ENTITY --help`), "
    "`relmgr import all FOLDER`, `import history`, `import undo ID`.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@importer.command("file", cls=UnnamedCommand, hidden=True)
def import_file(
    entity: Annotated[str, typer.Argument(metavar="ENTITY", help=ENTITY_HELP + ".")],
    source: Annotated[str, typer.Argument(metavar="FILE", help="The CSV file (- for standard input; a folder "
                                          "for `all`).")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and count, write nothing.")] = False,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="Write the good rows; put the bad ones in "
                                               "FILE.rejects.csv.")] = False,
    mapping: Annotated[list[str] | None, typer.Option("--map", help="COL=FIELD for a header relmgr does not know "
                                                      "(FIELD 'ignore' drops it).", show_default=False)] = None,
    delimiter: Annotated[str | None, typer.Option("--delimiter", help="Field separator (default: sniffed , ; or tab).",
                                                  show_default=False)] = None,
    encoding: Annotated[str | None, typer.Option("--encoding", help="e.g. cp1250, latin-1 (default: UTF-8).",
                                                 show_default=False)] = None,
    dayfirst: Annotated[bool, typer.Option("--dayfirst", help="Dates like 31/01/2026.")] = False,
    monthfirst: Annotated[bool, typer.Option("--monthfirst", help="Dates like 01/31/2026.")] = False,
    create_clients: Annotated[bool, typer.Option("--create-clients", help="Add the clients, and the people "
                                                 "at them, that the file names and the book lacks.")] = False,
    rejects: Annotated[Path | None, typer.Option("--rejects", help="Where --skip-invalid writes bad rows.",
                                                 show_default=False)] = None,
    json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Import a CSV file, or JSON as export writes it (with `all`, a folder `export all` wrote), in one transaction."""
    from relmgr import importing

    if dayfirst and monthfirst:
        raise BadInput("--dayfirst and --monthfirst contradict each other", "give one")
    options = importing.Options(dry_run=dry_run, skip_invalid=skip_invalid, delimiter=delimiter, encoding=encoding,
                                dayfirst=dayfirst, monthfirst=monthfirst, create_clients=create_clients,
                                rejects=rejects)  # fmt: skip
    progress = _progress("importing")
    try:
        reports, import_id = importing.run(book(), entity.strip().lower(), source, options, user=me(),
                                           mapping=mapping or [], progress=progress)  # fmt: skip
    except importing.Rejected as rejected:
        _report(rejected.reports, None, dry_run, json_=False, quiet=True)
        bad = sum(r.error_count for r in rejected.reports)
        raise Invalid(
            f"import refused: {records.count(bad, 'bad row')}; nothing was written",
            f"fix them and run it again{_drop_hint(rejected.reports)}, or pass --skip-invalid",
        ) from None
    finally:
        if progress:
            progress.finish()
    _report(reports, import_id, dry_run, json_=json_, quiet=quiet)


def _drop_hint(reports) -> str:
    """When every bad cell is in one column a record can do without (Zoho's Rating of "Acquired"),
    how to leave that column out."""
    from relmgr.tabular import SPECS

    fields = {(r.entity, name) for r in reports for _, name, _ in r.errors}
    if len(fields) != 1 or any(r.error_count > len(r.errors) for r in reports):
        return ""
    if any("in the future" in problem for r in reports for _, _, problem in r.errors):
        return ""  # the rows are wrong, not the column: without it they would be dated today
    ((entity, name),) = fields
    report = next(r for r in reports if r.entity == entity)
    if name not in report.columns or name in SPECS[entity].required:
        return ""
    return f", leave the column out with --map '{report.columns[name]}=ignore'"


def _report(reports, import_id, dry_run: bool, *, json_: bool, quiet: bool) -> None:
    for report in reports:
        for warning in report.warnings:
            render.say(f"relmgr: warning: {report.source}: {warning}")
        for line, name, problem in report.errors:
            render.say(f"line {line}: {name}: {problem}" + (f" ({report.source})" if len(reports) > 1 else ""))
        if report.error_count > len(report.errors):
            more = records.count(report.error_count - len(report.errors), "more bad row")
            render.say(f"... and {more} in {report.source}")
    if json_:
        render.as_json({"import_id": import_id, "dry_run": dry_run,
                        "entities": [{"entity": r.entity, "file": r.source, **r.counts(),
                                      "rejects_file": r.rejects_file} for r in reports]})  # fmt: skip
        return
    if quiet:
        if import_id is not None:
            print(import_id)
        return
    for r in reports:
        created = "".join(f", {number:,} {what} created" for number, what in
                          ((r.clients_created, "clients"), (r.contacts_created, "contacts")) if number)  # fmt: skip
        rejects = f" (bad rows in {r.rejects_file})" if r.rejects_file else ""
        not_clients = sum(r.not_clients.values())  # accounts a CRM keeps of competitors, the press...
        if not_clients:
            kinds = ", ".join(f"{count:,} {kind}" for kind, count in sorted(r.not_clients.items()))
            rejects += f"; {not_clients:,} skipped (not clients: {kinds})"
        if r.skipped > not_clients:  # the rest: a list of companies and people, by its "Is a Company" column
            other, entity = ("companies", "clients") if r.entity == "contacts" else ("people", "contacts")
            rejects += (
                f"; {r.skipped - not_clients:,} skipped ({other}: `relmgr import {entity} {r.source}` takes them)"
            )
        print(f"{r.entity} from {r.source}: {r.added:,} added, {r.updated:,} updated, {r.unchanged:,} unchanged, "
              f"{r.rejected:,} rejected{created}{rejects}")  # fmt: skip
    if dry_run:
        print("Dry run: nothing was written.")
    elif import_id is None:
        print("Nothing changed, so there is nothing to undo.")
    else:
        print(f"Import #{import_id} done; `relmgr import undo {import_id}` takes it back.")


@importer.command("history")
def history(json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """List past imports, newest first."""
    from relmgr import importlog

    rows = importlog.history(book())
    for row in rows:
        row["at"] = records.local_time(row["at"])
        row["undone_at"] = records.local_time(row["undone_at"])
        row["added"] = sum(c.get("added", 0) + c.get("clients_created", 0) + c.get("contacts_created", 0)
                           for c in row["counts"].values())  # fmt: skip
        row["updated"] = sum(c.get("updated", 0) for c in row["counts"].values())
    if csv_:  # a row a line: the totals, not the counts per entity
        render.as_csv(rows, ["id", "at", "entity", "file", "by", "added", "updated", "undone_at"])
        return
    render.listing(rows, json_=json_, csv_=False, draw=lambda: render.table(
        ["id", "at", "entity", "file", "by", "added", "updated", "undone"],
        [[r["id"], render.minute(r["at"]), r["entity"], r["file"], r["by"], r["added"], r["updated"],
          render.minute(r["undone_at"])] for r in rows],
        empty="No imports yet.",
    ))  # fmt: skip


@importer.command("undo")
def undo(
    import_id: Annotated[int, id_arg("The import's id (see `relmgr import history`).")],
    json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Take an import back: remove what it added and restore what it updated."""
    from relmgr import importlog

    result = importlog.undo(book(), import_id)
    done = [f"removed {records.count(result['removed'], 'record')}" if result["removed"] else "",
            f"restored {records.count(result['restored'], 'record')}" if result["restored"] else ""]  # fmt: skip
    said = " and ".join(filter(None, done)) or "nothing left to take back"
    render.wrote(f"Undid import #{import_id}: {said}", result, json_=json_, quiet=quiet)


COMMANDS = {"export": export, "import": importer}
