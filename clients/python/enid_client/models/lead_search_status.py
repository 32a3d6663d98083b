from enum import StrEnum


class LeadSearchStatus(StrEnum):
    ALL = "all"
    CONTACTED = "contacted"
    CONVERTED = "converted"
    DISCARDED = "discarded"
    PENDING = "pending"
    PROCESS = "process"

    def __str__(self) -> str:
        return str(self.value)
