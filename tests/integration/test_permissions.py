"""One permission table, checked by the services: what a clerk may not do is refused in words."""

from __future__ import annotations

import pytest

from counter_app.data.models import Role
from counter_app.errors import PermissionDenied
from counter_app.services import slip_settings
from counter_app.services.permissions import PERMISSIONS, Action, action_label, allowed
from tests.factories import World
from tests.integration.test_quote_service import save, trade_in


def test_every_action_has_roles_and_words() -> None:
    assert set(PERMISSIONS) == set(Action)
    for action in Action:
        assert PERMISSIONS[action] and action_label(action)
        assert allowed(Role.MANAGER, action)


def test_a_clerk_cannot_void_a_quote_the_customer_accepted(world: World) -> None:
    from counter_app.services import quotes

    number = save(world, trade_in())
    with world.ctx.uow.write() as s:
        quotes.accept(s, world.clerk, number)
        s.commit()
    with world.ctx.uow.write() as s, pytest.raises(PermissionDenied, match="店长"):
        quotes.void(s, world.clerk, number, "顾客改主意")
    with world.ctx.uow.read() as s:
        assert quotes.get(s, number).status == "accepted"
    with world.ctx.uow.write() as s:
        quotes.void(s, world.manager, number, "顾客改主意")
        s.commit()
    with world.ctx.uow.read() as s:
        assert quotes.get(s, number).status == "void"


def test_a_clerk_may_void_a_quote_not_yet_accepted(world: World) -> None:
    from counter_app.services import quotes

    number = save(world, trade_in())
    with world.ctx.uow.write() as s:
        quotes.void(s, world.clerk, number, "算错了")
        s.commit()
    with world.ctx.uow.read() as s:
        assert quotes.get(s, number).void_reason == "算错了"


def test_store_wide_slip_settings_are_the_managers(world: World) -> None:
    with world.ctx.uow.write() as s:
        with pytest.raises(PermissionDenied):
            slip_settings.set_paper_size(s, world.clerk, "80mm")
        with pytest.raises(PermissionDenied):
            slip_settings.set_templates(s, world.clerk, {"back": "{name}您好，可以取件了"})
    with world.ctx.uow.read() as s:
        assert slip_settings.paper_size(s) == "a5"
    with world.ctx.uow.write() as s:
        slip_settings.set_paper_size(s, world.manager, "80mm")
        s.commit()
    with world.ctx.uow.read() as s:
        assert slip_settings.paper_size(s) == "80mm"


def test_a_named_stand_in_acts_as_director_but_cannot_name_another() -> None:
    assert allowed(Role.CLERK, Action.VOID_SLIP, acting_director=True)
    assert not allowed(Role.CLERK, Action.VOID_SLIP)
    assert not allowed(Role.CLERK, Action.VOID_ACCEPTED_QUOTE)
    assert not allowed(Role.CLERK, Action.NAME_STAND_IN, acting_director=True)
