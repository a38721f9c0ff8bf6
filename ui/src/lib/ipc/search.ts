import { call } from "./core";
import type { SearchQuery } from "../bindings/SearchQuery";
import type { SearchResults } from "../bindings/SearchResults";

/** Full-text search over the articles as the database holds them now (issue 6). */
export const searchArticles = (query: SearchQuery) => call<SearchResults>("search_articles", { query });
