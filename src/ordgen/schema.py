"""JSON Schemas for clause and recipe files, generated from the msgspec models.

Editors use them (through a `# yaml-language-server: $schema=...` line) to
complete keys and flag mistakes while a person types. The copies under
`schema/` are kept equal to this output by a test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

Kind = Literal["clause", "recipe"]
KINDS: tuple[Kind, ...] = ("clause", "recipe")
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(kind: Kind) -> dict[str, Any]:
    """The JSON Schema of a clause file or a recipe file."""
    import msgspec

    from .model import Clause, Recipe

    model = Clause if kind == "clause" else Recipe
    defs = msgspec.json.schema(model)["$defs"]
    root = defs.pop(model.__name__)  # at the top, where editors look first
    return {"$schema": DIALECT, **root, **({"$defs": defs} if defs else {})}


def schema_text(kind: Kind) -> str:
    """The schema as the stable JSON text stored in `schema/<kind>.json`."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def bundled_schema(kind: Kind) -> Path:
    """Where the schema file ships: inside the installed package, or in the source tree."""
    here = Path(__file__).resolve().parent
    installed = here / "data" / "schema" / f"{kind}.json"
    return installed if installed.parent.is_dir() else here.parents[1] / "schema" / f"{kind}.json"


def modeline(kind: Kind, file: Path) -> str:
    """The `yaml-language-server` line for a YAML file written at `file`."""
    import os

    target = bundled_schema(kind)
    try:
        ref = os.path.relpath(target, file.resolve().parent)
    except ValueError:  # another drive on Windows
        ref = target.as_uri()
    return f"yaml-language-server: $schema={Path(ref).as_posix()}"
