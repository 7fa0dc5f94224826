from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicators and tasks")

    def ready(self) -> None:
        from indicators.entry_kind import indicator_kind
        from progress.registry import register

        register(indicator_kind())
