"""Reading a CSV file for import: encoding, delimiter, line numbers, and mapping its header (and
reading JSON as `export --format json|jsonl` writes it into the same rows of text cells).

UTF-8 with or without BOM (or `--encoding`), `,` `;` or tab sniffed from the header line (or
`--delimiter`), quoted fields spanning lines, and each record numbered by the file line where it
starts, so errors point at what the user sees in an editor. Header names are folded (see
`relmgr.tabular.fold_header`) and matched against each entity's fields and aliases.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from relmgr import records
from relmgr.errors import BadInput, Invalid
from relmgr.tabular import PROSE, PSEUDO, Entity, fold_header


@dataclass
class Options:
    dry_run: bool = False
    skip_invalid: bool = False
    mapping: dict[str, str] = field(default_factory=dict)
    delimiter: str | None = None
    encoding: str | None = None
    dayfirst: bool = False
    monthfirst: bool = False
    create_clients: bool = False
    rejects: Path | None = None


class SkipRow(Exception):
    """A row that is not this entity's: left out, counted. An Odoo person in a clients import, or
    an account whose type says it is not a client (`why`: that type, say "competitor")."""

    def __init__(self, why: str = ""):
        super().__init__(why)
        self.why = why


class RowErrors(Exception):
    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__(problems)
        self.problems = problems


def parse_mapping(pairs: list[str], entity: Entity) -> dict[str, str]:
    """--map COL=FIELD pairs as {folded column: field or ''} (empty: ignore the column)."""
    known = set(entity.fields) | set(PSEUDO.get(entity.name, ()))
    mapping = {}
    for pair in pairs:
        column, sep, target = pair.partition("=")
        if not sep or not column.strip():
            raise BadInput(f"--map {pair!r} is not COL=FIELD", "e.g. --map 'Customer Ref=external_id'")
        target = target.strip().lower()
        if target in ("ignore", "-", "skip", ""):
            target = ""
        elif target not in known:
            raise BadInput(f"--map {pair!r}: {entity.name} have no field {target!r}",
                           f"fields: {', '.join(sorted(known))}, or ignore")  # fmt: skip
        mapping[fold_header(column)] = target
    return mapping


def _open_text(source: str, encoding: str | None, *, json_file: bool = False) -> io.TextIOBase:
    if source == "-":
        raw = sys.stdin.buffer
    else:
        path = Path(source).expanduser()
        if path.is_dir():
            raise BadInput(f"{source} is a folder", "give a file, or use `relmgr import all FOLDER`")
        if not path.exists():
            raise BadInput(f"no file {source}", "check the path")
        raw = path.open("rb")
    if not hasattr(raw, "peek"):
        raw = io.BufferedReader(raw)
    head = raw.peek(65536)[:65536]
    try:
        chosen = codecs.lookup(encoding).name if encoding else _by_mark(head)
    except LookupError:
        raise BadInput(f"unknown encoding {encoding!r}", "e.g. utf-8, cp1250, latin-1") from None
    if b"\x00" in head and not chosen.startswith(("utf-16", "utf-32")):
        raise Invalid(f"{source} looks like a binary file, not CSV", "export it from the spreadsheet as CSV first")
    if not head.strip() and not json_file:  # JSON Lines of no records is an empty file
        raise Invalid(f"{source} is empty", "a CSV file starts with a header line")
    if chosen == "utf-8-sig" and not head.startswith(codecs.BOM_UTF8):
        chosen = "utf-8"  # the same text; the name says how to write a file like it (rejects)
    return io.TextIOWrapper(raw, encoding=chosen, newline="")


def _by_mark(head: bytes) -> str:
    """UTF-8 (with or without its byte order mark), or UTF-16/32 when the file starts with theirs:
    Excel's "Unicode Text" is UTF-16 with a mark, tab-separated."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8-sig"


def _delimiter(first_line: str, given: str | None) -> str:
    if given:
        return "\t" if given.lower() in ("tab", "\\t", "\t") else given[0]
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


