"""`memo schema`: the JSON Schema of the answers file."""

from __future__ import annotations

import json

import click


@click.command()
def schema() -> None:
    """Print the JSON Schema of the answers file (schema_version 1)."""
    from memo.model import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


COMMANDS = [schema]
