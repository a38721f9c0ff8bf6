export type PreviewRequest = { loadImages: boolean, };
