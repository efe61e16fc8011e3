"""What copkit writes for people to read: the report and the newsletter, in Markdown, HTML or
PDF, and CSV for spreadsheets. Three layers, each using only the ones below it:

- the documents' content, from a loaded CoP, as plain data for the templates (no I/O):
  `report` (`build_report`; what git adds: `report_history`) and `newsletter`
  (`build_newsletter`; the charter's list of newsletters sent: `newsletter_record`), both
  applying `audience`, the one place that decides what each audience sees;
- rendering: `render` (the sandboxed Jinja environment and the templates, the CoP's own
  first), `charts` (SVG, drawn by matplotlib in a child process started early, cached);
- the formats: `formats` (`FORMATS`: `markdown`, `html`, `pdf`, `jsondata`, one module
  each, listed explicitly), `pdf` (the Typst compiler and fonts), `files` (writing a
  document's files atomically, never over a file unforced), `csvout` (CSV safe to open in a
  spreadsheet).

Nothing is imported here: importing a module of the package costs only that module.
"""
