import { call } from "./core";
import type { Article } from "../bindings/Article";
import type { FieldDiff } from "../bindings/FieldDiff";
import type { Revision } from "../bindings/Revision";
import type { RevisionSummary } from "../bindings/RevisionSummary";

export const listRevisions = (articleId: string) =>
  call<RevisionSummary[]>("list_revisions", { articleId });

export const getRevision = (id: number) => call<Revision>("get_revision", { id });

export const diffRevisions = (older: number, newer: number) =>
  call<FieldDiff[]>("diff_revisions", { old: older, new: newer });

export const restoreRevision = (revisionId: number, expectedVersion: number) =>
  call<Article>("restore_revision", { revisionId, expectedVersion });
