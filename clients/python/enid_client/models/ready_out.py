from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.health_state import HealthState

T = TypeVar("T", bound="ReadyOut")


@_attrs_define
class ReadyOut:
    """The state of each dependency.

    Example:
        {'status': 'ok', 'database': 'ok', 'backend': 'sqlite', 'cache': 'ok'}

    Attributes:
        status (HealthState): Whether something answers. Example: ok.
        database (HealthState): Whether something answers. Example: ok.
        backend (str): The storage backend: `sqlite`, `postgres`, or the name an embedding program's own
            storage gives.
        cache (HealthState): Whether something answers. Example: ok.
    """

    status: HealthState
    database: HealthState
    backend: str
    cache: HealthState
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        database = self.database.value

        backend = self.backend

        cache = self.cache.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "database": database,
                "backend": backend,
                "cache": cache,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = HealthState(d.pop("status"))

        database = HealthState(d.pop("database"))

        backend = d.pop("backend")

        cache = HealthState(d.pop("cache"))

        ready_out = cls(
            status=status,
            database=database,
            backend=backend,
            cache=cache,
        )

        ready_out.additional_properties = d
        return ready_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
