import type { Preview } from "./Preview";
import type { SaveOutcome } from "./SaveOutcome";
export type DraftSaved = { saved: SaveOutcome, preview: Preview | null, };
