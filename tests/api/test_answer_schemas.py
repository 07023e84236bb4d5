"""Every answer the API sends is read into an `Answer` (no input checks run on what we send), every
input is a `Schema` (control characters and unknown fields refused): api/fields.py. A shape used both
ways would lose one or the other, so there is none."""

import typing

import pytest
from pydantic import BaseModel, ValidationError

from secondopinion.api.fields import Answer, Schema
from secondopinion.api.urls import api


def _shapes(annotation: typing.Any, found: set[type[BaseModel]]) -> set[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation not in found:
        found.add(annotation)
        for field in annotation.model_fields.values():
            _shapes(field.annotation, found)
    for argument in typing.get_args(annotation):
        _shapes(argument, found)
    return found


def _operations():
    for _prefix, router in api._routers:
        for view in router.path_operations.values():
            yield from view.operations


def _answers() -> set[type[BaseModel]]:
    found: set[type[BaseModel]] = set()
    for operation in _operations():
        for model in operation.response_models.values():
            if isinstance(model, type) and issubclass(model, BaseModel):
                _shapes(model.model_fields["response"].annotation, found)
    return found


def _inputs() -> set[type[BaseModel]]:
    found: set[type[BaseModel]] = set()
    for operation in _operations():
        for model in operation.models:
            _shapes(model, found)
    return found


def test_every_answer_is_an_answer_and_every_body_a_checked_input():
    answers, inputs = _answers(), _inputs()
    assert len(answers) > 50
    assert not answers & inputs
    assert sorted(c.__qualname__ for c in answers if not issubclass(c, Answer)) == []
    bodies = {c for c in inputs if issubclass(c, Schema)}
    assert len(bodies) > 30
    assert not any(issubclass(c, Answer) for c in inputs)


def test_keys_an_answer_does_not_have_are_left_out_and_its_texts_are_not_checked_as_input():
    from secondopinion.api.schemas import RuleRef

    read = RuleRef.model_validate(
        {"rule_id": "R9", "text": "tab\there", "detail": "bel\x07", "internal": "not sent"},
        context={"response_status": 200},
    )
    assert read.model_dump() == {"rule_id": "R9", "text": "tab\there", "detail": "bel\x07"}


def test_an_input_still_refuses_a_control_character_and_an_unknown_field():
    from secondopinion.api.schemas import AddendumIn

    for body, field in (({"text": "bel\x07"}, "text"), ({"text": "goed", "onbekend": 1}, "onbekend")):
        with pytest.raises(ValidationError) as refused:
            AddendumIn.model_validate(body)
        assert [error["loc"] for error in refused.value.errors()] == [(field,)]
