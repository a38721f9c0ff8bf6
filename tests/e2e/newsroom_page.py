"""A page object for the Newsroom window: the selectors and waits every e2e test needs.

Selectors are the UI's ``data-testid`` attributes (see ui/src), so styling changes do not
break tests. Methods wait for the state they promise instead of sleeping.
"""

from __future__ import annotations

from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

DEFAULT_TIMEOUT = 15


def tid(testid: str) -> str:
    return f'[data-testid="{testid}"]'


class NewsroomPage:
    def __init__(self, driver: WebDriver):
        self.driver = driver
        self.closed = False

    # --- lifecycle -------------------------------------------------------------------
    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            self.driver.quit()
        except WebDriverException:
            pass

    def wait_ready(self, timeout: float = 30) -> None:
        """Until the shell is mounted (or the open-error screen is shown)."""
        self.wait(
            lambda d: d.execute_script(
                "return document.body.dataset.ready === 'true' || !!document.querySelector('[data-testid=open-error]')"
            ),
            timeout,
            "the app window never became ready",
        )

    # --- generic helpers ----------------------------------------------------------------
    def wait(self, condition, timeout: float = DEFAULT_TIMEOUT, message: str = ""):
        """Until `condition` holds. On a timeout the message also carries the toasts on
        screen: a window test that fails in CI leaves only its printed output behind, and
        the app's own error toast is usually the whole explanation."""
        try:
            return WebDriverWait(
                self.driver, timeout, ignored_exceptions=(StaleElementReferenceException,)
            ).until(condition, message)
        except TimeoutException as timeout_error:
            raise TimeoutException(f"{message} (toasts on screen: {self.toasts()!r})") from timeout_error

    def toasts(self) -> list[str]:
        """The text of every toast on screen, or a note that the window could not be read."""
        try:
            return self.driver.execute_script(
                "return [...document.querySelectorAll('.toast')].map(e => e.className + ': ' + e.textContent)"
            )
        except WebDriverException as error:
            return [f"(the window could not be read: {error.msg})"]

    def find(self, testid: str, within: WebElement | None = None) -> WebElement:
        return (within or self.driver).find_element(By.CSS_SELECTOR, tid(testid))

    def find_all(self, testid: str, within: WebElement | None = None) -> list[WebElement]:
        return (within or self.driver).find_elements(By.CSS_SELECTOR, tid(testid))

    def visible(self, testid: str, timeout: float = DEFAULT_TIMEOUT) -> WebElement:
        return self.wait(
            lambda d: next((e for e in self.find_all(testid) if e.is_displayed()), False),
            timeout,
            f"{testid} never became visible",
        )

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    # --- articles view ---------------------------------------------------------------------
    def new_article(self) -> None:
        before = self.editor_article_id()
        self.visible("new-article").click()
        self.wait(lambda d: self.editor_article_id() not in (None, before), message="no new article was opened")

    def editor_article_id(self) -> str | None:
        """The id of the article in the editor (from the details tab), or None."""
        return self.js(
            "const el = document.querySelector('[data-testid=detail-id]');"
            "const doc = document.querySelector('.editor-doc');"
            "return doc && !doc.hidden && el ? el.textContent : null;"
        )

    def headline(self) -> WebElement:
        return self.visible("headline")

    def body_content(self) -> WebElement:
        """CodeMirror's contenteditable element."""
        return self.visible("body-editor")

    def body_text(self) -> str:
        """The whole body as CodeMirror holds it, not just the lines it has drawn.

        CodeMirror renders only the lines near the viewport, so reading ``.cm-line``
        elements loses most of a long article. The view is reached the way
        ``EditorView.findFromDOM`` does it (the content element's ``cmTile``, or
        ``cmView`` in CodeMirror before 6.39)."""
        return self.js(
            "const content = document.querySelector('[data-testid=body-editor]');"
            "if (!content) return '';"
            "const tile = content.cmTile || content.cmView;"
            "const view = tile && (tile.root ? tile.root.view : tile.rootView && tile.rootView.view);"
            "if (!view) throw new Error('no CodeMirror view on the body editor');"
            "return view.state.doc.toString();"
        )

    def type_body(self, text: str) -> None:
        """Real key input into CodeMirror, appended at the end of the text."""
        content = self.body_content()
        content.click()
        content.send_keys(Keys.CONTROL, Keys.END)
        content.send_keys(text)

    def save_state(self) -> str:
        return self.find("save-state").get_attribute("data-state") or ""

    @staticmethod
    def text_of(element: WebElement) -> str:
        return " ".join((element.get_attribute("textContent") or "").split())

    def wait_saved(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.wait(lambda d: self.save_state() == "saved", timeout, f"never saved (state: {self.save_state()!r})")

    def rows(self) -> list[WebElement]:
        return self.find_all("article-row", self.find("view-articles"))

    def row_headlines(self) -> list[str]:
        # textContent, not .text: WebKit reports a wrapped line as two lines.
        return [self.text_of(e) for e in self.find_all("row-headline", self.find("view-articles"))]

    def open_row(self, headline: str) -> None:
        row = self.wait(
            lambda d: next((r for r in self.rows() if self.text_of(self.find("row-headline", r)) == headline), False),
            message=f"no list row with headline {headline!r}",
        )
        row.click()
        self.wait(lambda d: self.headline().get_attribute("value") == headline, message=f"{headline!r} did not open")

    def show_tab(self, tab: str) -> WebElement:
        self.visible(f"tab-{tab}").click()
        return self.visible(f"tab-body-{tab}")

    def preview_html(self) -> str:
        return self.find("preview").get_attribute("innerHTML") or ""
