// The image settings' allowed ranges, mirrored from the core (`WEB_LONG_EDGE`,
// `THUMB_LONG_EDGE` in crates/newsroom-core/src/images/mod.rs; `image-ranges.test.ts` checks
// the mirror). The core refuses anything outside them in its own words; here they only bound
// the number fields' spinners.

export interface EdgeRange {
  min: number;
  max: number;
}

/** The web copy's long edge, px. */
export const WEB_LONG_EDGE: EdgeRange = { min: 256, max: 8192 };
/** The thumbnails' long edge, px. */
export const THUMB_LONG_EDGE: EdgeRange = { min: 64, max: 1024 };
