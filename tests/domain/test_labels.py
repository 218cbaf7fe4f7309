"""Messages name input fields and categories as people say them, in the client's language."""

from __future__ import annotations

from graphql import GraphQLInputObjectType, GraphQLNamedType, get_named_type

from domain.labels import FIELD_LABELS
from domain.messages import message
from schema import build_schema


def test_every_mutation_input_field_has_a_label() -> None:
    schema = build_schema()._schema
    names: set[str] = set()
    seen: set[str] = set()

    def walk(named: GraphQLNamedType) -> None:
        if not isinstance(named, GraphQLInputObjectType) or named.name in seen:
            return
        seen.add(named.name)
        for name, field in named.fields.items():
            names.add(name)
            walk(get_named_type(field.type))

    assert schema.mutation_type is not None
    for mutation in schema.mutation_type.fields.values():
        for argument in mutation.args.values():
            walk(get_named_type(argument.type))
    assert {"topic", "contactPhone", "volunteerPosition"} <= names
    assert names - set(FIELD_LABELS) == set()


def test_chinese_messages_name_fields_in_chinese() -> None:
    assert message("required", "zh-CN", {"field": "topic"}) == "主题不能为空"
    assert message("invalid", "zh-CN", {"field": "contactPhone"}) == "联系电话格式不正确"
    nested = message("required", "zh-CN", {"field": "volunteerPosition.shifts.0.startsAt"})
    assert nested == "志愿岗位信息的班次第1项的开始时间不能为空"


def test_english_messages_name_fields_in_english() -> None:
    assert message("invalid", "en", {"field": "contactPhone"}) == "Contact phone is not valid"
    nested = message("required", "en", {"field": "volunteerPosition.shifts.0.startsAt"})
    assert nested == "Start time of shift 1 of volunteer position details is required"


def test_categories_are_named_too() -> None:
    said = message("details_required", "zh-CN", {"field": "venue", "category": "VENUE"})
    assert said == "场地类资源须填写场地信息"
    assert message("details_required", "en", {"field": "venue", "category": "VENUE"}) == (
        "A venue resource needs venue details"
    )
