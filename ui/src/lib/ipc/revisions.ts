import { call } from "./core";

export const listRevisions = (articleId: string) =>
  call("list_revisions", { articleId });

export const getRevision = (id: number) => call("get_revision", { id });

export const diffRevisions = (older: number, newer: number) =>
  call("diff_revisions", { old: older, new: newer });

export const restoreRevision = (revisionId: number, expectedVersion: number) =>
  call("restore_revision", { revisionId, expectedVersion });
