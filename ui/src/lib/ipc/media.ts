// An article's images (src-tauri/src/commands/media.rs).
import { call, callWithBytes, IpcError } from "./core";
import { say } from "../i18n";
import type { ImageDescription } from "../bindings/ImageDescription";
import type { ImageRecord } from "../bindings/ImageRecord";
import type { ImageSettings } from "../bindings/ImageSettings";
import type { InsertedImage } from "../bindings/InsertedImage";

/** The scheme the app serves stored images on: read-only, by hash. */
export const IMAGE_PROTOCOL = "newsroom-image://localhost/";

/** Where the media panel loads an image's thumbnail from. */
export const thumbnailUrl = (image: ImageRecord) => `${IMAGE_PROTOCOL}${image.hash}.thumb.${image.thumb_ext}`;

/** The largest file the core takes as an image, in bytes. Mirrors the Rust constant
 * `newsroom_core::images::MAX_FILE_BYTES` (crates/newsroom-core/src/images/decode.rs): keep
 * the two equal. */
export const MAX_IMAGE_FILE_BYTES = 50 * 1024 * 1024;

/** The core's refusal of a file over [`MAX_IMAGE_FILE_BYTES`] (`check_file_size` in
 * decode.rs, same key and words), made from the file's size alone; null when it fits. */
export function tooLargeImage(name: string, size: number): IpcError | null {
  if (size <= MAX_IMAGE_FILE_BYTES) return null;
  const mb = (bytes: number) => Math.ceil(bytes / (1024 * 1024));
  const text = `${name} is ${mb(size)} MB; images up to ${mb(MAX_IMAGE_FILE_BYTES)} MB can be inserted — export a smaller copy`;
  return new IpcError("invalid", say({ key: "image.too_large_file", args: { size_mb: mb(size) }, text }));
}

/** Inserts a pasted or dropped image; its bytes go as the raw request body. A file over the
 * core's limit is refused from its size, before any of it is read. */
export async function insertImage(articleId: string, file: File): Promise<InsertedImage> {
  const name = file.name || "pasted image";
  const refused = tooLargeImage(name, file.size);
  if (refused) throw refused;
  const bytes = new Uint8Array(await file.arrayBuffer());
  return callWithBytes("insert_image", bytes, {
    "x-article-id": articleId,
    "x-file-name": encodeURIComponent(name),
  });
}

/** Opens the native file picker (from Rust) and inserts the chosen image; null if cancelled. */
export const pickAndInsertImage = (id: string) => call("pick_and_insert_image", { id });

export const articleImages = (id: string) => call("article_images", { id });

export const describeImage = (hash: string, description: ImageDescription) =>
  call("describe_image", { hash, description });

export const setFeaturedImage = (id: string, hash: string | null) =>
  call("set_featured_image", { id, hash });

export const removeImageFromArticle = (id: string, hash: string) =>
  call("remove_image_from_article", { id, hash });

/** How inserted images are kept on this machine (the web copy's and thumbnail's long edges,
 * whether originals are kept). */
export const imageSettings = () => call("get_image_settings");

/** Stores the image settings; the core refuses a long edge out of its range (translated). */
export const setImageSettings = (settings: ImageSettings) => call("set_image_settings", { settings });
