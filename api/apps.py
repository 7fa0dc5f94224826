from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self) -> None:
        # The token scheme's OpenAPI extension registers itself on import; the API's documentation
        # settings (introduction, tags, enum names) join SPECTACULAR_SETTINGS before any schema is built.
        from api import schema

        schema.apply_settings()
