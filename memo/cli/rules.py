"""`memo rules [RULE_ID]`: the checklist's rules and their documentation."""

from __future__ import annotations

import click


@click.command("rules")
@click.argument("rule_id", required=False)
def rules_command(rule_id: str | None) -> None:
    """List every checklist rule, or explain RULE_ID (e.g. MEMO-GAP-002)."""
    from memo.rules import all_rules, get_rule

    if rule_id:
        rule = get_rule(rule_id)
        click.echo(f"{rule.id} ({rule.severity.value}): {rule.title}")
        if rule.field:
            click.echo(f"Field: {rule.field}")
        click.echo()
        click.echo(rule.doc)
        click.echo()
        click.echo(f"Hint: {rule.hint}")
        return
    for rule in all_rules():
        click.echo(f"{rule.id:<14} {rule.severity.value:<8} {rule.title}")


COMMANDS = [rules_command]