# The longest cell read: csv's own limit, 131,072 characters, refused the export of a client whose
# notes hold a long email thread. A cell is held whole in memory, so the limit stays: one quote
# left open reads on to the end of the file, and stops there or at this many characters.
CELL_LIMIT = 16 * 1024 * 1024


@dataclass
class Layout:
    """How a file was written, so that a file for its user to mend (the rejects) is written alike:
    Excel in Poland writes `;` and a byte order mark, and opens a `,` file as one column."""

    delimiter: str = ","
    encoding: str = "utf-8"  # utf-8-sig when the file began with a byte order mark
    hinted: bool = False  # the file began with Excel's `sep=;` line


# Excel reads a first line `sep=;` as the file's delimiter (and some exports write one for it).
_SEPARATOR_HINT = re.compile(r"sep=(.)\r?\n?$", re.IGNORECASE)


def read_rows(
    source: str, options: Options, layout: Layout | None = None
) -> tuple[list[str], Iterator[tuple[int, list[str]]], Callable[[], None], Callable[[], float | None]]:
    """(header, rows as (line number where the record starts, cells), close, share read so far);
    `layout`, if given, is filled in with the file's delimiter and encoding.

    The share is of the file's bytes (None for standard input, whose size is unknown)."""
    json_file = source.lower().endswith((".json", ".jsonl"))
    text = _open_text(source, options.encoding, json_file=json_file)
    share = _share_read(text.buffer)
    try:
        first = text.readline()
        hint = None if json_file else _SEPARATOR_HINT.match(first)
        if hint:  # Excel's note of the file's delimiter, before the header: `sep=;`
            first = text.readline()
    except UnicodeDecodeError:
        text.close()
        raise Invalid(f"{source} is not UTF-8 text", "pass --encoding, e.g. --encoding cp1250 or latin-1") from None
    if not first.strip() and not json_file:
        text.close()
        raise Invalid(f"{source} is empty", "a CSV file starts with a header line")
    if json_file or first.lstrip().startswith(("[", "{")):
        header, records = _json_rows(text, first, source)
        return header, records, text.close, share
    delimiter = _delimiter(first, options.delimiter or (hint and hint.group(1)))
    if layout is not None:
        layout.delimiter, layout.encoding, layout.hinted = delimiter, text.encoding, bool(hint)
    header_line = 2 if hint else 1
    header = next(csv.reader([first], delimiter=delimiter))
    csv.field_size_limit(CELL_LIMIT)
    reader = csv.reader(text, delimiter=delimiter, strict=True)

    def rows() -> Iterator[tuple[int, list[str]]]:
        line, footer = header_line + 1, False
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError:
                raise Invalid(f"line {line}: {source} is not UTF-8 text", "pass --encoding, e.g. cp1250") from None
            except csv.Error as error:
                if "field limit" in str(error):
                    raise Invalid(
                        f"line {line}: a cell runs past {CELL_LIMIT:,} characters",
                        "a quote left open runs on to the end of the file: check the quoting on that line",
                    ) from None
                raise Invalid(f"line {line}: {error}", "check the quoting on that line") from None
            start, line = line, reader.line_num + header_line + 1
            if len(cells) == 1 and len(header) > 1 and (footer or _REPORT_FOOTER.match(cells[0])):
                footer = True  # a Salesforce report's closing lines: notice, copyright, who made it
                continue
            if cells and _REPORT_TOTALS.match(cells[0]):
                continue  # "Grand Totals (2 records)", with sums in the number columns: not a record
            if cells and any(cell.strip() for cell in cells):
                yield start, cells

    return header, rows(), text.close, share


