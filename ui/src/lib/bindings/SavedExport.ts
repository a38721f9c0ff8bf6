export type SavedExport = { path: string, folder: string, };
