from enum import StrEnum


class LeadOrderingName(StrEnum):
    CREATED_AT = "created_at"
    ID = "id"
    NAME = "name"
    STATUS = "status"
    TRYET = "tryet"
    UPDATED_AT = "updated_at"
    VALUE_1 = "-created_at"
    VALUE_11 = "-id"
    VALUE_3 = "-updated_at"
    VALUE_5 = "-name"
    VALUE_7 = "-status"
    VALUE_9 = "-tryet"

    def __str__(self) -> str:
        return str(self.value)
