export type ExportProposal = { folder: string, fileName: string, path: string, pickInPage: boolean, };
