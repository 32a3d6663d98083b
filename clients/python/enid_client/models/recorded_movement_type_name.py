from enum import StrEnum


class RecordedMovementTypeName(StrEnum):
    ADJUST = "adjust"
    IN = "in"
    OUT = "out"

    def __str__(self) -> str:
        return str(self.value)
