"""Each filter set instance works on filters of its own, as django-filter's deep copies gave it, though
it copies them shallowly (api/filters.py `Filters`), and its form shares its class's fields
(`SharedFields`): should an upgrade of django-filter or Django change how a filter set copies or
binds its filters or a form its fields, these fail."""

from __future__ import annotations

from django.http import QueryDict

from api.filters import IndicatorFilter, PlanFilter
from indicators.models import Indicator
from plans.models import Plan


def test_instances_own_their_filters_and_leave_the_class_ones_alone():
    first, second = PlanFilter(QueryDict("year=2020")), PlanFilter(QueryDict("year=2021"))
    for name, declared in PlanFilter.base_filters.items():
        assert first.filters[name] is not declared and first.filters[name] is not second.filters[name]
        assert first.filters[name].parent is first and first.filters[name].model is Plan
        assert not hasattr(declared, "parent") and not hasattr(declared, "model")
    # A method filter calls the method of its own filter set.
    assert first.filters["year"].filter.method == first.covering
    assert second.filters["year"].filter.method == second.covering
    assert PlanFilter.base_filters["year"].filter.f is PlanFilter.base_filters["year"]
    assert list(first.filters) == list(PlanFilter.base_filters)


def test_filtering_with_them_is_unchanged(db):
    plans = PlanFilter(QueryDict("year=2020&kind=five_year"), queryset=Plan.objects.all())
    assert plans.is_valid()
    where = str(plans.qs.query)
    assert "start_year" in where and "end_year" in where and "kind" in where
    indicators = IndicatorFilter(QueryDict("unit=3&name=GDP"), queryset=Indicator.objects.all())
    assert indicators.is_valid(), indicators.errors
    assert "EXISTS" in str(indicators.qs.query) and "LIKE" in str(indicators.qs.query)


def test_forms_share_their_class_fields_and_keep_their_own_data():
    good, bad = IndicatorFilter(QueryDict("plan=3")), IndicatorFilter(QueryDict("plan=x&status=nonsense"))
    assert good.form.fields["plan"] is bad.form.fields["plan"] is type(good.form).base_fields["plan"]
    assert not bad.is_valid() and sorted(bad.errors) == ["plan", "status"]
    assert good.is_valid() and good.given() == {"plan": 3}
    assert list(good.form.fields) == list(IndicatorFilter.base_filters)
