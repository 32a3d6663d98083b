"""Sign in, staff calls, public calls and typed errors; each write read back."""

from enid_client import AuthenticatedClient, Client
from enid_client.api.accounts import login
from enid_client.api.inventory import create_movement, create_warehouse, get_product_stock
from enid_client.api.leads import create_lead_type, get_lead, lead_intake, list_lead_types, search_leads
from enid_client.api.returns import list_return_cards
from enid_client.models import (
    ErrorBody,
    LeadIntakeIn,
    LeadOut,
    LeadTypeIn,
    LeadTypeOut,
    LoginIn,
    MovementIn,
    MovementRecorded,
    WarehouseIn,
    WarehouseOut,
)


def expect_error(parsed: object, code: str) -> ErrorBody:
    assert isinstance(parsed, ErrorBody), parsed
    assert parsed.code == code
    assert isinstance(parsed.detail, str)
    return parsed


def test_wrong_credentials_are_a_typed_401(anonymous: Client, admin: LoginIn) -> None:
    reply = login.sync_detailed(client=anonymous, body=LoginIn(email=admin.email, password="no-es-la-clave"))
    assert reply.status_code == 401
    body = expect_error(reply.parsed, "invalid_credentials")
    assert not body.fields


def test_staff_create_a_lead_type_and_the_public_intake_counts_each_try(
    anonymous: Client, staff: AuthenticatedClient, run: int
) -> None:
    created = create_lead_type.sync_detailed(client=staff, body=LeadTypeIn(name=f"Cotización por WhatsApp {run}"))
    assert created.status_code == 201
    lead_type = created.parsed
    assert isinstance(lead_type, LeadTypeOut)
    assert lead_type.name == f"Cotización por WhatsApp {run}"
    assert lead_type.is_active

    intake = LeadIntakeIn(name="María Fernanda López", email=f"maria.{run}@correo.mx", lead_type=lead_type.id)
    first = lead_intake.sync_detailed(client=anonymous, body=intake)
    assert first.status_code == 201
    assert isinstance(first.parsed, LeadOut)
    assert first.parsed.tryet == 1
    again = lead_intake.sync_detailed(client=anonymous, body=intake)
    assert again.status_code == 200
    assert isinstance(again.parsed, LeadOut)
    assert again.parsed.id == first.parsed.id

    stored = get_lead.sync_detailed(first.parsed.id, client=staff)
    assert stored.status_code == 200
    assert isinstance(stored.parsed, LeadOut)
    assert stored.parsed.tryet == 2
    assert stored.parsed.lead_type == lead_type.id
    assert stored.parsed.lead_type_name == lead_type.name


def test_a_public_intake_of_an_unknown_lead_type_is_a_typed_validation_error_and_stores_nothing(
    anonymous: Client, staff: AuthenticatedClient, run: int
) -> None:
    types = list_lead_types.sync(client=staff)
    assert types is not None and not isinstance(types, ErrorBody)
    unknown = max([t.id for t in types.results], default=0) + 1000
    email = f"jorge.{run}@correo.mx"

    reply = lead_intake.sync_detailed(
        client=anonymous, body=LeadIntakeIn(name="Jorge Ramírez", email=email, lead_type=unknown)
    )
    assert reply.status_code == 400
    body = expect_error(reply.parsed, "validation_error")
    assert body.fields
    assert list(body.fields.additional_properties) == ["lead_type"]
    assert body.fields["lead_type"]

    found = search_leads.sync_detailed(client=staff, q=email)
    assert found.status_code == 200
    assert not isinstance(found.parsed, ErrorBody) and found.parsed is not None
    assert found.parsed.count == 0
    assert found.parsed.results == []


def test_stock_movements_move_the_level_and_an_out_beyond_it_is_a_typed_409(
    staff: AuthenticatedClient, run: int
) -> None:
    product = run
    created = create_warehouse.sync_detailed(client=staff, body=WarehouseIn(name=f"Bodega Iztapalapa {run}"))
    assert created.status_code == 201
    warehouse = created.parsed
    assert isinstance(warehouse, WarehouseOut)

    def move(movement_type: str, quantity: int):
        # from_dict takes the movement type as the JSON names it, whatever type the model gives it.
        body = MovementIn.from_dict(
            {
                "product_id": product,
                "warehouse_id": warehouse.id,
                "movement_type": movement_type,
                "quantity": quantity,
                "reference": "OC-2024-118",
            }
        )
        return create_movement.sync_detailed(client=staff, body=body)

    received = move("in", 12)
    assert received.status_code == 201
    assert isinstance(received.parsed, MovementRecorded)
    assert received.parsed.level == 12
    shipped = move("out", 5)
    assert isinstance(shipped.parsed, MovementRecorded)
    assert shipped.parsed.level == 7

    refused = move("out", 100)
    assert refused.status_code == 409
    expect_error(refused.parsed, "insufficient_stock")

    level = get_product_stock.sync_detailed(product, client=staff)
    assert level.status_code == 200
    assert not isinstance(level.parsed, ErrorBody) and level.parsed is not None
    assert level.parsed.total == 7
    assert [(w.warehouse_id, w.quantity) for w in level.parsed.by_warehouse] == [(warehouse.id, 7)]


def test_public_reads_need_no_token(anonymous: Client) -> None:
    reply = list_return_cards.sync_detailed(client=anonymous)
    assert reply.status_code == 200
    assert not isinstance(reply.parsed, ErrorBody) and reply.parsed is not None
    assert len(reply.parsed.results) >= 1
    assert all(isinstance(card.ask, str) for card in reply.parsed.results)
