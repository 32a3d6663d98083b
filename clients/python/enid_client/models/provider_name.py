from enum import StrEnum


class ProviderName(StrEnum):
    GEMINI = "gemini"
    OFFLINE = "offline"
    OPENAI = "openai"

    def __str__(self) -> str:
        return str(self.value)
