"""The planning walk in Spanish and French: its own words (the step's header, "Questions to
think about:", what the records hold, the status, the member prompts, "Go on to step 2?") go
through the catalog in the walk's language, beside the template's translated texts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from copkit.planning.walk import Wizard

from .test_wizard import Script, fixed_today  # noqa: F401  (fixed_today: autouse)

ANSWERS = ["María López", "maria@example.org", "", "n"]


@pytest.fixture
def fresh(tmp_path: Path, init_copy: Callable[..., Path]) -> Path:
    return init_copy(tmp_path / "cop", name="LED units CoP")


def walk_step_1(root: Path, lang: str) -> Script:
    script = Script(ANSWERS)
    Wizard(root, script, lang=lang).run(step=1)
    assert script.answers == []
    return script


def test_the_walk_speaks_spanish(fresh: Path) -> None:
    script = walk_step_1(fresh, "es")
    said = script.said
    assert "\n=== Paso 1 de 9: Miembros y cómo contactarlos ===" in said
    assert "Preguntas para reflexionar:" in said
    assert said[said.index("Los registros contienen:") + 1] == \
        "  0 miembros actuales, 0 con correo electrónico o teléfono"
    assert "Agregue a los miembros uno por uno; deje el nombre vacío al terminar." in said
    assert "  agregado: maria-lopez" in said
    assert [s for s in said if s.startswith("Paso 1: ")] == [
        "Paso 1: parcial — pendiente: members.yaml: at least 2 current members needed (now 1)"]
    assert script.asked == ["Nombre completo del miembro",
                            "Correo electrónico de María López (vacío si no tiene)",
                            "Nombre completo del miembro", "¿Continuar con el paso 2?"]
    assert said[-1] == ("\nPasos hechos: 0 de 9. `copkit plan status` muestra en qué punto "
                        "está cada uno.")


def test_the_walk_speaks_french(fresh: Path) -> None:
    script = walk_step_1(fresh, "fr")
    said = script.said
    nb = "\u202f"  # the narrow no-break space French puts before : ? ! ;
    assert f"\n=== Étape 1 sur 9{nb}: Les membres et comment les joindre ===" in said
    assert f"Questions à se poser{nb}:" in said
    assert said[said.index(f"Les registres contiennent{nb}:") + 1] == \
        "  0 membre actuel, 0 avec un courriel ou un téléphone"
    assert f"Ajoutez les membres un à un{nb}; laissez le nom vide pour terminer." in said
    assert f"  ajouté{nb}: maria-lopez" in said
    assert script.asked == ["Nom complet du membre",
                            "Courriel de María López (vide s’il n’y en a pas)",
                            "Nom complet du membre", f"Passer à l’étape 2{nb}?"]
