"""Writes about the service menu: items and their extra questions, and checking the answers of an order."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import scopes
from grids.models import NODE_MANAGER_ROLES, Node
from liaoyuan.core.integrity import unique_errors
from wishes.models import QuestionKind, ReplyTemplate, ServiceItem, ServiceQuestion

MAX_ANSWER = 200  # characters of one answer


def item_create(
    *, user, community: Node, title: str, description: str = "", provider: str = "", is_active: bool = True
) -> ServiceItem:
    """Adds an item to a community's menu and returns it (the community's staff or its street)."""
    if community.kind != Node.Kind.COMMUNITY:
        raise ValidationError({"community": _("A service menu belongs to a community.")})
    if not scopes.can_create_under(user, community, roles=NODE_MANAGER_ROLES):
        raise PermissionDenied
    if not title.strip():
        raise ValidationError({"title": _("Name the service.")})
    item = ServiceItem(
        community=community,
        title=title.strip(),
        description=description.strip(),
        provider=provider.strip(),
        is_active=is_active,
    )
    item.full_clean(exclude=["community"], validate_unique=False)
    taken = {"title": _("The menu already has a service of this name.")}
    with transaction.atomic(), unique_errors(ServiceItem, {"wishes_item_unique_title": taken}):
        item.save()
    return item


def item_update(
    *, user, item: ServiceItem, title: str, description: str = "", provider: str = "", is_active: bool = True
) -> ServiceItem:
    """Changes a menu item and returns it."""
    if not scopes.can_change(user, item):
        raise PermissionDenied
    if not title.strip():
        raise ValidationError({"title": _("Name the service.")})
    item.title, item.description, item.provider = title.strip(), description.strip(), provider.strip()
    item.is_active = is_active
    item.full_clean(exclude=["community"], validate_unique=False)
    taken = {"title": _("The menu already has a service of this name.")}
    with transaction.atomic(), unique_errors(ServiceItem, {"wishes_item_unique_title": taken}):
        item.save()
    return item


def question_add(
    *, user, item: ServiceItem, code: str, label: str, kind: str, required: bool = False, choices: str = ""
) -> ServiceQuestion:
    """Adds an extra question to a menu item and returns it."""
    if not scopes.can_change(user, item):
        raise PermissionDenied
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": _("Choose a kind of answer.")})
    if kind == QuestionKind.CHOICE and not [o for o in choices.split("|") if o.strip()]:
        raise ValidationError({"choices": _("Give the options of the choice, separated by “|”.")})
    order = item.questions.count()
    question = ServiceQuestion(
        item=item, code=code, label=label.strip(), kind=kind, required=required, choices=choices.strip(), order=order
    )
    question.full_clean(exclude=["item"], validate_unique=False)
    taken = {"code": _("This service already has a question with this code.")}
    with transaction.atomic(), unique_errors(ServiceQuestion, {"wishes_question_unique_code": taken}):
        question.save()
    return question


def answers_check(item: ServiceItem, answers: dict) -> dict[str, str]:
    """Returns the answers to the item's questions, cleaned (text as typed, numbers and dates normalised);
    raises ``ValidationError`` naming each question (``answers.<code>``) answered wrongly or not at all."""
    answers = answers or {}
    if not isinstance(answers, dict):
        raise ValidationError({"answers": _("Answer the questions of the service.")})
    cleaned, errors = {}, {}
    for question in item.questions.all():
        value = answers.get(question.code)
        value = "" if value is None else str(value).strip()
        if not value:
            if question.required:
                errors[f"answers.{question.code}"] = _("“%(question)s” needs an answer.") % {"question": question.label}
            continue
        if len(value) > MAX_ANSWER:
            errors[f"answers.{question.code}"] = _("An answer may be at most %(n)d characters.") % {"n": MAX_ANSWER}
        elif question.kind == QuestionKind.NUMBER:
            try:
                number = float(value)
            except ValueError:
                errors[f"answers.{question.code}"] = _("“%(question)s” needs a number.") % {"question": question.label}
                continue
            if not -1e9 < number < 1e9 or number != number:
                errors[f"answers.{question.code}"] = _("“%(question)s” needs a number.") % {"question": question.label}
                continue
            value = str(int(number)) if number == int(number) else str(number)
        elif question.kind == QuestionKind.DATE:
            try:
                value = datetime.date.fromisoformat(value).isoformat()
            except ValueError:
                errors[f"answers.{question.code}"] = _("“%(question)s” needs a date (YYYY-MM-DD).") % {
                    "question": question.label
                }
                continue
        elif question.kind == QuestionKind.CHOICE and value not in question.options:
            errors[f"answers.{question.code}"] = _("Choose one of the options of “%(question)s”.") % {
                "question": question.label
            }
            continue
        cleaned[question.code] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def reply_template_add(*, user, community: Node, title: str, text: str) -> ReplyTemplate:
    """Adds a ready answer to a community's reply templates and returns it."""
    if community.kind != Node.Kind.COMMUNITY:
        raise ValidationError({"community": _("A service menu belongs to a community.")})
    if not scopes.can_create_under(user, community, roles=NODE_MANAGER_ROLES):
        raise PermissionDenied
    template = ReplyTemplate(community=community, title=title.strip(), text=text.strip())
    template.full_clean(exclude=["community"], validate_unique=False)
    taken = {"title": _("This community already has a template of this title.")}
    with transaction.atomic(), unique_errors(ReplyTemplate, {"wishes_reply_unique_title": taken}):
        template.save()
    return template
