"""Values that command options and recipe keys share, spelled once here, where the command
line can read them without loading the model (start-up time)."""

from typing import Literal, get_args

RationaleMode = Literal["none", "inline", "memo", "comments"]
RATIONALE_MODES: tuple[str, ...] = get_args(RationaleMode)
