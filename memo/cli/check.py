"""`memo check PATH...`: the checklist review, for people and for CI.

Kept light: only click here; the checker, the rules and the report for the chosen format are
imported inside the command, and nothing on this path imports jinja2, weasyprint, python-docx
or questionary unless a .docx/.pdf is read.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from memo.cli.output import no_memos_found
from memo.errors import UserError

FORMATS = ("text", "json", "sarif", "github")


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _selectors(values: tuple[str, ...]) -> tuple[str, ...] | None:
    entries = tuple(p.strip() for v in values for p in v.split(",") if p.strip())
    return entries or None


@click.command()
# readable=False: memo reports unreadable files itself (a MEMO-INPUT finding, SPEC.md).
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(path_type=Path, readable=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format: text (coloured on a terminal), json, sarif (GitHub code "
                   "scanning) or github (workflow annotations).")
@click.option("--strict/--no-strict", default=None,
              help="Warnings fail too (exit 1)  [default: off, or the config's strict]")
@click.option("--select", "select", multiple=True, metavar="RULES",
              help="Only these rules: ids, groups (GAP, COST, DOC, ...), id prefixes or ALL; "
                   "comma-separated or repeated. Replaces the config's select.")
@click.option("--ignore", "ignore", multiple=True, metavar="RULES",
              help="Skip these rules (same forms as --select). Replaces the config's ignore.")
@click.option("--as-of", "as_of", callback=_date, metavar="DATE",
              help="Check staleness as of DATE (YYYY-MM-DD)  [default: today]")
@click.option("--price-max-age-days", type=click.IntRange(min=0), default=None,
              help="Prices older than this many days are flagged (MEMO-COST-008)  "
                   "[default: 365, or the config's price_max_age_days]")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Read settings from this TOML file only; .memo.toml and pyproject.toml "
                   "[tool.memo] found in the tree are ignored (pin it in CI).")
@click.option("--isolated", is_flag=True,
              help="Ignore every config file: only the command line and the defaults apply.")
@click.option("--no-config", is_flag=True, hidden=True, help="Old name of --isolated.")
@click.option("--only-memos", is_flag=True,
              help="Skip named files that are not memos, as for folders (for pre-commit).")
@click.pass_context
def check(ctx: click.Context, paths: tuple[Path, ...], fmt: str, strict: bool | None,
          select: tuple[str, ...], ignore: tuple[str, ...], as_of: dt.date | None,
          price_max_age_days: int | None, config_path: Path | None, isolated: bool,
          no_config: bool, only_memos: bool) -> None:
    """Check answers files, rendered memos (.md/.docx/.pdf), hand-written Markdown memos and
    folders of them (searched recursively; other files are skipped).

    Findings are listed per file, errors first. Settings come from the command line, then
    .memo.toml or pyproject.toml [tool.memo] (nearest to the current folder, or the --config
    file), then defaults. On untrusted pull requests pin them: --config FILE or --isolated.

    \b
    Exit codes:
      0  every memo passes
      1  a checklist error (with --strict, also a warning) was found
      2  a file cannot be read or parsed, bad usage, or an internal error
    """
    from memo.checking import CheckOptions, check_paths
    from memo.config import resolve
    from memo.reports import ReportFormat, reporter_for

    isolated = isolated or no_config
    if isolated and config_path is not None:
        raise UserError("--config and --isolated cannot be used together", field="--isolated",
                        hint="--isolated ignores every config file; --config reads only FILE")
    config = resolve(Path.cwd(), config_path, use_config=not isolated).merged(
        select=_selectors(select), ignore=_selectors(ignore), strict=strict,
        price_max_age_days=price_max_age_days)
    options = CheckOptions.from_config(config, as_of)
    run = check_paths(paths, options=options, only_memos=only_memos)
    if not run.files:
        if only_memos:
            ctx.exit(0)
        raise no_memos_found(paths, "rendered memos (.md/.docx/.pdf) or hand-written "
                                    "Markdown memos")
    colour = fmt == "text" and sys.stdout.isatty()
    click.echo(reporter_for(ReportFormat(fmt))(run, config.strict, colour))
    ctx.exit(run.exit_code(config.strict))


COMMANDS = [check]
