"""Hatch build hook: the gettext catalogs compiled into the wheel (copkit/locale/*/LC_MESSAGES/
copkit.mo), so an installed copkit never compiles them (copkit.i18n.catalog)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogsHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        out = Path(tempfile.mkdtemp(prefix="copkit-mo-"))
        for po in sorted(Path(self.root, "copkit", "locale").glob("*/LC_MESSAGES/copkit.po")):
            with po.open("rb") as fp:
                catalog = read_po(fp, locale=po.parent.parent.name, domain="copkit")
            mo = out / f"{po.parent.parent.name}.mo"
            with mo.open("wb") as fp:
                write_mo(fp, catalog, use_fuzzy=False)
            relative = po.with_suffix(".mo").relative_to(self.root).as_posix()
            build_data["force_include"][str(mo)] = relative
