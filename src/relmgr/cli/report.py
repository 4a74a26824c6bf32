"""`relmgr kpi` and `relmgr target`: how the book is doing, against what it aims for."""

from __future__ import annotations

from typing import Annotated

import typer

from relmgr import dates, money
from relmgr.cli import render
from relmgr.cli.common import JsonOpt, QuietOpt, book, me, note_if_unknown
from relmgr.errors import BadInput

target = typer.Typer(help="KPI targets per owner and period.", no_args_is_help=True, rich_markup_mode=None)
RATES = {"renewal_rate", "grr", "nrr", "response_sla_met", "resolution_sla_met", "escalation_rate", "reopen_rate",
         "csat", "coverage", "win_rate"}  # fmt: skip
TREND = [
    ("renewals", "renewal_rate"), ("renewals", "nrr"), ("renewals", "grr"), ("complaints", "opened"),
    ("complaints", "response_sla_met"), ("complaints", "resolution_sla_met"), ("satisfaction", "csat"),
    ("satisfaction", "nps"), ("engagement", "interactions"), ("engagement", "coverage"), ("growth", "won"),
]  # fmt: skip
BARS = " ▁▂▃▄▅▆▇█"


def shown(name: str, value) -> str:
    """A figure for people: rates as percentages, no basis as an em dash."""
    from decimal import Decimal

    from relmgr.rounding import half_up

    if value is None:
        return "—"
    if value == {}:
        return "0"  # nothing won in any currency is worth nothing, not a rate without a basis
    if name in RATES or name == "attainment" or (name == "actual_rate"):
        return f"{half_up(Decimal(repr(value)) * 100, 1)}%"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, dict):
        return "; ".join(money.show(str(v), k) for k, v in value.items())
    return f"{value:,}" if isinstance(value, int) else str(value)


def _period(period: str | None, from_: str | None, to: str | None):
    from relmgr import periods

    if period and (from_ or to):
        raise BadInput("give --period or --from/--to, not both")
    if from_ or to:
        if not (from_ and to):
            raise BadInput("--from and --to go together")
        return periods.between(dates.parse_date(from_, what="--from"), dates.parse_date(to, what="--to"))
    return periods.parse(period) if period else periods.current_month()


def kpi(
    period: Annotated[str | None, typer.Option("--period", help="2026, 2026-Q4, 2026-11, 2026-W47, 'last month' "
                                               "or ytd (default: this month).", show_default=False)] = None,
    from_: Annotated[str | None, typer.Option("--from", help="First day (with --to).", show_default=False)] = None,
    to: Annotated[str | None, typer.Option("--to", help="Last day, inclusive.", show_default=False)] = None,
    owner: Annotated[str | None, typer.Option("--owner", help="Only this owner's clients.", show_default=False)] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="'Now' for the open/breached/stale figures.",
                                              show_default=False)] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Show what each figure rests on: counts and ids.")] = False,
    trend: Annotated[int, typer.Option("--trend", help="Also show the last N periods side by side (up to 120).",
                                       min=0, max=120)] = 0,
    json_: JsonOpt = False,
    csv_: Annotated[bool, typer.Option("--csv", help="Print CSV, one figure a row (with --trend, every period's).")]
    = False,
) -> None:  # fmt: skip
    """Report KPIs for a period: clients, renewals, complaints, satisfaction, engagement, growth, targets."""
    from relmgr import kpi as figures

    if csv_ and explain:
        raise BadInput("--explain has no CSV form", "the records behind each figure are in --json --explain")
    chosen = _period(period, from_, to)
    moment = dates.start_of(dates.parse_when(as_of, what="--as-of")) if as_of else None
    owner = None if owner == "all" else owner  # as targets name the whole book
    note_if_unknown(owner)
    result = figures.compute(book(), chosen, owner=owner, as_of=moment, ids=explain)
    history = []
    if trend:
        back = chosen
        for _ in range(trend - 1):
            back = back.previous()
            # the trend's rows leave out stale and median days (its CSV has every figure)
            history.append(figures.compute(book(), back, owner=owner, as_of=moment, ids=False, silence=csv_))
        history = [*reversed(history), result]
    if json_:
        if not explain:
            result.pop("explain")
        if trend:
            result["trend"] = [{"period": h["period"]["label"], **{f"{s}.{n}": h[s][n] for s, n in TREND}}
                               for h in history]  # fmt: skip
        render.as_json(result)
        return
    if csv_:
        render.as_csv([row for each in (history or [result]) for row in _csv_rows(each)], CSV_COLUMNS)
        return
    _draw(result, explain, _no_targets(chosen.label, owner))
    if trend:
        _draw_trend(history)


