"""Write the site's pages: the index, one page per clause, the state laws with their map, the
jurisdictions matrix, search, and each example draft, with the assets they use.

Every page is rendered in memory from the loaded library and the drafted recipes; the
result is a mapping of relative paths to bytes that `output.write_folder` writes whole.
Nothing in a page depends on the time or the machine: the same inputs give the same bytes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..assemble import COUNSEL_NOTE
from ..browse import clause_rows
from ..library import Library
from ..render import html
from ..select import draft_order
from ..version import __version__
from . import adoption, clauses, search, states
from . import map as tilemap

STATIC = ("ordgen.css", "ordgen.js", "search.js", "lunr.min.js", "lunr-LICENSE.txt")
MARKER = ".ordgen-site"  # names the folder as one `ordgen site` wrote, so a rebuild may replace it


def _environment() -> Environment:
    folder = resources.files("ordgen").joinpath("site", "templates")
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["paragraph"] = lambda p: Markup(html.paragraph(p, links=False))
    env.filters["show_value"] = show_value
    return env


def show_value(value: Any) -> str:
    """A param value as a reader would write it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(none)"
    return str(value)


def provenance(lib: Library, commit: str) -> dict[str, Any]:
    """What every page's footer says of the library and the build."""
    # a layer without library.yaml is named by its folder, as a draft names its layer: not by
    # the path it was given, which depends on where the command ran
    layers = ([f"{info.name} {info.version}" for info in lib.info]
              or [Path(layer).resolve().name for layer in lib.layers])
    return {"name": lib.info[-1].name if lib.info else layers[-1],
            "description": lib.info[-1].description if lib.info else "",
            "layers": layers, "commit": commit, "version": __version__,
            "counsel_note": COUNSEL_NOTE}


def build(lib: Library, adopted: Sequence[adoption.Adopted], *, commit: str = ""
          ) -> dict[str, bytes]:
    """Every file of the site, by its path relative to the site's folder."""
    env = _environment()
    entries = clauses.entries(lib)
    by_id = {e.id: e for e in entries}
    slugs = {e.id: e.slug for e in entries}
    titles = {c.id: c.title for c in lib.categories}
    site = provenance(lib, commit)
    files: dict[str, bytes] = {}

    def link(root: str) -> Callable[[str], Markup]:
        def clause_link(cid: str) -> Markup:
            e = by_id.get(cid)
            if e is None:  # not a clause of this library: shown, not linked
                return Markup("<code>{}</code>").format(cid)
            return Markup('<a href="{}clauses/{}.html">{}</a>').format(root, e.slug,
                                                                        e.detail["title"])
        return clause_link

    def write(path: str, template: str, page: str, title: str, **context: Any) -> None:
        root = "../" * path.count("/")
        text = env.get_template(template).render(site=site, root=root, page=page, title=title,
                                                 clause_link=link(root), slugs=slugs, **context)
        files[path] = text.encode("utf-8")

    drafted = list(zip(adoption.recipe_slugs(adopted), adopted, strict=True))
    rows = _index_rows(lib, titles)
    views = states.states(lib, entries)
    write("index.html", "index.html", "index", "Clauses", categories=rows,
          counts={"clauses": len(entries), "categories": len(rows),
                  "laws": len(lib.state_laws), "states": sum(bool(s.laws) for s in views),
                  "recipes": len(adopted)})
    taken: dict[str, list[tuple[str, str, str]]] = {}  # clause id -> the drafts that take it
    names = Counter(a.document.government.name for _, a in drafted)
    for slug, a in drafted:
        name = a.document.government.name  # a name two recipes share is told by its file
        label = name if names[name] == 1 else f"{name}, {Path(a.source).name}"
        for s in a.selection:
            taken.setdefault(s.id, []).append((label, slug, s.variant))
    for e in entries:
        write(f"clauses/{e.slug}.html", "clause.html", "clause", e.detail["title"], entry=e,
              category_title=titles.get(e.detail["category"], e.detail["category"]),
              category_role=lib.role(lib.clauses[e.id].clause),
              authorities=_authorities(lib, e), adopted=taken.get(e.id, []))
    write("state-laws.html", "state-laws.html", "state-laws", "State laws",
          map_svg=Markup(tilemap.svg(views)), legend=tilemap.legend(views), levels=states.LEVELS,
          with_laws=[s for s in views if s.laws], affected=states.affected(entries),
          without=[s.name for s in views if not s.laws])
    _jurisdictions(write, lib, drafted, titles)
    write("search.html", "search.html", "search", "Search")
    for slug, a in drafted:
        write(f"drafts/{slug}.html", "draft.html", "draft", a.document.government.name,
              slug=slug, name=a.document.government.name, source=a.source,
              article=Markup(html.article(a.document)),
              provenance=Markup(html.provenance_comment(a.document)))
    static = resources.files("ordgen").joinpath("site", "static")
    for name in STATIC:
        files[f"assets/{name}"] = static.joinpath(name).read_bytes()
    files["assets/search-index.js"] = search.script(entries, titles).encode("utf-8")
    files[".nojekyll"] = b""  # GitHub Pages serves the files as they are
    files[MARKER] = b"written by ordgen site; the next build replaces this folder\n"
    return dict(sorted(files.items()))


def _index_rows(lib: Library, titles: dict[str, str]) -> list[dict[str, Any]]:
    """The categories that have clauses, in draft order, each with its rows as `ordgen
    clauses` lists them."""
    out: list[dict[str, Any]] = []
    for row in clause_rows(lib):
        if not out or out[-1]["id"] != row["category"]:
            out.append({"id": row["category"], "title": titles.get(row["category"],
                                                                     row["category"]),
                        "rows": []})
        out[-1]["rows"].append(row)
    return out


def _authorities(lib: Library, e: clauses.Entry) -> list[dict[str, Any]]:
    """A clause's authorities with everything the library says of each."""
    out = []
    for item in e.detail["authorities"]:
        authority = lib.authorities[item["key"]]
        out.append({**item, "kind": authority.kind, "title": authority.title,
                    "note": authority.note, "confidence": authority.confidence})
    return out


def _jurisdictions(write: Callable[..., None], lib: Library,
                   drafted: list[tuple[str, adoption.Adopted]], titles: dict[str, str]) -> None:
    adopted = [a for _, a in drafted]
    columns = [{"slug": slug, "name": a.document.government.name,
                "file": Path(a.source).stem,
                "instrument": a.document.instrument} for slug, a in drafted]
    grouped: list[tuple[str, list[tuple[str, list[adoption.Cell]]]]] = []
    for cid, cells in adoption.matrix(lib, adopted):
        category = titles.get(lib.clauses[cid].clause.category, lib.clauses[cid].clause.category)
        if not grouped or grouped[-1][0] != category:
            grouped.append((category, []))
        grouped[-1][1].append((cid, cells))
    shown = {cid for _, rows in grouped for cid, _ in rows}
    write("jurisdictions.html", "jurisdictions.html", "jurisdictions", "Jurisdictions",
          columns=columns, matrix=grouped,
          unused=[cid for cid in draft_order(lib) if cid not in shown] if adopted else [],
          coverage=adoption.coverage_rows(lib, adopted) if adopted else [])
