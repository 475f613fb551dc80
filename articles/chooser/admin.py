from django.contrib import admin
from django.db.models import Count

from articles.chooser.models import AnswerOption, Question, Rule
from history.admin import ContentAdmin


class AnswerOptionInline(admin.TabularInline):
    model = AnswerOption
    extra = 0
    show_change_link = True
    verbose_name_plural = "Answer options (open an option to edit the rules it brings in)"


@admin.register(Question)
class QuestionAdmin(ContentAdmin):
    list_display = ["text", "key", "kind", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["text", "key"]
    prepopulated_fields = {"key": ["text"]}
    inlines = [AnswerOptionInline]


class RuleInline(admin.TabularInline):
    model = Rule
    extra = 1


@admin.register(AnswerOption)
class AnswerOptionAdmin(ContentAdmin):
    list_display = ["label", "question", "value", "rule_count"]
    list_select_related = ["question"]
    search_fields = ["label", "question__text"]
    autocomplete_fields = ["question"]
    inlines = [RuleInline]
    fields = ["question", "label", "value", "position"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(number_of_rules=Count("rules"))

    @admin.display(description="Rules", ordering="number_of_rules")
    def rule_count(self, option):
        return option.number_of_rules
