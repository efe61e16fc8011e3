"""The pydantic models of a template file (built on first use: pydantic is heavy)."""

from __future__ import annotations

from typing import Any, Literal


def models() -> Any:
    """The pydantic models of a template file (built on first use: pydantic is heavy)."""
    global _MODELS
    if _MODELS is not None:
        return _MODELS
    from pydantic import BaseModel, ConfigDict, Field

    from copkit.model.schemas import Text

    class _M(BaseModel):
        model_config = ConfigDict(extra="forbid")

    class FieldAsk(_M):
        field: Text
        how: Literal["text", "lines", "words", "choice"] | None = None
        prompt: Text | None = None
        label: Text | None = None
        examples: list[Text] = Field(default_factory=list)

    class Framing(_M):
        title: Text = "What the community is about"
        guidance: Text | None = None
        fields: list[FieldAsk] = Field(default_factory=list)

    class TemplateStep(_M):
        step: int = Field(ge=1)
        title: Text
        short: Text | None = None
        guidance: Text | None = None
        questions: list[Text] = Field(default_factory=list)
        fills: list[Text] = Field(default_factory=list)
        asks: list[Text | FieldAsk] = Field(default_factory=list)
        how: Text | None = None
        rule: Any
        when: Any = None

    class TemplateFile(_M):
        id: Text
        title: Text
        source: Text | None = None
        framing: Framing | None = None
        steps: list[TemplateStep]

    _MODELS = (TemplateFile, TemplateStep, FieldAsk, Framing)
    return _MODELS


_MODELS: Any = None
