#include "registry/import_cli.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "common/error_catalog.hpp"
#include "registry/import.hpp"
#include "security/audit.hpp"

namespace jz::registry {
namespace {

// One line redrawn in place: "  writing    [#########...........]  45%  450000/1000000  12.3 s".
class ProgressBar {
 public:
  ProgressBar() : started_(std::chrono::steady_clock::now()), tty_(::isatty(STDERR_FILENO) != 0) {}
  void update(std::string_view phase, int64_t done, int64_t total) {
    auto now = std::chrono::steady_clock::now();
    bool finished = done >= total;
    // Redraw at most 10 times a second on a terminal; on a pipe only when a phase ends (no log spam).
    if (!finished && (!tty_ || now - last_ < std::chrono::milliseconds(100))) return;
    if (finished && phase == last_phase_ && last_done_ == done) return;
    last_ = now;
    last_phase_ = std::string(phase);
    last_done_ = done;
    constexpr int kWidth = 30;
    int filled = total > 0 ? static_cast<int>(kWidth * done / total) : kWidth;
    double secs = std::chrono::duration<double>(now - started_).count();
    std::cerr << fmt::format("{}  {:<10} [{}{}] {:>3}%  {}/{}  {:.1f} s", tty_ ? "\r" : "", phase,
                             std::string(static_cast<size_t>(filled), '#'), std::string(static_cast<size_t>(kWidth - filled), '.'),
                             total > 0 ? 100 * done / total : 100, done, total, secs)
              << (finished || !tty_ ? "\n" : "") << std::flush;
  }

 private:
  std::chrono::steady_clock::time_point started_, last_{};
  bool tty_;
  std::string last_phase_;
  int64_t last_done_ = -1;
};

}  // namespace

int run_import_command(db::Database& db, const security::FieldCipher& cipher, const reference::DivisionCatalog& catalog,
                       const ImportCommand& cmd) {
  auto mode = parse_import_mode(cmd.mode);
  if (!mode) {
    std::cerr << "unknown --mode " << cmd.mode << " (all_or_nothing or good_rows_only)\n";
    return 2;
  }
  std::ifstream in(cmd.file, std::ios::binary);
  if (!in) {
    std::cerr << "cannot open " << cmd.file << "\n";
    return 2;
  }
  auto started = std::chrono::steady_clock::now();
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string type = cmd.file.ends_with(".json") ? "application/json" : "";
  auto sheet = read_sheet(bytes, type, XlsxLimits::command_line());
  bytes.clear();
  bytes.shrink_to_fit();
  if (!sheet) {
    std::cerr << "jiazheng: " << error_message(sheet.error(), Lang::zh) << "\n";
    return 1;
  }
  double read_secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cerr << fmt::format("  read {} rows ({} {}) in {:.1f} s\n", sheet->rows.size(), format_name(sheet->format),
                           sheet->format == SheetFormat::csv ? encoding_name(sheet->encoding) : "", read_secs);

  ProgressBar bar;
  ImportOptions opts;
  opts.mode = *mode;
  opts.dry_run = cmd.dry_run;
  opts.scope.enterprise_id = cmd.enterprise_id;
  opts.threads = cmd.threads;
  // The command line is the province's operator loading an official list (e.g. the monitoring list): its flags
  // are asserted by the province (registry/flag_provenance.hpp); an enterprise's staff list stays a claim.
  if (!cmd.enterprise_id)
    opts.asserter = FlagAsserter{std::nullopt, security::Role::province_admin, "62", "省级（命令行导入）"};
  else
    opts.asserter = FlagAsserter{std::nullopt, security::Role::enterprise, "", "企业名单（命令行导入）"};
  opts.progress = [&bar](std::string_view phase, int64_t done, int64_t total) { bar.update(phase, done, total); };
  security::AuditActor actor{std::nullopt, "cli", "cli", "", ""};
  auto audit = [&actor](db::Connection& conn, const security::AuditEntry& e) { security::write_audit(conn, actor, e); };
  const bool workers = cmd.kind == ImportCommand::Kind::workers;
  auto report = workers ? WorkerImporter(db, cipher, catalog).run(*sheet, opts, audit)
                        : EnterpriseImporter(db, catalog).run(*sheet, opts, {std::nullopt, "cli", "cli"}, audit);
  if (!report) {
    std::cerr << "jiazheng: " << error_message(report.error(), Lang::zh) << "\n";
    return 1;
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const ImportReport& r = *report;
  std::cout << fmt::format("header row {}{}; {} data rows: {} good, {} bad; {} repairs\n", r.header_row,
                           r.skipped_rows.empty() ? "" : fmt::format(" ({} title rows skipped)", r.skipped_rows.size()),
                           r.total_rows, r.good_rows, r.bad_rows, r.repairs.size());
  constexpr size_t kShown = 20;
  for (size_t i = 0; i < r.problems.size() && i < kShown; ++i) {
    const auto& p = r.problems[i];
    std::cout << fmt::format("  row {:>7} {:<10} {}  [{}] {}\n", p.row, p.column, p.value_masked, p.code,
                             error_message(make_error(p.code, p.column, p.detail), Lang::zh));
  }
  if (r.problems.size() > kShown)
    std::cout << fmt::format("  … and {} more problems{}\n", r.problems.size() - kShown,
                             cmd.report_file.empty() ? " (--report FILE writes them all)" : "");
  if (!cmd.report_file.empty()) {
    std::ofstream out(cmd.report_file, std::ios::binary);
    out << boost::json::serialize(report_json(r, Lang::zh));
    if (!out) std::cerr << "cannot write " << cmd.report_file << "\n";
  }
  if (!r.held_for_review.empty())
    std::cout << fmt::format("  {} enterprises registered held for review: their code's check character fails\n",
                             r.held_for_review.size());
  if (r.written) {
    std::cout << fmt::format("imported {} {} in {:.1f} s ({:.0f} rows/s)\n", r.imported,
                             workers ? "workers" : "enterprises", secs,
                             secs > 0 ? static_cast<double>(r.total_rows) / secs : 0.0);
    return 0;
  }
  if (cmd.dry_run) {
    std::cout << fmt::format("dry run: nothing written ({:.1f} s)\n", secs);
    return r.bad_rows > 0 ? 1 : 0;
  }
  std::cout << (r.bad_rows > 0 ? "nothing imported: the file has bad rows (fix them, or use --mode good_rows_only)\n"
                               : "nothing imported: no rows\n");
  return 1;
}

}  // namespace jz::registry
