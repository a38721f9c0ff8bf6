export type TextChange = { from: number, to: number, insert: string, };
