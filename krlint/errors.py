"""The one exception krlint raises for input it cannot use; callers turn it into an InputError."""


class KrlintError(Exception):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
