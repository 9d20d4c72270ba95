from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ChartMark, DataPoint, Measure


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["name", "project", "kind", "data_type", "frequency"]
    list_filter = ["kind", "data_type", "frequency", "project__partnership"]
    search_fields = ["name", "project__title"]


@admin.register(DataPoint)
class DataPointAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "period", "value", "denominator"]
    list_filter = ["measure__project__partnership"]
    search_fields = ["measure__name", "note"]
    raw_id_fields = ["measure", "entered_by"]


@admin.register(ChartMark)
class ChartMarkAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "kind", "period", "reason"]
    list_filter = ["kind"]
    search_fields = ["measure__name", "reason"]
    raw_id_fields = ["measure", "created_by"]
