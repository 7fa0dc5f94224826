"""The API of plan families (registered in api/urls.py): the catalogue, comparison, links, family counts.

Thin: reads come from families/selectors.py, writes from families/services.py; every plan and
indicator is fetched through the caller's `for_user` queryset, so what is out of scope is a 404.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api import schema
from api.base import ApiViewMixin, plan_year, year_param
from api.errors import refusal
from api.serializers import Number
from families.models import ROLL_UP_CHOICES, CommonIndicator
from families.selectors import baseline_offers, common_indicators, comparison, family_counts, roll_ups
from families.services import baseline_replace, indicator_link
from indicators.models import COLOUR_CHOICES, DIRECTION_CHOICES, STATUS_CHOICES, Indicator
from plans.models import Plan
from tracker.serializers import ModelSerializer, Serializer


class CommonIndicatorSerializer(ModelSerializer):
    direction = serializers.ChoiceField(choices=DIRECTION_CHOICES, read_only=True)
    roll_up = serializers.ChoiceField(choices=ROLL_UP_CHOICES, read_only=True)
    aliases = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = CommonIndicator
        fields = ["id", "name", "unit_of_measure", "direction", "definition", "aliases", "roll_up", "weight"]


class ComparisonRowSerializer(Serializer):
    indicator_id = serializers.IntegerField()
    indicator_name = serializers.CharField()
    plan_id = serializers.IntegerField()
    plan_title = serializers.CharField()
    jurisdiction = serializers.CharField()
    unit = serializers.CharField()
    value = Number(help_text=gettext_lazy("The approved figure of the year, in the common unit."))
    weight = Number(
        help_text=gettext_lazy("The weight indicator's figure (e.g. 常住人口) of the same plan and year.")
    )
    per_capita = Number()
    status = serializers.ChoiceField(choices=STATUS_CHOICES, allow_null=True)
    warning = serializers.ChoiceField(
        choices=COLOUR_CHOICES, allow_blank=True, help_text=gettext_lazy("预警 colour.")
    )
    rank = serializers.IntegerField(allow_null=True)


class ComparisonSerializer(Serializer):
    common = CommonIndicatorSerializer()
    year = serializers.IntegerField()
    rows = ComparisonRowSerializer(many=True)


class LinkInput(Serializer):
    indicator = serializers.IntegerField(
        min_value=1, help_text=gettext_lazy("A plan indicator of your jurisdiction.")
    )


class LinkSerializer(Serializer):
    indicator = serializers.IntegerField(source="indicator_id")
    common = serializers.IntegerField(source="common_id")
    factor = Number()


class MemberCountsSerializer(Serializer):
    plan = serializers.IntegerField(source="plan.pk")
    title = serializers.CharField(source="plan.title")
    jurisdiction = serializers.CharField(source="plan.jurisdiction.full_name")
    parent = serializers.IntegerField(source="plan.parent_id", allow_null=True)
    indicators = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())


class RollUpSerializer(Serializer):
    indicator = serializers.IntegerField(source="indicator_id")
    year = serializers.IntegerField()
    own = Number(
        help_text=gettext_lazy("The higher level's own approved figure: never replaced by the roll-up.")
    )
    roll_up = serializers.ChoiceField(source="rule", choices=ROLL_UP_CHOICES)
    rolled_up = Number(
        help_text=gettext_lazy("What the lower levels' approved figures add up to by the rule.")
    )
    members = serializers.IntegerField()
    members_reported = serializers.IntegerField()
    targets_add_up = serializers.BooleanField(source="targets.adds_up", allow_null=True)
    targets_shortfall = Number(source="targets.shortfall")


class BaselineOfferSerializer(Serializer):
    indicator = serializers.IntegerField(source="indicator.pk")
    name = serializers.CharField(source="indicator.name")
    estimate = Number(source="indicator.baseline_value")
    year = serializers.IntegerField(source="figure.year")
    approved = Number(
        source="figure.value", help_text=gettext_lazy("The preceding plan's approved figure, in this unit.")
    )


class BaselineReplaceInput(Serializer):
    indicator = serializers.IntegerField(min_value=1)


def required_year(request: Request) -> int:
    year = year_param(request)
    if year is None:
        raise refusal("year", _("Give the year to compare."), code="required")
    return year


@extend_schema_view(
    list=extend_schema(
        tags=["families"],
        summary=gettext_lazy("The common indicator catalogue (指标库)"),
        responses={200: CommonIndicatorSerializer(many=True), **schema.LIST_ERRORS},
    ),
    retrieve=extend_schema(
        tags=["families"],
        summary=gettext_lazy("A common indicator"),
        responses={200: CommonIndicatorSerializer, **schema.READ_ERRORS},
    ),
)
class CommonIndicatorViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    queryset = CommonIndicator.objects.none()
    serializer_class = CommonIndicatorSerializer
    ordering = ["name", "pk"]
    ordering_fields = ["id", "name"]

    def get_queryset(self) -> Any:
        if self.schema_only:
            return self.queryset
        return common_indicators(self.request.user).order_by("name", "pk")

    @extend_schema(
        tags=["families"],
        summary=gettext_lazy("Every jurisdiction side by side for a year (横向比较)"),
        description=gettext_lazy(
            "The plan indicators linked to this common indicator that you may see, with the "
            "approved figure in the common unit, per-capita where a weight is defined, status and rank."
        ),
        parameters=[schema.YEAR],
        responses={
            200: ComparisonSerializer,
            400: schema.errors(gettext_lazy("Year missing or invalid.")),
            **schema.READ_ERRORS,
        },
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def comparison(self, request: Request, pk: str | None = None) -> Response:
        common = self.get_object()
        result = comparison(user=request.user, common=common, year=required_year(request))
        return Response(ComparisonSerializer(result).data)

    @extend_schema(
        tags=["families"],
        summary=gettext_lazy("Link a plan indicator to this common indicator"),
        description=gettext_lazy(
            "Planning office of the indicator's plan only. A unit that cannot be converted "
            "to the common unit is refused on `common`."
        ),
        request=LinkInput,
        responses={200: LinkSerializer, **schema.WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def link(self, request: Request, pk: str | None = None) -> Response:
        common = self.get_object()
        data = LinkInput(data=request.data)
        data.is_valid(raise_exception=True)
        visible = Indicator.objects.for_user(request.user).select_related("plan")
        indicator = get_object_or_404(visible, pk=data.validated_data["indicator"])
        link = indicator_link(indicator=indicator, common=common, user=request.user)
        return Response(LinkSerializer(link).data)


@extend_schema_view(
    retrieve=extend_schema(
        tags=["families"],
        summary=gettext_lazy("A plan with every plan below it: counts per status of each member"),
        parameters=[schema.YEAR],
        responses={200: MemberCountsSerializer(many=True), **schema.READ_ERRORS},
    )
)
class PlanFamilyViewSet(ApiViewMixin, viewsets.GenericViewSet):
    queryset = Plan.objects.none()
    serializer_class = MemberCountsSerializer  # what OPTIONS describes; without it OPTIONS was a 500

    def get_queryset(self) -> Any:
        if self.schema_only:
            return self.queryset
        return Plan.objects.for_user(self.request.user)

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        year = plan_year(plan, required_year(request))
        members = family_counts(user=request.user, plan=plan, year=year)
        return Response(MemberCountsSerializer(members, many=True).data)

    @extend_schema(
        tags=["families"],
        summary=gettext_lazy(
            "The plan's decomposed indicators: own figure beside the roll-up of the lower levels"
        ),
        parameters=[schema.YEAR],
        responses={200: RollUpSerializer(many=True), **schema.READ_ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="roll-ups")
    def roll_ups(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        year = plan_year(plan, required_year(request))
        indicators = list(Indicator.objects.for_user(request.user).filter(plan=plan).order_by("order", "pk"))
        return Response(RollUpSerializer(list(roll_ups(indicators, year).values()), many=True).data)

    @extend_schema(
        tags=["families"],
        summary=gettext_lazy("Estimated baselines the preceding plan's approved figures can now replace"),
        responses={200: BaselineOfferSerializer(many=True), **schema.READ_ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="baseline-offers")
    def baseline_offers(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        indicators = list(Indicator.objects.for_user(request.user).filter(plan=plan).select_related("plan"))
        return Response(BaselineOfferSerializer(list(baseline_offers(indicators).values()), many=True).data)

    @extend_schema(
        tags=["families"],
        summary=gettext_lazy("Replace an estimated baseline with the preceding plan's approved figure"),
        description=gettext_lazy(
            "Planning office of the plan only; the estimate stays in the indicator's history."
        ),
        request=BaselineReplaceInput,
        responses={200: BaselineOfferSerializer, **schema.WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="replace-baseline")
    def replace_baseline(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        data = BaselineReplaceInput(data=request.data)
        data.is_valid(raise_exception=True)
        visible = Indicator.objects.for_user(request.user).filter(plan=plan).select_related("plan")
        indicator = get_object_or_404(visible, pk=data.validated_data["indicator"])
        offer = baseline_offers([indicator]).get(indicator.pk)
        baseline_replace(indicator=indicator, user=request.user)
        return Response(BaselineOfferSerializer(offer).data)
