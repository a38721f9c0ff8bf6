import { beforeEach, describe, expect, it, vi } from "vitest";

const invoked: string[] = [];
vi.mock("@tauri-apps/api/core", () => ({
  invoke: (command: string) => {
    invoked.push(command);
    return Promise.resolve({ markdown: "![](images/x.jpg)", notices: [] });
  },
}));

const { insertImage, MAX_IMAGE_FILE_BYTES } = await import("./media");
const { setLocale } = await import("../i18n");

/** A file of `size` bytes that records whether its bytes were read. */
function file(name: string, size: number) {
  const read = vi.fn(() => Promise.resolve(new ArrayBuffer(4)));
  return { file: { name, size, arrayBuffer: read } as unknown as File, read };
}

describe("inserting an image too large for the core", () => {
  beforeEach(() => {
    invoked.length = 0;
    setLocale("en", false);
  });

  it("mirrors the core's limit", () => {
    const sources = Object.values(
      import.meta.glob<string>("../../../../crates/newsroom-core/src/images/decode.rs", {
        query: "?raw",
        import: "default",
        eager: true,
      }),
    );
    expect(sources.length, "found decode.rs").toBe(1);
    const rust = /pub const MAX_FILE_BYTES: u64 = ([\d\s*_]+);/.exec(sources[0]);
    expect(rust, "found MAX_FILE_BYTES").not.toBeNull();
    const value = rust![1].split("*").reduce((product, n) => product * Number(n.replace(/_/g, "").trim()), 1);
    expect(MAX_IMAGE_FILE_BYTES).toBe(value);
  });

  it("is refused from its size, before its bytes are read or sent", async () => {
    const big = file("снимок.jpg", MAX_IMAGE_FILE_BYTES + 1);
    await expect(insertImage("a", big.file)).rejects.toThrow(
      "The image is 51 MB; images up to 50 MB can be inserted — export a smaller copy.",
    );
    expect(big.read).not.toHaveBeenCalled();
    expect(invoked).toEqual([]);
  });

  it("speaks the interface language", async () => {
    setLocale("ru", false);
    const big = file("снимок.jpg", 60 * 1024 * 1024);
    await expect(insertImage("a", big.file)).rejects.toThrow("Файл весит 60 МБ");
    setLocale("en", false);
  });

  it("lets a file at the limit through to the core", async () => {
    const fits = file("снимок.jpg", MAX_IMAGE_FILE_BYTES);
    await insertImage("a", fits.file);
    expect(fits.read).toHaveBeenCalledOnce();
    expect(invoked).toEqual(["insert_image"]);
  });
});
