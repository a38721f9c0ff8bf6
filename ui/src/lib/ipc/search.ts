import { call } from "./core";
import type { SearchQuery } from "../bindings/SearchQuery";

/** Full-text search over the articles as the database holds them now (issue 6). */
export const searchArticles = (query: SearchQuery) => call("search_articles", { query });
