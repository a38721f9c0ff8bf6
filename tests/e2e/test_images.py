"""Images on the real window (issue 12): paste a picture into the body, see it in the
preview through the app's read-only image protocol, describe it in the Images tab, and see
the approval flag go once alt text and a credit are there.

The paste is a real `paste` event carrying a PNG file in its DataTransfer, as WebKit
delivers one from the clipboard; the bytes are made here (no image library needed).
"""

from __future__ import annotations

import base64
import struct
import zlib

from test_workflow import create_profile, go


def png(width: int, height: int) -> bytes:
    """An RGB PNG: left half red, right half blue."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"".join(b"\xe6\x14\x14" if x < width // 2 else b"\x14\x14\xe6" for x in range(width))
    raw = b"".join(b"\x00" + row for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


PASTE = """
const [b64, name] = arguments;
const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const data = new DataTransfer();
data.items.add(new File([bytes], name, { type: "image/png" }));
const target = document.querySelector('[data-testid=body-editor]');
target.focus();
target.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
"""


def test_paste_an_image_see_it_in_the_preview_and_describe_it(app):
    page = app()
    create_profile(page, "Айгерим", "journalist")
    go(page, "articles")
    page.new_article()
    page.headline().send_keys("Пожар на рынке")
    page.type_body("Рынок горел всю ночь.")
    page.wait_saved()

    page.js(PASTE, base64.b64encode(png(64, 48)).decode(), "пожар.png")
    body = page.wait(
        lambda d: t if "](images/" in (t := page.body_text()) else False,
        message="the body got no image reference",
    )
    assert body.startswith("Рынок горел всю ночь.\n\n![](images/"), body
    page.wait_saved()

    page.show_tab("preview")
    image = page.wait(
        lambda d: page.js(
            "const img = document.querySelector('[data-testid=preview] img');"
            "return img && img.complete && img.naturalWidth > 0 ? img.getAttribute('src') : false;"
        ),
        message=f"the preview shows no loaded image: {page.preview_html()}",
    )
    assert image.startswith("newsroom-image://localhost/") and image.endswith(".png"), image
    assert page.js("return document.querySelector('[data-testid=preview] img').naturalWidth") == 64

    page.show_tab("media")
    item = page.visible("media-item")
    assert page.find("media-undescribed", item).is_displayed(), "an undescribed image is flagged"
    thumb_loaded = page.wait(
        lambda d: page.js("const i = document.querySelector('[data-testid=media-thumb]'); return i.complete && i.naturalWidth > 0"),
        message="the thumbnail did not load",
    )
    assert thumb_loaded
    page.find("media-caption", item).send_keys("Пожарные у павильона, 1 декабря")
    page.find("media-alt", item).click()
    page.find("media-alt", item).send_keys("Пожарные тушат павильон рынка")
    page.find("media-credit", item).click()
    page.find("media-credit", item).send_keys("Фото: Айгерим С.")
    page.find("media-rights", item).click()
    page.wait(
        lambda d: not page.find("media-undescribed", page.find("media-item")).is_displayed(),
        message="the flag stayed after alt text and credit were filled",
    )
    # The description is stored: the tab reloads it from the core.
    page.show_tab("preview")
    page.show_tab("media")
    caption = page.js("return document.querySelector('[data-testid=media-caption]').value")
    assert caption == "Пожарные у павильона, 1 декабря", caption
