"""The published site in a real browser: Debian's Chromium, driven through chromedriver.

Each page is opened from `file://`, as a person opens a site they built, which is also the
strictest host: no `fetch()`, no module scripts from another file. One browser serves the
whole module. axe-core (tests/vendor) checks every kind of page.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import IN_CI, ROOT, need_tool

from ordgen import api

if IN_CI:
    import selenium  # noqa: F401  (CI installs the test extra: a missing module must fail)
else:
    pytest.importorskip("selenium")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

AXE = ROOT / "tests" / "vendor" / "axe.min.js"
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled library's site, and the Minneapolis draft as a standalone page beside it."""
    folder = tmp_path_factory.mktemp("published")
    api.site([ROOT / "clauses"], folder / "site")
    api.build(ROOT / "examples" / "minneapolis.yaml", [folder / "minneapolis.html"])
    return folder / "site"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    chromium, driver = need_tool("chromium"), need_tool("chromedriver")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('profile')}")
    options.add_argument("--window-size=1280,900")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    session = webdriver.Chrome(options=options, service=Service(driver))
    session.set_script_timeout(30)
    try:
        yield session
    finally:
        session.quit()


def open_page(browser: WebDriver, path: Path, rest: str = "") -> None:
    """Load a page afresh (a new address that differs only after '#' would not reload)."""
    browser.get("about:blank")
    browser.get(path.as_uri() + rest)
    WebDriverWait(browser, 10).until(
        lambda b: b.execute_script("return document.readyState") == "complete")


def errors(browser: WebDriver) -> list[dict[str, Any]]:
    """What the page logged as errors since the last call (scripts that failed, files that
    could not load)."""
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def shown(browser: WebDriver, css: str) -> list[str]:
    """The ids of the elements matching `css` that are displayed."""
    return [e.get_attribute("id") for e in browser.find_elements(By.CSS_SELECTOR, css)
            if e.is_displayed()]


def test_search_from_the_index_finds_a_clause_and_follows_it(browser: WebDriver,
                                                            site: Path) -> None:
    open_page(browser, site / "index.html")
    assert browser.find_element(By.TAG_NAME, "h1").text == "ordgen model separation library"
    box = browser.find_element(By.ID, "site-search-q")
    box.send_keys("retention", Keys.ENTER)
    WebDriverWait(browser, 10).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, "#search-results li"))
    assert browser.current_url.endswith("search.html?q=retention")
    status = browser.find_element(By.ID, "search-status").text
    assert "match" in status and "retention" in status
    titles = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#search-results h2 a")]
    assert "Retention of License Plate Reader Data" in titles
    # typing refines the results as the words come
    field = browser.find_element(By.ID, "search-q")
    field.clear()
    field.send_keys("staging")
    WebDriverWait(browser, 10).until(lambda b: "staging" in b.current_url)
    first = browser.find_element(By.CSS_SELECTOR, "#search-results h2 a")
    assert first.text == "Use of Public Property as Staging Areas for Civil Immigration " \
                         "Enforcement"
    first.click()
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith("property-staging.html"))
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Use of Public Property")
    assert errors(browser) == []


def test_a_search_that_finds_nothing_says_so(browser: WebDriver, site: Path) -> None:
    open_page(browser, site / "search.html", "?q=zzzzqqq")
    assert browser.find_element(By.ID, "search-status").text == 'No clause matches “zzzzqqq”.'
    assert browser.find_elements(By.CSS_SELECTOR, "#search-results li") == []


def test_clause_page_switches_variants_by_mouse_keyboard_and_address(browser: WebDriver,
                                                                     site: Path) -> None:
    page = site / "clauses" / "alpr-retention.html"
    open_page(browser, page)
    # side by side at first: every variant shown
    assert shown(browser, ".variant") == ["baseline", "strong", "strongest"]
    browser.find_element(By.CSS_SELECTOR, "input[value=strongest]").click()
    assert shown(browser, ".variant") == ["strongest"]
    assert browser.current_url.endswith("alpr-retention.html#strongest")
    # the radio group takes the arrow keys, as every radio group does
    browser.switch_to.active_element.send_keys(Keys.ARROW_LEFT)
    assert shown(browser, ".variant") == ["strong"]
    assert browser.current_url.endswith("#strong")
    # the permalink opens the page on that variant
    open_page(browser, page, "#baseline")
    assert shown(browser, ".variant") == ["baseline"]
    checked = browser.find_element(By.CSS_SELECTOR, "input[name=variant-view]:checked")
    assert checked.get_attribute("value") == "baseline"
    browser.find_element(By.CSS_SELECTOR, "input[value='']").click()
    assert shown(browser, ".variant") == ["baseline", "strong", "strongest"]
    assert "#" not in browser.current_url
    assert errors(browser) == []


