"""`memo site`: the files it writes, its links, escaping and folder rules, and the index in a
real browser (headless Chromium through ChromeDriver).

Browser tests carry ``@pytest.mark.browser``. Locally they skip when Chromium, ChromeDriver or
selenium is missing; in CI (``CI`` set, or ``MEMO_REQUIRE_PDF=1`` as .ci/run sets) they fail
instead, so the browser check can never pass by not running. scripts/system-deps.sh installs
Debian's chromium and chromium-driver as root.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from memo.cli import cli

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent / "portfolio"
SAMPLES = ROOT / "samples"
AS_OF = "2027-06-15"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

NAMES = ["drafts-broken", "drafts-weak-memo", "extraction-claims-intake",
         "extraction-medical-ner-lora", "extraction-output-format", "notes-handwritten",
         "routing-ticket-routing", "support-2026-11-support-bot",
         "support-2027-02-support-bot-v2", "support-2027-05-support-bot-v3"]
RENDERED = [n for n in NAMES if n not in ("drafts-broken", "notes-handwritten")]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["site", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[Path, tuple[int, str, str]]]:
    """The site of tests/portfolio/memos, reviews judged as of AS_OF (built once)."""
    folder = Path(tempfile.mkdtemp(prefix="memo-site-test-"))
    cwd = os.getcwd()
    os.chdir(HERE)
    try:
        outcome = run("memos", "-o", str(folder / "site"), "--as-of", AS_OF)
    finally:
        os.chdir(cwd)
    yield folder / "site", outcome
    shutil.rmtree(folder, ignore_errors=True)


class Page(HTMLParser):
    """What a page links to and holds: every URL attribute, scripts, rows."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[str] = []
        self.rows: list[dict[str, str]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.meta: dict[str, str] = {}
        self._in: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        for name in ("href", "src", "action", "formaction", "data", "poster", "srcset"):
            if name in values:
                self.urls.append(values[name])
        if any(k.startswith("on") for k in values):
            self.urls.append("event handler attribute")
        if tag == "tr" and "id" in values:
            self.rows.append(values)
        if tag == "meta" and values.get("http-equiv"):
            self.meta[values["http-equiv"]] = values.get("content", "")
        if tag in ("script", "style"):
            self._in = tag

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts.append(data)
        elif self._in == "style":
            self.styles.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in = None


def page(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


# --- the files ------------------------------------------------------------------------------


def test_the_site_has_an_index_a_record_per_memo_and_each_memo_as_html_and_pdf(site) -> None:
    folder, (code, out, err) = site
    assert code == 2  # broken.yaml cannot be read; the site is still written
    assert out == ""
    assert err.splitlines() == [
        "memo: warning: memos/drafts/broken.yaml: cannot be read: invalid YAML: did not find "
        "expected ',' or ']' (while parsing a flow sequence started on line 2)",
        f"wrote {folder}/index.html: 10 memos (8 HTML pages, 8 PDFs)",
    ]
    assert sorted(p.name for p in (folder / "records").iterdir()) == sorted(
        f"{n}.html" for n in NAMES)
    assert sorted(p.name for p in (folder / "memos").iterdir()) == sorted(
        [f"{n}.html" for n in RENDERED] + [f"{n}.pdf" for n in RENDERED])
    assert (folder / ".memo-site").is_file()
    assert oct((folder / "index.html").stat().st_mode & 0o777) == "0o644"
    assert oct(folder.stat().st_mode & 0o777) == "0o755"


def test_each_memo_page_is_what_memo_render_writes(site, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)
    folder = site[0]
    result = CliRunner().invoke(cli, ["site", "memos/routing", "-o", str(tmp_path / "s"),
                                      "--no-pdf"])
    assert result.exit_code == 0
    rendered = CliRunner().invoke(cli, ["render", "memos/routing/ticket-routing.yaml", "-f",
                                        "html", "-o", str(tmp_path / "r.html")])
    assert rendered.exit_code == 0
    assert (tmp_path / "s" / "memos" / "ticket-routing.html").read_bytes() == \
        (tmp_path / "r.html").read_bytes()
    reader = PdfReader(folder / "memos" / "routing-ticket-routing.pdf")
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Route support tickets with a trimmed, cached prompt on gpt-4o-mini" in text
    weak = PdfReader(folder / "memos" / "drafts-weak-memo.pdf").pages[0].extract_text()
    assert "Draft: 14 checklist errors" in " ".join(weak.split())


def test_every_link_points_to_a_file_of_the_site(site) -> None:
    folder = site[0]
    pages = [folder / "index.html", *(folder / "records").iterdir()]
    for path in pages:
        parsed = page(path)
        assert parsed.urls, path
        for url in parsed.urls:
            assert re.fullmatch(r"(\.\./)?[a-z0-9/-]+\.(html|pdf)", url), (path, url)
            assert (path.parent / url).resolve().is_file(), (path, url)
        assert "img" not in parsed.tags and "iframe" not in parsed.tags
        assert "link" not in parsed.tags  # no stylesheet to fetch: it is inline


def test_the_index_rows(site) -> None:
    index = page(site[0] / "index.html")
    assert [r["id"] for r in index.rows] == [f"memo-{n}" for n in NAMES]
    classes = {r["id"].removeprefix("memo-"): r["class"] for r in index.rows}
    assert classes == {
        "drafts-broken": "status-unreadable failing unreadable",
        "drafts-weak-memo": "status-draft failing",
        "extraction-claims-intake": "status-superseded",
        "extraction-medical-ner-lora": "status-proposed",
        "extraction-output-format": "status-rejected",
        "notes-handwritten": "status-hand-written failing",
        "routing-ticket-routing": "status-accepted overdue",
        "support-2026-11-support-bot": "status-superseded",
        "support-2027-02-support-bot-v2": "status-superseded",
        "support-2027-05-support-bot-v3": "status-accepted",
    }
    text = (site[0] / "index.html").read_text(encoding="utf-8")
    assert ("<strong>10</strong> memos · <strong>1</strong> overdue for review · "
            "<strong>2</strong> failing the checklist · <strong>1</strong> unreadable · "
            "reviews") in " ".join(text.split())  # the broken file is counted apart
    assert '2027-05-31 <span class="badge overdue">overdue</span>' in text
    assert '<span class="badge fail">14 errors</span> <span class="badge warn">6 warnings' in text
    assert ("Superseded by “claims-intake-v2.yaml” (not among these memos)") in text


def _record_text(site, name: str) -> str:
    return (site[0] / "records" / f"{name}.html").read_text(encoding="utf-8")


def test_supersede_chains_are_shown_both_ways(site) -> None:
    first = _record_text(site, "support-2026-11-support-bot")
    assert ('<dt>Superseded by</dt><dd><a href="support-2027-02-support-bot-v2.html">Support '
            'bot v2: retrieval over the catalogue and the help centre</a>; the latest in the '
            'chain: <a href="support-2027-05-support-bot-v3.html">Support bot v3: retrieval '
            'with a reranker</a></dd>') in first
    second = _record_text(site, "support-2027-02-support-bot-v2")
    assert ('<dt>Superseded by</dt><dd><a href="support-2027-05-support-bot-v3.html">Support '
            'bot v3: retrieval with a reranker</a></dd>') in second
    assert ('<dt>Supersedes</dt><dd><a href="support-2026-11-support-bot.html">Support bot: '
            'ground answers in the catalogue with retrieval</a></dd>') in second
    third = _record_text(site, "support-2027-05-support-bot-v3")
    assert "<dt>Superseded by</dt>" not in third
    assert ('<dt>Supersedes</dt><dd><a href="support-2027-02-support-bot-v2.html">') in third
    index = (site[0] / "index.html").read_text(encoding="utf-8")
    assert ('<div class="chain">Superseded by <a href="records/support-2027-02-support-bot-v2'
            '.html">Support bot v2: retrieval over the catalogue and the help centre</a>; '
            'latest: <a href="records/support-2027-05-support-bot-v3.html">') in index
    assert ('<div class="chain">Supersedes <a href="records/support-2027-02-support-bot-v2'
            '.html">') in index


def test_record_pages_list_the_checklist_findings(site) -> None:
    weak = _record_text(site, "drafts-weak-memo")
    assert weak.count('<span class="badge fail">error</span>') == 14
    assert weak.count('<span class="badge warn">warning</span>') == 6
    assert ('<span class="badge fail">error</span> MEMO-COST-004 (line 32): the prices have '
            'no source<div class="hint">Set `costs.price_source` (a price page or contract) '
            'and `costs.price_date`.</div>') in weak
    assert '<a href="../memos/drafts-weak-memo.html">HTML</a> · <a href="../memos/drafts-weak' \
           '-memo.pdf">PDF</a>' in weak
    broken = _record_text(site, "drafts-broken")
    assert ("This file cannot be read: line 3: invalid YAML: did not find expected &#39;,&#39; "
            "or &#39;]&#39; (while parsing a flow sequence started on line 2)") in broken
    routing = _record_text(site, "routing-ticket-routing")
    assert ('<dt>Review by</dt><dd>2027-05-31 <span class="badge overdue">overdue as of '
            '2027-06-15</span></dd>') in routing


def test_the_content_security_policy_allows_exactly_the_inline_style_and_script(site) -> None:
    index = page(site[0] / "index.html")
    assert len(index.scripts) == 1 and len(index.styles) == 1

    def sha(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    assert index.meta["Content-Security-Policy"] == (
        f"default-src 'none'; style-src 'sha256-{sha(index.styles[0])}'; "
        f"script-src 'sha256-{sha(index.scripts[0])}'; img-src data:; base-uri 'none'; "
        "form-action 'none'")
    assert len(index.scripts[0].strip().splitlines()) <= 12  # a few lines of plain JS
    record = page(site[0] / "records" / "drafts-weak-memo.html")
    assert record.scripts == []
    assert "script-src 'none'" in record.meta["Content-Security-Policy"]


# --- hostile memos and the output folder ------------------------------------------------------


def _hostile(folder: Path) -> None:
    data = yaml.safe_load((SAMPLES / "support-bot-rag.yaml").read_text(encoding="utf-8"))
    data["title"] = "<script>alert(1)</script> & \"quotes\""
    data["owner"] = "<img src=http://evil.example/x.png onerror=alert(2)>"
    data["status"] = "superseded"
    data["superseded_by"] = "javascript:alert(3)"
    (folder / "evil.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                      encoding="utf-8")
    newer = dict(data, title="</title><base href=http://evil.example/>", status="accepted")
    newer.pop("superseded_by")
    (folder / "newer.yaml").write_text(yaml.safe_dump(newer, allow_unicode=True),
                                       encoding="utf-8")


def test_text_from_memos_is_escaped_and_never_a_link(tmp_path: Path) -> None:
    _hostile(tmp_path)
    code, _, _ = run(str(tmp_path), "-o", str(tmp_path / "site"), "--no-pdf")
    assert code == 0
    for path in [tmp_path / "site" / "index.html", *(tmp_path / "site" / "records").iterdir()]:
        text = path.read_text(encoding="utf-8")
        parsed = Page(text)
        assert "img" not in parsed.tags and "base" not in parsed.tags, path
        assert all(re.fullmatch(r"(\.\./)?[a-z0-9/-]+\.html", u) for u in parsed.urls), path
        assert "javascript:" not in "".join(parsed.urls)
        assert all("alert" not in script for script in parsed.scripts)
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quotes&#34;" in index
    assert "&lt;img src=http://evil.example/x.png onerror=alert(2)&gt;" in index
    assert "Superseded by “javascript:alert(3)” (not among these memos)" in index
    record = (tmp_path / "site" / "records" / "newer.html").read_text(encoding="utf-8")
    assert "<title>&lt;/title&gt;&lt;base href=http://evil.example/&gt;</title>" in record


def test_a_folder_that_is_not_a_previous_site_is_refused(tmp_path: Path) -> None:
    shutil.copy(SAMPLES / "support-bot-rag.yaml", tmp_path / "a.yaml")
    out = tmp_path / "docs"
    out.mkdir()
    (out / "guide.md").write_text("# The team's guide\n", encoding="utf-8")
    assert run(str(tmp_path / "a.yaml"), "-o", str(out), "--no-pdf") == (
        2, "", f"memo: error: {out}: is not empty and holds no site written by memo; not "
               "replaced\n"
               "  hint: name a new or empty folder with -o (memo site replaces the whole "
               "folder)\n")
    assert [p.name for p in out.iterdir()] == ["guide.md"]
    assert not [p for p in tmp_path.iterdir() if ".staged-" in p.name]


def test_links_and_files_are_refused_as_the_output(tmp_path: Path) -> None:
    shutil.copy(SAMPLES / "support-bot-rag.yaml", tmp_path / "a.yaml")
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    assert run(str(tmp_path / "a.yaml"), "-o", str(tmp_path / "link"), "--no-pdf") == (
        2, "", f"memo: error: {tmp_path}/link: is a symbolic link; memo site writes a real "
               "folder only\n  hint: name another folder with -o\n")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert run(str(tmp_path / "a.yaml"), "-o", str(tmp_path / "file"), "--no-pdf") == (
        2, "", f"memo: error: {tmp_path}/file: is not a folder\n"
               "  hint: name a folder with -o\n")
    assert list((tmp_path / "real").iterdir()) == []


def test_a_previous_site_is_replaced_whole(tmp_path: Path) -> None:
    for name in ("support-bot-rag.yaml", "rag-plus-lora.yaml"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    out = tmp_path / "site"
    assert run(str(tmp_path), "-o", str(out), "--no-pdf")[0] == 0
    assert sorted(p.name for p in (out / "records").iterdir()) == [
        "rag-plus-lora.html", "support-bot-rag.html"]
    (tmp_path / "rag-plus-lora.yaml").unlink()
    code, _, err = run(str(tmp_path), "-o", str(out))
    assert code == 0
    assert err == f"wrote {out}/index.html: 1 memo (1 HTML page, 1 PDF)\n"
    assert sorted(p.name for p in (out / "records").iterdir()) == ["support-bot-rag.html"]
    assert sorted(p.name for p in (out / "memos").iterdir()) == [
        "support-bot-rag.html", "support-bot-rag.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "support-bot-rag.yaml"]


def test_a_memo_too_long_for_a_pdf_still_gets_its_page(tmp_path: Path) -> None:
    data = yaml.safe_load((SAMPLES / "support-bot-rag.yaml").read_text(encoding="utf-8"))
    long = ("The catalogue changes weekly and the retrieval index follows it within a day. "
            * 50)[:3900]
    for keys in (("problem", "failure"), ("triage", "evidence"), ("fix", "rationale")):
        data[keys[0]][keys[1]] = long
    data["rollback"] = long
    (tmp_path / "long.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    code, _, err = run(str(tmp_path / "long.yaml"), "-o", str(tmp_path / "site"))
    assert code == 0
    first, last = err.splitlines()[0], err.splitlines()[-1]
    assert first.startswith(f"memo: warning: {tmp_path}/long.yaml: no PDF: the memo does not "
                            "fit on one page even at the smallest type, 8.5 pt")
    assert last == f"wrote {tmp_path}/site/index.html: 1 memo (1 HTML page, 0 PDFs)"
    record = (tmp_path / "site" / "records" / "long.html").read_text(encoding="utf-8")
    assert '<a href="../memos/long.html">HTML</a> · no PDF: the memo does not fit' in record
    assert not (tmp_path / "site" / "memos" / "long.pdf").exists()


def test_no_memo_found(tmp_path: Path) -> None:
    assert run(str(tmp_path), "-o", str(tmp_path / "site")) == (
        2, "", f"memo: error: PATH: no memo files found in {tmp_path}\n"
               "  hint: name answers files (.yaml), rendered memos (.md/.docx/.pdf) or folders "
               "of them\n")
    assert not (tmp_path / "site").exists()


# --- in a real browser ----------------------------------------------------------------------


def _browser_problem() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            return f"{path} is missing (bash scripts/system-deps.sh installs it as root)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    problem = _browser_problem()
    if problem:
        if os.environ.get("CI") or os.environ.get("MEMO_REQUIRE_PDF") == "1":
            pytest.fail(f"the browser tests must run in CI, but {problem}", pytrace=False)
        pytest.skip(problem)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="memo-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    # As root, in a closed network: no sandbox, no GPU, no background calls home.
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                 "--window-size=1400,1300"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _visible(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [row.get_attribute("id").removeprefix("memo-")
            for row in driver.find_elements(By.CSS_SELECTOR, "#memos tbody tr")
            if row.is_displayed()]


def _severe(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


@pytest.mark.browser
def test_the_index_in_chromium_filters_by_status_and_sorts_by_review_date(site, browser,
                                                                         tmp_path: Path
                                                                         ) -> None:
    from PIL import Image
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get((site[0] / "index.html").as_uri())
    assert driver.title == "Decision memos"
    shot = Path(os.environ.get("MEMO_SCREENSHOTS", tmp_path)) / "memo-site-index.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(shot))
    with Image.open(shot) as image:
        pixels = image.convert("RGB")
        assert image.width >= 1200
        colours = pixels.getcolors(maxcolors=1 << 20)
        assert colours is not None and len(colours) > 50  # a page, not a blank frame

        def left_edge(name: str) -> tuple[int, int, int]:
            rect = driver.find_element(By.ID, f"memo-{name}").rect
            return pixels.getpixel((int(rect["x"]) + 2, int(rect["y"] + rect["height"] / 2)))

        # At a glance: a red bar on failing memos, an amber one on overdue reviews.
        assert left_edge("drafts-weak-memo") == (0xB4, 0x23, 0x18)
        assert left_edge("routing-ticket-routing") == (0x8A, 0x5A, 0x00)
        assert left_edge("extraction-medical-ner-lora") == (0xFF, 0xFF, 0xFF)
    assert _visible(driver) == NAMES

    def show(label: str) -> list[str]:
        driver.find_element(By.CSS_SELECTOR, f'label[for="show-{label}"]').click()
        return _visible(driver)

    # A file that cannot be read stays in every status view: its status is unknown.
    assert show("accepted") == ["drafts-broken", "routing-ticket-routing",
                                "support-2027-05-support-bot-v3"]
    assert show("superseded") == ["drafts-broken", "extraction-claims-intake",
                                  "support-2026-11-support-bot", "support-2027-02-support-bot-v2"]
    assert show("draft") == ["drafts-broken", "drafts-weak-memo"]
    assert show("overdue") == ["routing-ticket-routing"]
    assert show("failing") == ["drafts-broken", "drafts-weak-memo", "notes-handwritten"]
    assert show("all") == NAMES

    sort = driver.find_element(By.ID, "sort-review")
    sort.click()
    assert _visible(driver) == [
        "extraction-output-format", "routing-ticket-routing", "support-2026-11-support-bot",
        "support-2027-02-support-bot-v2", "extraction-claims-intake",
        "extraction-medical-ner-lora", "support-2027-05-support-bot-v3",
        "drafts-broken", "drafts-weak-memo", "notes-handwritten"]  # no review date: last
    header = driver.find_element(By.CSS_SELECTOR, "th[aria-sort]")
    assert header.get_attribute("aria-sort") == "ascending"
    sort.click()
    assert _visible(driver)[:2] == ["support-2027-05-support-bot-v3",
                                    "extraction-medical-ner-lora"]
    assert _visible(driver)[-3:] == ["drafts-broken", "drafts-weak-memo", "notes-handwritten"]
    assert header.get_attribute("aria-sort") == "descending"
    assert show("accepted") == ["support-2027-05-support-bot-v3", "routing-ticket-routing",
                                "drafts-broken"]  # the filter keeps the sorted order
    assert _severe(driver) == []  # the CSP let the page's own script and style run


@pytest.mark.browser
def test_following_links_from_the_index_in_chromium(site, browser) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get((site[0] / "index.html").as_uri())
    driver.find_element(By.LINK_TEXT, "Support bot: ground answers in the catalogue with "
                                      "retrieval").click()
    assert driver.find_element(By.TAG_NAME, "h1").text == (
        "Support bot: ground answers in the catalogue with retrieval")
    driver.find_element(By.LINK_TEXT, "Support bot v3: retrieval with a reranker").click()
    assert driver.current_url.endswith("/records/support-2027-05-support-bot-v3.html")
    driver.find_element(By.LINK_TEXT, "HTML").click()
    assert driver.current_url.endswith("/memos/support-2027-05-support-bot-v3.html")
    assert driver.find_element(By.TAG_NAME, "h1").text == \
        "Support bot v3: retrieval with a reranker"
    assert _severe(driver) == []


@pytest.mark.browser
def test_the_policy_blocks_a_script_slipped_into_the_page(site, browser, tmp_path: Path
                                                          ) -> None:
    """Defence in depth: were a script ever let into the page, the CSP would not run it."""
    copy = tmp_path / "site"
    shutil.copytree(site[0], copy)
    index = copy / "index.html"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "</main>", "</main><script>document.title = 'changed'</script>"), encoding="utf-8")
    browser.get(index.as_uri())
    assert browser.title == "Decision memos"
    assert any("Content Security Policy" in m for m in _severe(browser))


def test_page_names_are_unique_and_made_of_safe_characters() -> None:
    from memo.checking import MemoKind
    from memo.portfolio.entries import Entry
    from memo.portfolio.site import slugs

    paths = ["memos/a/memo.yaml", "memos/b/memo.yaml", "memos/a/memo.md",
             "memos/a/Memo (Final).yaml", "memos/a/Ünïcode.yaml", "memos/a/日本.yaml",
             "memos/a/日本.md"]
    names = slugs([Entry(Path(p), MemoKind.ANSWERS) for p in paths])
    assert names == ["a-memo", "b-memo", "a-memo-2", "a-memo-final", "a-unicode", "a", "a-2"]
    assert slugs([Entry(Path("日本.yaml"), MemoKind.ANSWERS)]) == ["memo"]
