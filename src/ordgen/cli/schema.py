"""`ordgen schema`: the JSON Schema of clause and recipe files, for editors."""

import sys
from enum import Enum
from typing import Annotated

import typer

from .app import GLOBAL_HELP, app


class SchemaKind(str, Enum):
    clause = "clause"
    recipe = "recipe"


@app.command(epilog=GLOBAL_HELP)
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="clause or recipe.", show_default=False)],
) -> None:
    """Print the JSON Schema of clause or recipe files, for editors.

    Example: ordgen schema recipe > schema/recipe.json
    """
    from ..schema import schema_text

    sys.stdout.write(schema_text(kind.value))