def test_clause_page_without_javascript_shows_every_variant(browser: WebDriver,
                                                            site: Path) -> None:
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        open_page(browser, site / "clauses" / "alpr-retention.html", "#strongest")
        assert shown(browser, ".variant") == ["baseline", "strong", "strongest"]
        assert not browser.find_element(By.CSS_SELECTOR, ".variant-switch").is_displayed()
        # the anchor still takes the reader to the variant
        top = browser.execute_script(
            "return document.getElementById('strongest').getBoundingClientRect().top")
        assert -2 <= top < 200
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_state_map_follows_a_state_to_its_laws_and_clauses(browser: WebDriver,
                                                           site: Path) -> None:
    open_page(browser, site / "state-laws.html")
    tile = browser.find_element(By.CSS_SELECTOR, "a.tile[href='#state-TX']")
    assert tile.get_attribute("aria-label") == \
        "TX, Texas: A sanctuary ban with penalties on officials"
    # a tile is a link the keyboard reaches
    assert browser.execute_script("arguments[0].focus(); "
                                  "return document.activeElement === arguments[0];", tile)
    tile.find_element(By.TAG_NAME, "rect").click()
    assert browser.current_url.endswith("state-laws.html#state-TX")
    section = browser.find_element(By.ID, "state-TX")
    laws = [h.text for h in section.find_elements(By.CSS_SELECTOR, "article.law h4")]
    assert laws == ["Texas SB 4 (2017)", "Texas SB 8 (2025)"]
    source = section.find_element(By.CSS_SELECTOR, "article.law dd a")
    assert source.get_attribute("href").startswith("https://")
    clause = section.find_element(By.CSS_SELECTOR, "ul.columns a")
    name = clause.text
    clause.click()
    WebDriverWait(browser, 10).until(lambda b: "/clauses/" in b.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == name
    assert "Texas SB 4 (2017)" in browser.find_element(By.ID, "_state-laws").find_element(
        By.XPATH, "..").text
    # a state with no law in the library is no link
    assert browser.find_elements(By.CSS_SELECTOR, "a.tile[href='#state-CA']") == []
    assert errors(browser) == []


PAGES = {"index": "site/index.html", "clause": "site/clauses/alpr-retention.html",
         "one-text clause": "site/clauses/findings-trust.html",
         "state laws": "site/state-laws.html", "jurisdictions": "site/jurisdictions.html",
         "search results": "site/search.html?q=license+plate",
         "draft on the site": "site/drafts/minneapolis.html",
         "draft as HTML": "minneapolis.html"}


@pytest.mark.parametrize("kind", list(PAGES))
def test_no_serious_accessibility_violations(browser: WebDriver, site: Path, kind: str) -> None:
    path, _, query = PAGES[kind].partition("?")
    open_page(browser, site.parent / path, f"?{query}" if query else "")
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        # preload fetches the stylesheets again, which no browser allows from file://
        "axe.run(document, {resultTypes: ['violations'], preload: false})"
        ".then(r => done(r.violations), e => done([{id: 'axe-error', impact: 'critical',"
        " help: String(e), nodes: []}]));")
    serious = [f"{v['id']} ({v['impact']}): {v['help']}: "
               f"{[n['target'] for n in v['nodes']][:5]}"
               for v in result if v["impact"] in ("serious", "critical")]
    assert serious == []
    assert errors(browser) == []


def test_no_page_asks_the_network_for_anything(browser: WebDriver, site: Path) -> None:
    """Every request a page makes is for a file of the site."""
    for path in ("index.html", "clauses/alpr-retention.html", "state-laws.html",
                 "jurisdictions.html", "search.html", "drafts/austin.html"):
        open_page(browser, site / path, "?q=data" if path == "search.html" else "")
        browser.get_log("performance")  # what loading about:blank and before it asked
        browser.get(browser.current_url + "#")  # the page again, its requests logged alone
        browser.refresh()
        requests = [json.loads(e["message"])["message"] for e in browser.get_log("performance")]
        urls = [m["params"]["request"]["url"] for m in requests
                if m["method"] == "Network.requestWillBeSent"]
        assert urls and all(url.startswith(site.as_uri()) for url in urls), urls