CSV_COLUMNS = ("period", "from", "to", "owner", "section", "figure", "currency", "value")


def _csv_rows(result: dict):
    """A report as rows of one figure each, for a spreadsheet's pivot table: rates as fractions
    (as in --json), money one row per currency ("by_currency.nrr" per currency of the terms)."""
    period = result["period"]
    head = {"period": period["label"], "from": period["from"], "to": period["to"], "owner": result["owner"] or "all"}
    for section, values in result.items():
        if section in ("period", "owner", "as_of", "explain", "targets", "trend"):
            continue
        for name, value in values.items():
            for figure, currency, number in _flat(name, value):
                if name == "upsell_won_value" and len(values["upsell_won_by_currency"]) == 1:
                    currency = next(iter(values["upsell_won_by_currency"]))  # the sum in its one currency
                yield {**head, "section": section, "figure": figure, "currency": currency, "value": number}
    for aim in result["targets"]:
        for part in ("target", "actual", "attainment"):
            currency = aim.get("currency") if part != "attainment" else None
            yield {**head, "section": "targets", "figure": f"{aim['metric']}.{part}", "currency": currency,
                   "value": aim[part]}  # fmt: skip


def _flat(name: str, value):
    """(figure, currency, value) of a figure: amounts per currency one row each, nothing won 0."""
    if not isinstance(value, dict):
        yield name, None, value
    elif not value:
        if name != "by_currency":  # no term decided: no figures per currency at all
            yield name, None, 0
    else:
        for code, amount in value.items():
            if isinstance(amount, dict):
                for part, number in amount.items():
                    yield f"{name}.{part}", code, number
            else:
                yield name, code, amount


def _no_targets(label: str, owner: str | None) -> str:
    """What the targets section says when it has none: where your own targets are compared.

    Plain `kpi` reports the whole book against its `all` targets; targets set without --owner
    are yours, compared by `kpi --owner YOU` (on a shared book, the whole book's figures are not
    yours to be measured by)."""
    if owner is None:
        from relmgr import targets

        if any(t["period"] == label for t in targets.list_targets(book(), me())):
            return f"none for the whole book (yours: relmgr kpi --period {label} --owner {me()})"
    return "none set (relmgr target set METRIC VALUE --period P)"


def _draw(result: dict, explain: bool, no_targets: str) -> None:
    who = f" for {result['owner']}'s clients" if result["owner"] else ""
    print(f"KPIs {result['period']['label']} ({result['period']['from']} to {result['period']['to']}){who}")
    for section in ("clients", "renewals", "complaints", "satisfaction", "engagement", "growth"):
        rows = []
        for name, value in result[section].items():
            if name in ("by_currency", "upsell_won_by_currency"):
                continue
            if name == "upsell_won_value":  # with its currency (or several, each shown), as won value is
                value = result["growth"]["upsell_won_by_currency"] or value
            basis = result["explain"][section].get(name, {})
            parts = []
            if "numerator" in basis and "denominator" in basis:
                count = _amount(section, name, result) or (lambda number: shown("n", number))
                parts.append(f"{count(basis['numerator'])} of {count(basis['denominator'])}")
            elif "denominator" in basis:
                parts.append(f"over {basis['denominator']}")
            if basis.get("note"):
                parts.append(basis["note"])
            if explain and basis.get("ids"):
                parts.append("ids " + ", ".join(f"#{i}" for i in basis["ids"][:30])
                             + (" ..." if len(basis["ids"]) > 30 else ""))  # fmt: skip
            rows.append([name.replace("_", " "), shown(name, value), "; ".join(parts)])
        if section == "renewals" and len(result["renewals"]["by_currency"]) > 1:
            for code, figures in result["renewals"]["by_currency"].items():
                rows.append([f"  {code}", f"GRR {shown('grr', figures['grr'])}  NRR {shown('nrr', figures['nrr'])}",
                             f"decided value {money.show(str(figures['decided_value']), code)}"])  # fmt: skip
        render.blank()
        render.table(["figure", "value", "basis"], rows, title=section.capitalize())
    render.blank()
    render.table(["metric", "target", "actual", "attainment"],
                 [[t["metric"], _aim(t, t["target"]), _aim(t, t["actual"]), shown("attainment", t["attainment"])]
                  for t in result["targets"]],
                 title="Targets", empty=no_targets)  # fmt: skip


