"""`memo prices [QUERY]`: model prices per million tokens from the installed catalogue."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # the catalogue is imported lazily when the command runs
    from memo.prices import CatalogueInfo, ModelPrice

# Catalogue text is data, not markup: it reaches the terminal as rich Text with control
# characters (terminal escapes among them) removed.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


@click.command("prices")
@click.argument("query", required=False, default="")
@click.option("--json", "as_json", is_flag=True, help="Print the models as JSON.")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True,
              help="Show at most N models (0: every match).")
def prices_command(query: str, as_json: bool, limit: int) -> None:
    """List model prices (input, cached input, output; USD per 1M tokens) from the catalogue.

    Lists the models whose id, name or provider contains every word of QUERY, best match
    first; without QUERY, every model in catalogue order.

    \b
    Examples:  memo prices gpt-4o-mini
               memo prices "llama 70b" --limit 10
    Write the Model column into a cost option's `model:` to tie its prices to the catalogue.
    """
    from memo.prices import catalogue_info, search

    on = dt.datetime.now(dt.UTC).date()
    matches = search(query, limit=None, on=on)
    shown = matches[:limit] if limit else matches
    info = catalogue_info()
    if as_json:
        click.echo(json.dumps(_as_data(info, on, query, shown, len(matches)), indent=2))
    else:
        _print_table(info, on, query, shown, len(matches))


def _as_data(info: CatalogueInfo, on: dt.date, query: str, shown: list[ModelPrice],
             total: int) -> dict[str, Any]:
    return {
        "catalogue": dataclasses.asdict(info),
        "prices_on": on.isoformat(),
        "unit": "USD per 1M tokens",
        "query": query,
        "matches": total,
        "models": [dataclasses.asdict(m) for m in shown],
    }


def _plain(value: object) -> str:
    return _CONTROL.sub("", str(value))


def _print_table(info: CatalogueInfo, on: dt.date, query: str, shown: list[ModelPrice],
                 total: int) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from memo.format import count
    from memo.prices import format_per_mtok

    console = Console(soft_wrap=False, width=max(120, Console().width), highlight=False)
    dated = f"data dated {info.date}" if info.date else "the package publishes no data date"
    console.print(Text(f"{_plain(info.source)} ({dated}): USD per 1M tokens, standard rate, "
                       f"in force on {on.isoformat()} (UTC)"))
    if not shown:
        console.print(Text(f"No model matches {_plain(query)!r}." if query
                           else "The catalogue lists no model priced per token."))
        return
    table = Table()
    for heading in ("Model", "Provider", "Name"):
        table.add_column(heading)
    for heading in ("Input", "Cached input", "Output", "Context"):
        table.add_column(heading, justify="right")
    for m in shown:
        table.add_row(
            Text(_plain(m.ref)), Text(_plain(m.provider)),
            Text(_plain(m.name) + (" *" if m.tiered else "")),
            format_per_mtok(m.input_per_mtok), format_per_mtok(m.cached_input_per_mtok),
            format_per_mtok(m.output_per_mtok),
            count(m.context_window) if m.context_window else "-",
        )
    console.print(table)
    notes = []
    if any(m.tiered for m in shown):
        notes.append("* long prompts pay a higher tier; the base tier is shown.")
    if len(shown) < total:
        notes.append(f"{len(shown)} of {total} matches shown; narrow the query or raise "
                     f"--limit (0 shows every match).")
    for note in notes:
        console.print(Text(note))


COMMANDS = [prices_command]
