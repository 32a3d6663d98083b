from enum import StrEnum


class RoleName(StrEnum):
    ADMIN = "admin"
    CUSTOMER = "customer"
    STAFF = "staff"
    VIEWER = "viewer"

    def __str__(self) -> str:
        return str(self.value)
