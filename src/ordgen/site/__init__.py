"""The published library: a static site of the clause catalogue, its state laws and the
example drafts, built from the same model and the same assembled text as the drafts.

`clauses` renders every variant as `ordgen show` does, `states` and `map` place the state
laws, `adoption` reads the example drafts, `search` builds the index, and `build` writes
the pages.
"""
