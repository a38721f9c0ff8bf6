// An article's images (src-tauri/src/commands/media.rs).
import { call, callWithBytes } from "./core";
import type { ImageDescription } from "../bindings/ImageDescription";
import type { ImageRecord } from "../bindings/ImageRecord";
import type { InsertedImage } from "../bindings/InsertedImage";

/** The scheme the app serves stored images on: read-only, by hash. */
export const IMAGE_PROTOCOL = "newsroom-image://localhost/";

/** Where the media panel loads an image's thumbnail from. */
export const thumbnailUrl = (image: ImageRecord) => `${IMAGE_PROTOCOL}${image.hash}.thumb.${image.thumb_ext}`;

/** Inserts a pasted or dropped image; its bytes go as the raw request body. */
export async function insertImage(articleId: string, file: File): Promise<InsertedImage> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return callWithBytes("insert_image", bytes, {
    "x-article-id": articleId,
    "x-file-name": encodeURIComponent(file.name || "pasted image"),
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
