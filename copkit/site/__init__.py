"""`copkit site`: the CoP's own website, a folder of static pages built from the records.

The pages open from the folder itself (file://) and from any static host. Each kind of page
is one module, in the explicit list `PAGE_KINDS` (`copkit.site.build`): home, agenda,
meetings, practices, stories, newsletters, members, health, search. Each module's
`pages(site)` returns the pages of its kind, each a template name and a context of plain data
built through `copkit.output.audience` (what the audience may see; attendee lists never on a
public site, the members directory only for the members), escaped of control characters
(`copkit.text.printable_tree`); the templates (`templates/site/`, overridable in the CoP's own
`templates/site/`) are rendered by the sandboxed, autoescaping environment of
`copkit.output.render`, in the language asked for (`copkit.i18n`).

`copkit.site.write` writes the folder: a page whose content did not change is neither
rendered nor written again (content hashes kept in `.copkit-site.json`, which also marks the
folder as a site copkit built).
"""