def _amount(section: str, name: str, result: dict):
    """How GRR's and NRR's sums are shown: as money in the terms' one currency (else no sums)."""
    by_currency = result["renewals"]["by_currency"]
    if section == "renewals" and name in ("grr", "nrr") and len(by_currency) == 1:
        code = next(iter(by_currency))
        return lambda number: money.show(repr(number), code)
    return None


def _aim(target: dict, value) -> str:
    """A target or its actual as people read it: a rate as a percentage, money with its currency."""
    if target.get("currency") and value is not None:
        return money.show(repr(value), target["currency"])
    return shown(target["metric"], value)


def _spark(values: list) -> str:
    numbers = [v for v in values if isinstance(v, int | float)]
    if not numbers:
        return ""
    low, high = min(numbers), max(numbers)
    span = (high - low) or 1
    return "".join(" " if not isinstance(v, int | float) else BARS[1 + int(7 * (v - low) / span)] for v in values)


def _draw_trend(history: list[dict]) -> None:
    labels = [h["period"]["label"] for h in history]
    rows = []
    for section, name in TREND:
        values = [h[section][name] for h in history]
        rows.append([name.replace("_", " "), *(shown(name, v) for v in values), _spark(values)])
    render.blank()
    render.table(["figure", *labels, "trend"], rows, title="Trend")


@target.command("set")
def target_set(
    metric: Annotated[str, typer.Argument(help="renewal_rate, nrr, grr, csat, nps, upsell_won_value or coverage.")],
    value: Annotated[str, typer.Argument(help="Rates as 0.9 or 90%; NPS as -100..100; money as an amount.")],
    period: Annotated[str, typer.Option("--period", help="2026, 2026-Q4, 2026-11, 2026-W47 or 'next quarter'.")],
    owner: Annotated[str | None, typer.Option("--owner", help="Whose target (default: you; 'all' for the book).",
                                              show_default=False)] = None,
    currency: Annotated[str | None, typer.Option("--currency", help="For upsell_won_value: ISO 4217 code "
                                                 "(default: as written, else setting currency).",
                                                 show_default=False)] = None,
    json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Set a KPI target for a period."""
    from relmgr import targets

    row = targets.set_target(book(), metric, value, period, owner or me(), currency=currency)
    row = targets.presented(row)
    render.wrote(f"Target #{row['id']}: {row['metric']} {_aim(row, row['value'])} for {row['owner']} "
                 f"in {row['period']}", row, json_=json_, quiet=quiet)  # fmt: skip


@target.command("remove")
def target_remove(
    metric: Annotated[str, typer.Argument(help="The target's metric (see `relmgr target list`).")],
    period: Annotated[str, typer.Option("--period", help="2026, 2026-Q4, 2026-11, 2026-W47 or 'next quarter'.")],
    owner: Annotated[str | None, typer.Option("--owner", help="Whose target (default: you; 'all' for the book).",
                                              show_default=False)] = None,
    json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Remove a KPI target (set by mistake, or no longer aimed for)."""
    from relmgr import targets

    row = targets.presented(targets.remove(book(), metric, period, owner or me()))
    render.wrote(f"Removed target #{row['id']}: {row['metric']} {_aim(row, row['value'])} for {row['owner']} "
                 f"in {row['period']}", row, json_=json_, quiet=quiet)  # fmt: skip


@target.command("list")
def target_list(
    owner: Annotated[str | None, typer.Option("--owner", help="Only this owner's.", show_default=False)] = None,
    json_: JsonOpt = False,
    csv_: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
) -> None:
    """List targets."""
    from relmgr import targets

    rows = targets.list_targets(book(), owner)
    render.listing(rows, json_=json_, csv_=csv_, draw=lambda: render.table(
        ["id", "period", "owner", "metric", "target"],
        [[r["id"], r["period"], r["owner"], r["metric"], _aim(r, r["value"])] for r in rows],
        empty="No targets. Set one with `relmgr target set nrr 105% --period 2026-Q4`.",
    ))  # fmt: skip


COMMANDS = {"kpi": kpi, "target": target}
