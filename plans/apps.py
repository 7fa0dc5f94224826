from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Plans and units")

    def ready(self) -> None:
        from plans.db_triggers import drop_triggers, install_triggers

        pre_migrate.connect(drop_triggers, sender=self, dispatch_uid="plans.drop_triggers")
        post_migrate.connect(install_triggers, sender=self, dispatch_uid="plans.install_triggers")
