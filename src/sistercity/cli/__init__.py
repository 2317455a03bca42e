"""The ``sistercity`` command: one module per subcommand, imported only when it is called."""

from __future__ import annotations

import importlib
import importlib.util
import sys

import click

from sistercity.core.errors import SisterCityError

# command name -> module under sistercity.cli that defines a click command named `command`.
COMMANDS: dict[str, str] = {
    "build": "build",
    "validate": "validate",
    "query": "query",
    "questions": "questions",
    "answer": "answer",
    "import": "import_",
    "export": "export",
    "serve": "serve",
    "figures": "figures",
    "publish": "publish",
    "release": "release",
    "docs": "docs",
    "new": "new",
}


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module only when that subcommand runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name, module in COMMANDS.items() if _module_exists(module))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None or not _module_exists(module):
            return None
        return importlib.import_module(f"{__name__}.{module}").command

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except SisterCityError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)


def _module_exists(module: str) -> bool:
    return importlib.util.find_spec(f"{__name__}.{module}") is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sistercity")
def main() -> None:
    """Sister City KG: build, validate, query and export the sister-city knowledge graph.

    Start with `sistercity build`, then `sistercity questions` and `sistercity query NN`.
    """
