"""Extract copkit's texts for people and merge them into each language's catalog.

    python docs/update_catalogs.py            # extract, then update es and fr
    python docs/update_catalogs.py --compile  # and write the .mo files (optional: copkit
                                              # compiles the .po files when it loads them)

Reads babel.cfg; writes copkit/locale/copkit.pot and updates
copkit/locale/<lang>/LC_MESSAGES/copkit.po (new texts empty, changed ones fuzzy). The
workflow is in docs/i18n.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "copkit" / "locale"
POT = LOCALE / "copkit.pot"
LANGUAGES = ("es", "fr")
# Words.count_words(n, one, many) in copkit/output/newsletter.py: a plural of the catalog;
# Msg(msgid, **params) and Plural(one, many, n) of copkit.i18n.msg: the indicators' messages
KEYWORDS = ("count_words:2,3", "Msg", "Plural:1,2")


def main(argv: list[str]) -> int:
    LOCALE.mkdir(parents=True, exist_ok=True)
    cli = CommandLineInterface()
    keywords = [arg for k in KEYWORDS for arg in ("-k", k)]
    cli.run(["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), *keywords,
             "--no-location", "--sort-output", "--project", "copkit", "--omit-header",
             "-o", str(POT), str(ROOT)])
    for lang in LANGUAGES:
        po = LOCALE / lang / "LC_MESSAGES" / "copkit.po"
        command = "update" if po.is_file() else "init"
        args = ["pybabel", "-q", command, "-i", str(POT), "-d", str(LOCALE), "-D", "copkit",
                "-l", lang]
        if command == "update":
            args += ["--no-fuzzy-matching", "--ignore-obsolete"]
        cli.run(args)
    if "--compile" in argv:
        cli.run(["pybabel", "-q", "compile", "-d", str(LOCALE), "-D", "copkit"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
