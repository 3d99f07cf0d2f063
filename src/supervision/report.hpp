#pragma once
// The monthly report (docs/supervision.md): the dashboard's figures for a month (the viewer's scope: the province
// by 市州, or a 市州 by county), the thirteen measures' task board and the top pain points, as an XLSX workbook
// (registry::tables_xlsx, libxlsxwriter) and as a PDF (pdf::render_document, Cairo/Pango). Both are built from
// the same MonthlyReport, so the two say the same.
#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "reference/divisions.hpp"
#include "supervision/painpoints_service.hpp"
#include "supervision/service.hpp"
#include "supervision/tasks.hpp"

namespace jz::supervision {

struct MonthlyReport {
  std::string month;       // YYYY-MM
  std::string scope_name;  // 全省, or the 市州's name
  Dashboard dashboard;
  std::vector<Task> tasks;
  PainPointReport pains;
  std::string generated_at;  // UTC
};

// The key figures of the month as (label, value) in the report's order; the PDF and the workbook print these.
std::vector<std::pair<std::string, int64_t>> key_figures(const Dashboard& d);

Result<std::string> report_xlsx(const MonthlyReport& r, const reference::DivisionCatalog& catalog);
std::string report_pdf(const MonthlyReport& r, const reference::DivisionCatalog& catalog);

}  // namespace jz::supervision
