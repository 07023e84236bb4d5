"""The API's building blocks: the base of inputs (Schema: their checks, OpenAPI patterns) and of
answers (Answer), the text and date types, and the limits every shape uses (the shapes themselves:
api/schemas.py)."""

from datetime import date
from typing import Annotated, Any

from ninja import Schema as NinjaSchema
from ninja.schema import DjangoGetter
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    GetJsonSchemaHandler,
    ModelWrapValidatorHandler,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from secondopinion.core.dates import DATE_FORMS, parse_day
from secondopinion.core.ids import MAX_ID as MAX_ID  # the API names it among its limits
from secondopinion.core.invisible import code_point, hidden_character
from secondopinion.core.textcheck import TEXT_PATTERN, control_character, is_blank, normalise_line_breaks

SHORT = 200
LONG = 10_000


CONTROL_REFUSED = (
    "text may not contain control characters (U+0000-U+001F other than tab, line feed and carriage return)"
)
# Followed by the character's code point and "); remove them" (api/validation_text.py words it in Dutch).
INVISIBLE_REFUSED = "contains invisible characters or characters that change the reading direction ("


def _refused(value: str) -> None:
    """Control characters keep their own words (the OpenAPI `pattern` names them); every other
    character core/invisible.py refuses is named by its code point, for the developer."""
    if control_character(value) is not None:
        raise ValueError(CONTROL_REFUSED)
    hidden = hidden_character(value)
    if hidden is not None:
        raise ValueError(f"{INVISIBLE_REFUSED}{code_point(hidden)}); remove them")


def _plain_text(value: Any) -> Any:
    """A text as the API takes it: a vertical tab (Word's line break) becomes a line feed, and any
    other control character is refused (no database stores a NUL, no DOCX report holds any), as are
    the invisible and direction-changing characters of core/invisible.py (a bidi override that shows
    a name reversed, a zero-width space, a lone surrogate); a zero-width joiner inside an emoji stays."""
    if type(value) is str:
        value = normalise_line_breaks(value)
        _refused(value)
        return value
    if isinstance(value, str):  # an enumeration's value
        _refused(value)
    if isinstance(value, dict):
        return {key: _plain_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain_text(item) for item in value]
    return value


def _with_text_pattern(schema: Any) -> None:
    """Say in the OpenAPI document what `_plain_text` refuses: every free text gets TEXT_PATTERN.
    Enumerations, dates and other formats are left as they are; other models carry their own."""
    if isinstance(schema, list):
        for item in schema:
            _with_text_pattern(item)
        return
    if not isinstance(schema, dict) or "$ref" in schema:
        return
    if schema.get("type") == "string" and not {"enum", "const", "format"} & schema.keys():
        schema.setdefault("pattern", TEXT_PATTERN)
    for key in ("anyOf", "oneOf", "allOf", "items", "additionalProperties"):
        if key in schema:
            _with_text_pattern(schema[key])


class _Shape(NinjaSchema):
    """What inputs and answers share: a dict (our serializers' answers, a JSON body) is read by pydantic
    directly; anything else (model instances) through django-ninja's attribute adapter (DjangoGetter)."""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(
        cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo
    ) -> Any:
        if type(values) is dict:
            return handler(values)
        return handler(DjangoGetter(values, cls, info.context))


class Answer(_Shape):
    """Every answer: what our serializers send was checked when it came in, so an answer is only read
    into its schema — by pydantic itself, without a Python check per field (an answer of a case holds
    some three hundred fields, and a check that returns at once still cost a tenth of its CPU). Keys a
    serializer's dict holds beyond the schema are left out (`extra="ignore"`).
    tests/api/test_answer_schemas.py holds every answer to this base and every input to `Schema`."""

    model_config = ConfigDict(extra="ignore")


class Schema(_Shape):
    """Every input: control characters and invisible or direction-changing characters are refused up
    front (PostgreSQL stores no NUL in text, a DOCX holds no control character, a bidi override shows
    a name reversed); the OpenAPI document says so with a `pattern` on every text. A field the schema
    does not have is refused too (`extra="forbid"`, naming the field): a misspelt optional field would
    otherwise be dropped without a word. Query parameters are not bodies: ninja reads only the ones
    it knows. Answers have their own base, `Answer`."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        return _plain_text(value)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(core_schema)
        if handler.mode == "validation":
            for prop in handler.resolve_ref_schema(json_schema).get("properties", {}).values():
                _with_text_pattern(prop)
        return json_schema


def _visible(value: str) -> str:
    if is_blank(value):
        raise ValueError("must contain visible text, not only spaces or invisible characters")
    return value


# A search text in a query string: control characters refused like in a body (PostgreSQL takes no NUL).
QueryText = Annotated[str, AfterValidator(_plain_text)]


# A text the server requires: something visible, not only spaces or zero-width characters.
VisibleText = Annotated[str, AfterValidator(_visible)]


def _day(value: Any) -> Any:
    """A date filter takes YYYY-MM-DD or DD-MM-YYYY; a number (e.g. `?to=0`) is no date."""
    if value is None or isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"not a date: use {DATE_FORMS}")
    return parse_day(value)


Day = Annotated[date, BeforeValidator(_day)]
