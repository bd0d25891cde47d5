"""Answers of the health check and of this document itself."""

from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..shapes import Answer


class Health(Answer):
    status: Literal["ok"]


class OpenApiDocument(BaseModel):
    model_config = ConfigDict(extra="allow")

    openapi: Literal["3.1.0"]
    info: dict
    paths: dict
    components: dict