def _json_rows(text: io.TextIOBase, first: str, source: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """(header, rows) of what `export --format json|jsonl` writes: a JSON array of objects (read
    whole) or JSON Lines (read line by line), each record numbered by the line it starts on; no
    header for a file of no records (`[]`, or an empty `.jsonl`: an export of an empty table).

    Values become the text a CSV export holds, so the rest of the import reads them alike: null
    empty, booleans true/false, tags joined with commas, lists of objects (a complaint's events) as
    JSON, numbers as written (money stays exact). Every cell goes through `protect`, whose inverse
    the import applies: a JSON string is taken as it is, leading `=` or `'` and all."""
    import json
    from decimal import Decimal

    from relmgr.cells import protect

    decoder = json.JSONDecoder(parse_float=Decimal)
    array = first.lstrip().startswith("[")
    lines_file = source.lower().endswith(".jsonl")
    whole = [array]  # read whole (an array, or a document over many lines), not a line at a time

    def cell(value) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return protect(",".join(value))
        if isinstance(value, list | dict):
            return protect(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
        return protect(format(value, "f") if isinstance(value, Decimal) else str(value))  # 1E+3: 1000

    def records() -> Iterator[tuple[int, dict]]:
        if array:
            yield from _json_array(first + text.read(), decoder, source)
            return
        for line, raw in enumerate(chain([first], text), start=1):
            if raw.strip():
                try:
                    record = decoder.decode(raw)
                except json.JSONDecodeError as error:
                    if line == 1 and not lines_file and raw.lstrip().startswith("{"):  # over many lines
                        whole[0] = True
                        yield from _json_document(raw + text.read(), decoder, source)
                        return
                    raise Invalid(f"line {line}: {source} is not JSON Lines ({error.msg})") from None
                if line == 1 and not lines_file and _enveloped(record):
                    whole[0] = True
                    yield from _json_document(raw + text.read(), decoder, source)
                    return
                yield line, record

    found = records()
    line, head = next(found, (0, None))
    if head is None:
        return [], iter(())
    if not isinstance(head, dict) or not head:
        raise Invalid(f"{source} holds no JSON records", "give a list of objects, or one object a line (JSON Lines)")
    header = list(head)
    if whole[0]:  # read whole anyway: any record may bring a key of its own
        rest = list(found)
        header += dict.fromkeys(key for _, record in rest if isinstance(record, dict) for key in record if
                                key not in head)  # fmt: skip
        found = iter(rest)
    slots = {key: index for index, key in enumerate(header)}

    def rows() -> Iterator[tuple[int, list[str]]]:
        for at, record in chain([(line, head)], found):
            if not isinstance(record, dict):
                raise Invalid(f"line {at}: a record is a JSON object {{...}}, not {type(record).__name__}")
            cells = [""] * len(header)
            for key, value in record.items():
                if key not in slots:
                    raise Invalid(f"line {at}: {key!r} is not a key of the first record",
                                  "give every record the keys of the first")  # fmt: skip
                cells[slots[key]] = cell(value)
            if any(cells):
                yield at, cells

    return header, rows()


def _enveloped(value) -> bool:
    """A JSON object holding nothing but one list of objects, as scripts and APIs wrap records
    (`{"data": [...]}`, `{"clients": [...]}`)."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    (listed,) = value.values()
    return isinstance(listed, list) and all(isinstance(item, dict) for item in listed)


def _json_document(body: str, decoder, source: str) -> Iterator[tuple[int, object]]:
    """The records of one JSON document that is not an array: the list in an envelope, each with
    the line it starts on, or the object itself as one record."""
    import json

    try:
        value = decoder.decode(body)
    except json.JSONDecodeError as error:
        raise Invalid(f"line {error.lineno}: {source} is not JSON ({error.msg})",
                      "give a list of objects, or one object a line (JSON Lines)") from None  # fmt: skip
    if not _enveloped(value):
        yield body.count("\n", 0, len(body) - len(body.lstrip())) + 1, value
        return
    start = re.compile(r"\{\s*" + re.escape(json.dumps(next(iter(value)))) + r"\s*:\s*").match(body.lstrip())
    if start is None:  # the key written with escapes: the records, numbered as they come
        yield from enumerate(next(iter(value.values())), start=1)
        return
    offset = len(body) - len(body.lstrip()) + start.end()
    _, end = decoder.raw_decode(body, offset)
    lines = body.count("\n", 0, offset)
    for line, record in _json_array(body[offset:end], decoder, source):
        yield line + lines, record


def _json_array(body: str, decoder, source: str) -> Iterator[tuple[int, object]]:
    """The elements of a JSON array with the line each starts on."""
    import json

    space = re.compile(r"\s*")
    position = space.match(body, body.index("[") + 1).end()
    line, counted = 1, 0
    while position < len(body) and body[position] != "]":
        line += body.count("\n", counted, position)
        counted = position
        try:
            element, position = decoder.raw_decode(body, position)
        except json.JSONDecodeError as error:
            raise Invalid(f"line {line}: {source} is not a JSON array of records ({error.msg})") from None
        yield line, element
        position = space.match(body, position).end()
        if body[position : position + 1] == ",":
            position = space.match(body, position + 1).end()
        elif position < len(body) and body[position] != "]":
            raise Invalid(f"line {line + body.count(chr(10), counted, position)}: {source} is not a JSON array "
                          "of records (expected , or ])")  # fmt: skip
    if body[position : position + 1] != "]" or body[position + 1 :].strip():
        raise Invalid(f"{source} is not a JSON array of records (it does not end with ])")


_REPORT_FOOTER = re.compile(r"\s*(Confidential Information|Copyright \(c\)|Generated By:)", re.IGNORECASE)
_REPORT_TOTALS = re.compile(r"\s*Grand Totals? \([\d,. ]+ records?\)\s*$", re.IGNORECASE)


def _share_read(raw) -> Callable[[], float | None]:
    try:
        size = os.fstat(raw.fileno()).st_size if raw is not sys.stdin.buffer else 0
    except (OSError, AttributeError, ValueError):
        size = 0
    if not size:
        return lambda: None
    return lambda: min(raw.tell() / size, 1.0)


def _prefixed(header: str, entity: Entity, own: dict[str, str]) -> tuple[str, str | None]:
    """(key, field) of a header qualified as Pipedrive writes them: `Organization - Name`,
    `Person - Email - Work`, `Organization - Address - Country`. Its own id is another system's:
    the client's external id."""
    rest = header.split(" - ", 1)[1]
    for candidate in (rest, rest.split(" - ", 1)[0], rest.rsplit(" - ", 1)[-1]):
        key = fold_header(candidate)
        target = own.get(key) or entity.aliases.get(key)
        if target == "id":
            target = "external_id" if "external_id" in entity.fields else None
        if target:
            return key, target
    return fold_header(header), None


# `Created (UTC)`, `Close Date UTC`: a time column whose name says its times are UTC
_IN_UTC = re.compile(r"(.+?)\s*[(\[]?\s*(?:UTC|GMT)\s*[)\]]?\s*", re.IGNORECASE)


def _utc_column(header: str, entity: Entity, own: dict[str, str]) -> tuple[str, str] | None:
    """(key, field) of a time column whose name says its times are UTC, else None."""
    zoned = _IN_UTC.fullmatch(header)
    if not zoned:
        return None
    key = fold_header(zoned[1])
    target = own.get(key) or entity.aliases.get(key)
    return (key, target) if target and dict(entity.columns).get(target) == "time" else None


def map_header(
    header: list[str], entity: Entity, mapping: dict[str, str], source: str
) -> tuple[dict[int, str], dict[int, tuple[int, ...]], list[str], frozenset[int]]:
    """({column index: field}, {column index: backup column indexes}, warnings, the indexes of
    columns whose times are UTC); raise Invalid for a repeated column, or none or not all of the
    required ones.

    Two different columns may give one field, as CRM exports do (Salesforce's `Phone` and
    `Mobile`, `Billing City` and `Shipping City`): the first of them by `--map`, then the field's
    own name, then the order of the aliases is read, and the others fill it where it is empty."""
    folded = [fold_header(h) for h in header]
    warnings = []
    if entity.name == "contacts" and {"title", "jobtitle"} <= set(folded) and "title" not in mapping:
        # Outlook's contacts export: its Title is the salutation (Mr., Dr.), its Job Title the job
        mapping = {**mapping, "title": ""}
        warnings.append(f"{header[folded.index('title')]!r} beside 'Job Title' is a salutation (Mr., Dr.): not kept")
    for column in mapping:
        if column not in folded:
            raise BadInput(f"--map names a column {source} does not have", f"its columns: {', '.join(header)}")
    own = {fold_header(name): name for name in entity.fields}
    rank = {key: position for position, key in enumerate(entity.aliases)}
    given: dict[str, list[int]] = {}
    unknown = []
    in_utc: set[int] = set()
    keys = list(folded)  # what each header is known by (a qualified one by its last part)
    for index, key in enumerate(folded):
        target = mapping.get(key) if key in mapping else own.get(key) or entity.aliases.get(key)
        if target is None and key == "error" and index == len(folded) - 1 > 0:
            continue  # the reasons a rejects file gives, when it comes back fixed
        if target is None and " - " in header[index]:
            keys[index], target = _prefixed(header[index], entity, own)
        if target is None:
            zoned = _utc_column(header[index], entity, own)
            if zoned:
                keys[index], target = zoned
                in_utc.add(index)
        if target == "":
            continue
        if target is None:
            unknown.append(header[index])
            continue
        given.setdefault(target, []).append(index)
    nameless = sum(1 for name in unknown if not name.strip())  # Excel's empty columns after the last
    unknown = [name for name in unknown if name.strip()]

    def priority(index: int) -> tuple:
        key = keys[index]
        return (0, index) if key in mapping else (1, index) if key in own else (2, rank.get(key, 0), index)

    chosen: dict[int, str] = {}
    backups: dict[int, tuple[int, ...]] = {}
    columns = "column" if len(unknown) == 1 else "columns"
    warnings += [f"ignoring unknown {columns}: {', '.join(unknown)}"] if unknown else []
    warnings += [f"ignoring {records.count(nameless, 'column')} without a name"] if nameless else []
    for target, indexes in given.items():
        for position, index in enumerate(indexes):
            if folded[index] in (folded[other] for other in indexes[:position]):
                raise Invalid(f"{source} has the column {header[index]!r} twice",
                              f"rename or remove one; or --map '{header[index]}=ignore' to drop both")  # fmt: skip
        first, *rest = sorted(indexes, key=priority)
        chosen[first] = target
        if rest:
            backups[first] = tuple(rest)
            others = " and ".join(repr(header[index]) for index in rest)
            verb = "is" if len(rest) == 1 else "are"
            how = f"added to {target} after" if target in PROSE else f"read for {target} only where"
            tail = "" if target in PROSE else " is empty"
            warnings.append(f"{others} {verb} {how} {header[first]!r}{tail} "
                            f"(--map '{header[rest[0]]}=ignore' to drop it)")  # fmt: skip
    fields_given = set(chosen.values())
    if not fields_given:
        raise Invalid(f"no column of {source} names a field of {entity.name}",
                      f"its columns: {', '.join(header)}; use --map COL=FIELD")  # fmt: skip
    if "first_name" in fields_given or "last_name" in fields_given:
        fields_given.add("name")
    if {"csat", "nps"} & fields_given:
        fields_given |= {"kind", "score"}
    missing = [name for name in entity.required if name not in fields_given]
    if missing == ["kind"] and "score" in fields_given:  # a survey tool's export: one survey, its scores
        scores = header[next(index for index, name in chosen.items() if name == "score")]
        raise Invalid(f"{source} does not say which survey its scores answer",
                      f"--map '{scores}=nps' (0 to 10) or --map '{scores}=csat' (1 to 5)")  # fmt: skip
    if missing:
        raise Invalid(f"{source} has no column for {', '.join(missing)}",
                      f"its columns: {', '.join(header)}; use --map COL={missing[0]}")  # fmt: skip
    return dict(sorted(chosen.items())), backups, warnings, frozenset(in_utc)
