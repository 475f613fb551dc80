from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from articles.models import MistakeReport
from articles.reports.forms import MistakeReportForm, safe_page_address, why_not_now
from common.caching import private
from common.jsonld import page_jsonld


@private
@never_cache
def report_mistake(request):
    """The reader's form (GET, filled in with the page) and the report (POST).

    Never cached: the form carries a CSRF token, and the POST a reader's words.
    """
    status = 200
    if request.method == "POST":
        form = MistakeReportForm(request.POST)
        if form.is_valid():
            if form.is_from_a_bot:
                return redirect("articles:report-mistake-thanks")
            refused = why_not_now(request)
            if refused:
                # Their words stay in the form, so nothing is lost if they try later.
                message, status = refused
                form.add_error(None, message)
            else:
                MistakeReport.objects.create(
                    page=form.cleaned_data["page"],
                    message=form.cleaned_data["message"],
                    email=form.cleaned_data["email"],
                )
                return redirect("articles:report-mistake-thanks")
        else:
            status = 400
    else:
        form = MistakeReportForm(initial={"page": safe_page_address(request.GET.get("page"))})
    context = {"form": form, "jsonld": page_jsonld(request, "WebPage", "Report a mistake")}
    response = render(request, "articles/reports/report_mistake.html", context, status=status)
    if status == 503:
        response.headers["Retry-After"] = "60"
    return response


@private
@never_cache
def report_mistake_thanks(request):
    context = {"jsonld": page_jsonld(request, "WebPage", "Thank you for your report")}
    return render(request, "articles/reports/report_mistake_thanks.html", context)
