from enum import StrEnum


class LeadStatusName(StrEnum):
    CONTACTED = "contacted"
    CONVERTED = "converted"
    DISCARDED = "discarded"
    PENDING = "pending"
    PROCESS = "process"

    def __str__(self) -> str:
        return str(self.value)
