"""Comparing texts: words and paragraphs (`words`), Markdown code text read as sections
(`sections`), two drafts (`drafts`, for `ordgen diff`) and two releases of a clause library
(`releases`, for `ordgen diff --revisions`)."""
