"""The `ordgen` command: options and output only; the work is in ordgen.api.

Each command is one module of this package; `app` holds what they share.
"""

import gc
import sys

from . import batch, browse, build, check, diff, new, schema, site  # noqa: F401  (register)
from .app import app, hoist_global_flags, report


def main() -> None:
    """Entry point: run the app, turning bad input into diagnostics and exit code 1."""
    from ..diagnostics import OrdgenError

    try:
        app(args=hoist_global_flags(sys.argv[1:]), prog_name="ordgen")
    except OrdgenError as exc:
        report(exc.diagnostics)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
    except Exception as exc:  # a bug, not bad input: say so plainly, without a traceback
        print(f"ordgen: internal error: {type(exc).__name__}: {exc}\n"
              "Please report this with the command you ran.", file=sys.stderr)
        sys.exit(3)
    finally:
        # the process is ending: what is alive now goes with it, so the interpreter's
        # shutdown need not search it all for cycles (about 15 ms for a build)
        gc.freeze()
