// Strings of the text tools: typography, slugs, export, HTML paste (issue 6).

export const en = {
  "panel.text": "Text",
  "text.typography": "Typography",
  "text.typographyHint": "«Quotes», em dashes and no-break spaces for Russian and Kazakh (Ctrl+Shift+T; Ctrl+Z undoes it)",
  "text.typographyDone": "Typography applied: {count} lines changed.",
  "text.typographyNone": "Typography: nothing to change.",
  "text.typographyStale": "The text changed while typography was running; try again.",
  "text.suggestSlug": "Suggest slug",
  "text.slugSet": "Slug: {slug}",
  "text.export": "Export",
  "text.exportMarkdown": "Markdown",
  "text.exportHtml": "HTML",
  "text.exportSelection": "Selection as Markdown",
  "text.exported": "Exported {name}.",
  "text.noSelection": "Select part of the text to export it.",
  "text.pasteHint": "HTML pasted from a web page or a word processor becomes clean Markdown.",
  "text.failed": "Failed: {reason}",
} as const;

export const ru: Record<keyof typeof en, string> = {
  "panel.text": "Текст",
  "text.typography": "Типографика",
  "text.typographyHint": "«Ёлочки», тире и неразрывные пробелы для русского и казахского (Ctrl+Shift+T; Ctrl+Z отменяет)",
  "text.typographyDone": "Типографика применена: изменено строк — {count}.",
  "text.typographyNone": "Типографика: менять нечего.",
  "text.typographyStale": "Текст изменился во время обработки; повторите.",
  "text.suggestSlug": "Предложить адрес",
  "text.slugSet": "Адрес: {slug}",
  "text.export": "Экспорт",
  "text.exportMarkdown": "Markdown",
  "text.exportHtml": "HTML",
  "text.exportSelection": "Выделенное в Markdown",
  "text.exported": "Экспортировано: {name}.",
  "text.noSelection": "Выделите часть текста, чтобы экспортировать её.",
  "text.pasteHint": "HTML, вставленный с веб-страницы или из текстового редактора, становится чистым Markdown.",
  "text.failed": "Ошибка: {reason}",
};
