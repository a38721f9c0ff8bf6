export type Preview = { html: string, blockedImages: number, paused: boolean, };
