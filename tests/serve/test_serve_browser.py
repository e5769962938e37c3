"""A real browser on a real ``kg serve``: Debian's chromium, headless, driven by selenium.

The tests check what a person sees (text on screen, where a click leads) and save screenshots
to ``$KG_SCREENSHOTS`` (or a temporary folder). They skip, saying why, where chromium or
chromedriver is missing; ``.ci/run`` sets ``KG_REQUIRE_BROWSER=1`` so that CI fails instead
of skipping. No browser or driver is ever downloaded: selenium is pointed at the system's
binaries.
"""

from __future__ import annotations

import os
import shutil
import urllib.parse

import pytest

from .conftest import wait_for

CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
DRIVER = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")


def _first(paths, name):
    return next((p for p in paths if os.path.exists(p)), None) or shutil.which(name)


@pytest.fixture(scope="module")
def browser(screenshots):
    chromium = _first(CHROMIUM, "chromium")
    driver_path = _first(DRIVER, "chromedriver")
    missing = [what for what, path in (("chromium", chromium), ("chromedriver", driver_path))
               if not path]
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing.append("selenium (pip install -e '.[test]')")
    if missing:
        reason = ("no browser to drive: " + ", ".join(missing) + " not installed (apt-get "
                  "install chromium chromium-driver)")
        if os.environ.get("KG_REQUIRE_BROWSER"):
            pytest.fail(reason + "; KG_REQUIRE_BROWSER is set, so this is a failure")
        pytest.skip(reason)
    os.environ.setdefault("SE_OFFLINE", "true")  # selenium-manager must not fetch anything
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1200,1400", "--lang=en-GB"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(30)
    driver.screenshots = screenshots
    yield driver
    driver.quit()


def shot(driver, name: str) -> None:
    path = driver.screenshots / f"{name}.png"
    driver.save_screenshot(str(path))
    assert path.stat().st_size > 10_000  # a real picture of a real page


def visible_text(driver) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.TAG_NAME, "body").text


def test_home_shows_the_conflicts(browser, kg_server):
    browser.get(kg_server.url + "/")
    text = visible_text(browser)
    assert "Conflicts in the data" in text
    assert "12 January 1918 (day) – 20 May 1925 (day)" in text
    assert "Bolshevik victory" in text
    shot(browser, "home")


def test_entity_page_and_follow_a_fact_to_its_quote(browser, kg_server):
    from selenium.webdriver.common.by import By

    def warned():
        browser.get(kg_server.url + "/id/CaucasusIntervention")
        return "Warning:" in visible_text(browser)

    assert wait_for(warned, timeout=30, step=0.5)
    browser.get(kg_server.url + "/id/Greece")
    text = visible_text(browser)
    assert browser.find_element(By.ID, "title").text == "Greece"
    assert "179 killed" in text and "657 wounded" in text
    assert "Q209065" in text
    shot(browser, "entity")
    # follow a fact's quote to the passage in the source
    quote = browser.find_element(By.CSS_SELECTOR, 'a.quote-link[href$="#span-1499-1509"]')
    words = quote.text.strip("“”")
    quote.click()
    assert browser.current_url.endswith("/id/source-article#span-1499-1509")
    marked = browser.find_elements(By.CSS_SELECTOR, ".mark.span-1499-1509.current")
    assert marked, "the passage the link points at is highlighted"
    assert "".join(m.text for m in marked).replace("\n", " ") == words.replace("\n", " ")
    assert marked[0].is_displayed()
    shot(browser, "source-passage")


def test_entity_page_with_its_validation_warning(browser, kg_server):
    browser.get(kg_server.url + "/id/CaucasusIntervention")
    text = visible_text(browser)
    assert "Warning: British intervention in the Caucasus is dated to begin (1917)" in text
    assert "1917 (year)" in text
    shot(browser, "entity-warning")


def test_source_page_passages_link_to_their_facts(browser, kg_server):
    from selenium.webdriver.common.by import By

    browser.get(kg_server.url + "/source")
    assert "/id/source-article" in browser.current_url
    passage = browser.find_element(By.CSS_SELECTOR, 'a.mark[href="#facts-span-1419-1450"]')
    passage.click()
    entry = browser.find_element(By.ID, "facts-span-1419-1450")
    assert "938+ killed" in entry.text
    link = entry.find_element(By.CSS_SELECTOR, 'a[href="/id/loss-united-kingdom-killed"]')
    link.click()
    assert browser.find_element(By.ID, "figure").text == "at least 938 killed"
    shot(browser, "figure")


def test_script_label_is_shown_as_text(browser, kg_server):
    from selenium.webdriver.common.by import By

    browser.get(kg_server.url + "/id/test-hostile")
    assert browser.find_element(By.ID, "title").text == "<script>alert(1)</script>"
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):  # the script never ran
        browser.switch_to.alert.text  # noqa: B018


def test_ontology_page(browser, kg_server):
    from selenium.webdriver.common.by import By

    browser.get(kg_server.url + "/ontology#StrengthEstimate")
    term = browser.find_element(By.ID, "StrengthEstimate")
    assert "kg:StrengthEstimate" in term.text
    assert term.find_element(By.CSS_SELECTOR, ".definition").text
    shot(browser, "ontology")


def test_run_a_query_from_the_form(browser, kg_server):
    from selenium.webdriver.common.by import By

    browser.get(kg_server.url + "/query")
    browser.find_element(By.LINK_TEXT, "The source's own words for a fact or an entity").click()
    field = browser.find_element(By.NAME, "p.entity")
    field.clear()
    field.send_keys("kgr:strength-allied-8")
    browser.find_element(By.ID, "run").click()
    answer = browser.find_element(By.ID, "answer").text
    assert "4,700+ troops" in answer
    assert "1 row" in answer or "rows" in answer
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(browser.current_url).query)
    assert query["p.entity"] == ["kgr:strength-allied-8"]
    shot(browser, "query")
