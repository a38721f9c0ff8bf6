"""Images on the real window (issue 12): paste a picture into the body, see it in the
preview through the app's read-only image protocol, describe it in the Images tab, and see
the approval flag go once alt text and a credit are there. Then, signed in to the site as
the journalist (a Contributor; the companion plugin lets one upload to their own drafts), a
sync round puts the picture in the media library once, with its description, and the post's
HTML points at the site's copy.

The paste is a real `paste` event carrying a PNG file in its DataTransfer, as WebKit
delivers one from the clipboard; the bytes are made here (no image library needed).
"""

from __future__ import annotations

import base64
import json
import struct
import time
import urllib.parse
import urllib.request
import uuid
import zlib

from test_desk import connect, needs_wordpress, run_round
from test_sync import posts_titled
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



def loaded_preview_image(page) -> dict:
    """The preview's first picture once it has loaded: its address and natural size."""
    return page.wait(
        lambda d: page.js(
            "const img = document.querySelector('[data-testid=preview] img');"
            "return img && img.complete && img.naturalWidth > 0"
            " ? {src: img.getAttribute('src'), width: img.naturalWidth, height: img.naturalHeight} : false;"
        ),
        message=f"the preview shows no loaded image: {page.preview_html()}",
    )

def test_paste_an_image_see_it_in_the_preview_and_describe_it(app):
    page = app()
    create_profile(page, "Айгерим", "journalist")
    go(page, "articles")
    page.new_article()
    headline = f"Пожар на рынке {uuid.uuid4().hex[:6]}"
    page.headline().send_keys(headline)
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
    image = loaded_preview_image(page)["src"]
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

    # To the site: one attachment with the description, and the post's HTML on its address.
    env = needs_wordpress()
    connect(page, env["NEWSROOM_WP_URL"], env["NEWSROOM_WP_JOURNALIST_USER"], env["NEWSROOM_WP_JOURNALIST_PASSWORD"])
    deadline = time.monotonic() + 90
    while True:
        report = run_round(page)
        posts = posts_titled(env, headline)
        if posts and "wp-content/uploads/" in posts[0]["content"]["raw"]:
            break
        assert time.monotonic() < deadline, f"the picture never reached the post on the site: {report} {posts}"
        time.sleep(1)
    post = posts[0]
    # The picture is known by its content hash (the body's `images/<hash>.png`): the same bytes
    # pasted on another day are the same attachment, so the site is asked by the hash, not by
    # the post the attachment first belonged to.
    picture_hash = body.split("](images/", 1)[1].split(".", 1)[0]
    media = site_media(env, picture_hash)
    assert len(media) == 1, f"one attachment, uploaded once: {[m['id'] for m in media]}"
    picture = media[0]
    assert picture["alt_text"] == "Пожарные тушат павильон рынка", picture["alt_text"]
    assert "Пожарные у павильона, 1 декабря" in picture["caption"]["raw"], picture["caption"]
    assert picture["source_url"] in post["content"]["raw"], post["content"]["raw"]
    assert "images/" not in post["content"]["raw"].replace("wp-content/uploads/", ""), "no local reference left"
    # Another round sends nothing again: still the one attachment.
    run_round(page)
    assert len(site_media(env, picture_hash)) == 1


def site_media(env: dict[str, str], picture_hash: str) -> list[dict]:
    """The site's attachments made from the picture with this content hash (its file and
    slug carry the hash), as the site's admin reads them."""
    auth = base64.b64encode(f"{env['NEWSROOM_WP_ADMIN_USER']}:{env['NEWSROOM_WP_ADMIN_PASSWORD']}".encode()).decode()
    query = urllib.parse.urlencode({"rest_route": "/wp/v2/media", "search": picture_hash, "context": "edit"})
    request = urllib.request.Request(f"{env['NEWSROOM_WP_URL']}/?{query}", headers={"Authorization": f"Basic {auth}"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)


def test_the_web_copys_long_edge_is_set_on_the_site_screen(app):
    """The image settings on the Site screen: a long edge out of range is refused with the
    core's words; 320 px is kept, and a picture pasted afterwards is stored 320 px wide."""
    page = app()
    go(page, "sync")
    settings = page.visible("image-settings")
    field = page.find("image-web-long-edge", settings)
    page.wait(lambda d: field.get_attribute("value") == "2048", message="the default long edge is shown")
    assert page.find("image-keep-originals", settings).is_selected() is False

    field.clear()
    field.send_keys("100")
    page.find("image-settings-save", settings).click()
    error = page.wait(
        lambda d: e if (e := page.find("image-settings-error")).is_displayed() and e.text else False,
        message="an out-of-range long edge is refused",
    )
    assert "256" in error.text and "100" in error.text, error.text

    field.clear()
    field.send_keys("320")
    page.find("image-settings-save", settings).click()
    page.wait(lambda d: not page.find("image-settings-error").is_displayed(), message="320 is taken")
    # Stored by the core: shown again when the screen is opened again.
    go(page, "articles")
    go(page, "sync")
    page.wait(
        lambda d: page.find("image-web-long-edge").get_attribute("value") == "320",
        message="the stored long edge is shown again",
    )

    go(page, "articles")
    page.new_article()
    page.headline().send_keys(f"Длинная сторона {uuid.uuid4().hex[:6]}")
    page.type_body("Снимок крупнее веб-копии.")
    page.wait_saved()
    page.js(PASTE, base64.b64encode(png(640, 480)).decode(), "крупный.png")
    page.wait(lambda d: "](images/" in page.body_text(), message="the body got no image reference")
    page.wait_saved()
    page.show_tab("preview")
    image = loaded_preview_image(page)
    assert (image["width"], image["height"]) == (320, 240), f"the web copy is {image['width']} × {image['height']} px"
