// Strings of the search screen (issue 6).

export const en = {
  "nav.search": "Search",
  "search.title": "Search",
  "search.placeholder": "Search articles: words in any form, полиц* for a prefix, \"quotes\" for a phrase",
  "search.status": "Status",
  "search.anyStatus": "Any status",
  "search.tag": "Tag",
  "search.author": "Author",
  "search.from": "From",
  "search.to": "To",
  "search.trash": "In the trash",
  "search.newest": "Newest first",
  "search.count": "{count} found",
  "search.none": "Nothing found for “{text}”.",
  "search.hint": "Type to search headlines, deks, texts and tags.",
  "search.more": "Show more",
  "search.failed": "Search failed: {reason}",
} as const;

export const ru: Record<keyof typeof en, string> = {
  "nav.search": "Поиск",
  "search.title": "Поиск",
  "search.placeholder": "Поиск по статьям: любые формы слов, полиц* — начало слова, \"кавычки\" — фраза",
  "search.status": "Статус",
  "search.anyStatus": "Любой статус",
  "search.tag": "Тег",
  "search.author": "Автор",
  "search.from": "С",
  "search.to": "По",
  "search.trash": "В корзине",
  "search.newest": "Сначала новые",
  "search.count": "Найдено: {count}",
  "search.none": "По запросу «{text}» ничего не найдено.",
  "search.hint": "Начните печатать: поиск идёт по заголовкам, подзаголовкам, текстам и тегам.",
  "search.more": "Показать ещё",
  "search.failed": "Поиск не удался: {reason}",
};
