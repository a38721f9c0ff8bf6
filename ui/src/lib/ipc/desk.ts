// The desk shared through the site (issue 11): how notes travel, unread badges, "assigned
// to me", the site's assignment, and the post lock of the article open for editing.
import { call } from "./core";
import type { SiteUser } from "../bindings/SiteUser";

export const noteDeliveries = (articleId: string) => call("desk_note_deliveries", { articleId });

export const unreadNotes = () => call("desk_unread_notes");

export const markNotesSeen = (articleId: string) => call("desk_mark_notes_seen", { articleId });

export const assignedToMe = () => call("desk_assigned_to_me");

export const siteAssignment = (articleId: string) => call("desk_site_assignment", { articleId });

/** The article's desk entries the site refused for good, with the reasons. */
export const parkedEntries = (articleId: string) => call("desk_parked", { articleId });

/** Whom an article can be assigned to on the site (the list read last time when offline). */
export const sitePeople = () => call("desk_site_people");

/** Assigns the article on the site (`null`: unassigns); it goes out with the next sync round. */
export const assignOnSite = (articleId: string, user: SiteUser | null) =>
  call("desk_assign", { articleId, user });

/** Takes (or refreshes) the site's lock on the article's post; `takeOver` takes it from its holder. */
export const openLock = (articleId: string, takeOver = false) => call("desk_lock_open", { articleId, takeOver });

/** Releases this account's lock on the article's post. */
export const closeLock = (articleId: string) => call("desk_lock_close", { articleId });
