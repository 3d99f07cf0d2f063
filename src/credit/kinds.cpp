#include "credit/kinds.hpp"

#include <fmt/format.h>

#include <cmath>
#include <initializer_list>

#include "common/text.hpp"
#include "credit/dates.hpp"
#include "credit/provenance.hpp"

namespace jz::credit {
namespace {

namespace json = boost::json;
using security::Role;

// Reads fields of a details object, keeping the first problem; the caller checks `error` once at the end.
class Reader {
 public:
  explicit Reader(const json::object& in) : in_(in) {}
  std::optional<Error> error;

  // Trimmed text of at most `max_chars` characters; nullopt when absent or empty (an error if required).
  std::optional<std::string> text(std::string_view key, size_t max_chars, bool required) {
    const json::value* v = in_.if_contains(key);
    if (!v || v->is_null()) return missing(key, required);
    if (!v->is_string()) return fail<std::string>("invalid_field", key, "text expected");
    std::string s(trim_ascii(std::string_view(v->as_string())));
    if (s.empty()) return missing(key, required);
    if (utf8_length(s) > max_chars)
      return fail<std::string>("invalid_field", key, fmt::format("at most {} characters", max_chars));
    return s;
  }

  std::optional<std::string> choice(std::string_view key, std::initializer_list<std::string_view> options,
                                    bool required) {
    auto s = text(key, 64, required);
    if (!s) return s;
    for (auto o : options)
      if (*s == o) return s;
    std::string allowed;
    for (auto o : options) allowed += (allowed.empty() ? "" : "|") + std::string(o);
    return fail<std::string>("invalid_field", key, allowed);
  }

  std::optional<double> number(std::string_view key, double lo, double hi, bool required) {
    const json::value* v = in_.if_contains(key);
    if (!v || v->is_null()) return missing_num<double>(key, required);
    double d;
    if (v->is_int64())
      d = static_cast<double>(v->as_int64());
    else if (v->is_uint64())
      d = static_cast<double>(v->as_uint64());
    else if (v->is_double())
      d = v->as_double();
    else
      return fail<double>("invalid_field", key, "number expected");
    if (!std::isfinite(d) || d < lo || d > hi)
      return fail<double>("invalid_field", key, fmt::format("{}–{}", lo, hi));
    return d;
  }

  std::optional<int64_t> integer(std::string_view key, int64_t lo, int64_t hi, bool required) {
    const json::value* v = in_.if_contains(key);
    if (!v || v->is_null()) return missing_num<int64_t>(key, required);
    int64_t i;
    if (v->is_int64())
      i = v->as_int64();
    else if (v->is_uint64() && v->as_uint64() <= static_cast<uint64_t>(INT64_MAX))
      i = static_cast<int64_t>(v->as_uint64());
    else if (v->is_double() && std::floor(v->as_double()) == v->as_double() &&
             std::fabs(v->as_double()) < 1e15)
      i = static_cast<int64_t>(v->as_double());
    else
      return fail<int64_t>("invalid_field", key, "whole number expected");
    if (i < lo || i > hi) return fail<int64_t>("invalid_field", key, fmt::format("{}–{}", lo, hi));
    return i;
  }

  std::optional<std::string> date(std::string_view key, bool required) {
    auto s = text(key, 10, required);
    if (s && !is_date(*s)) return fail<std::string>("invalid_field", key, "YYYY-MM-DD");
    return s;
  }

  template <class T>
  std::optional<T> fail(const char* code, std::string_view key, std::string detail) {
    if (!error) error = make_error(code, "details." + std::string(key), std::move(detail));
    return std::nullopt;
  }

 private:
  std::optional<std::string> missing(std::string_view key, bool required) {
    if (required) return fail<std::string>("missing_field", key, "");
    return std::nullopt;
  }
  template <class T>
  std::optional<T> missing_num(std::string_view key, bool required) {
    if (required) return fail<T>("missing_field", key, "");
    return std::nullopt;
  }
  const json::object& in_;
};

void put(json::object& o, std::string_view key, const std::optional<std::string>& v) {
  if (v) o[key] = *v;
}
void put(json::object& o, std::string_view key, const std::optional<int64_t>& v) {
  if (v) o[key] = *v;
}
void put(json::object& o, std::string_view key, const std::optional<double>& v) {
  if (v) o[key] = *v;
}

std::string format_number(double d) {
  if (std::floor(d) == d) return fmt::format("{}", static_cast<int64_t>(d));
  return fmt::format("{:.1f}", d);
}

std::string occupation_name(const KindRefs& refs, const std::optional<std::string>& code) {
  if (!code) return {};
  auto it = refs.occupations.find(*code);
  return it == refs.occupations.end() ? *code : it->second;
}

// Checks an optional occupation code against the reference list.
void check_occupation(Reader& r, const KindRefs& refs, const std::optional<std::string>& code) {
  if (code && !refs.occupations.count(*code))
    r.fail<std::string>("invalid_field", "occupation", "unknown occupation code");
}

// What each kind's reader gets besides the details: the whole entry, the reference lists and the day number
// of occurred_on (already checked).
struct KindInput {
  const NewEntry& e;
  const KindRefs& refs;
  int64_t occurred;
};

// One reader per kind: checks the kind's details, writes the public details, the summary and what else the
// kind carries into `p`, and returns the first problem.
std::optional<Error> read_identity(const KindInput& in, Reader& r, PreparedEntry& p) {
  json::object& d = p.details;
  // "reset" is the platform's own entry when a verified worker's name or photo changes (registry's
  // unbind_identity): it ends the earlier verification until an official verifies her again.
  auto status = r.choice("status", {"verified", "failed", "reset"}, true);
  if (r.error) return r.error;
  if (*status == "reset") {
    if (in.e.source_type != SourceType::platform)
      return make_error("invalid_field", "details.status", "verified|failed");
    auto changed = r.choice("changed", {"name", "photo", "id_number"}, true);
    if (r.error) return r.error;
    put(d, "status", status);
    put(d, "changed", changed);
    static const std::map<std::string, std::string> kChanged = {
        {"name", "姓名"}, {"photo", "照片"}, {"id_number", "身份证号"}};
    p.summary = fmt::format("身份信息变更（{}），待重新实名认证", kChanged.at(*changed));
    return std::nullopt;
  }
  auto method = r.choice("method", {"document_check", "face_match", "external_service", "in_person"}, true);
  auto verifier = r.text("verifier", 100, false);
  if (r.error) return r.error;
  put(d, "status", status);
  put(d, "method", method);
  put(d, "verifier", verifier);
  static const std::map<std::string, std::string> kMethods = {{"document_check", "证件核验"},
                                                              {"face_match", "人脸比对"},
                                                              {"external_service", "外部核验服务"},
                                                              {"in_person", "现场核验"}};
  p.summary =
      fmt::format("实名认证{}（{}）", *status == "verified" ? "通过" : "未通过", kMethods.at(*method));
  return std::nullopt;
}

std::optional<Error> read_background_check(const KindInput& in, Reader& r, PreparedEntry& p) {
  json::object& d = p.details;
  auto status = r.choice("status", {"passed", "failed"}, true);
  auto provider = r.text("provider", 100, true);
  auto reference = r.text("reference", 64, false);
  if (r.error) return r.error;
  put(d, "status", status);
  put(d, "provider", provider);
  put(d, "reference", reference);
  p.valid_until = in.e.valid_until;
  p.summary = fmt::format("背景核查{}（{}）", *status == "passed" ? "通过" : "未通过", *provider);
  return std::nullopt;
}

std::optional<Error> read_health_check(const KindInput& in, Reader& r, PreparedEntry& p) {
  json::object& d = p.details;
  auto institution = r.text("institution", 100, true);
  auto result = r.choice("result", {"fit", "unfit", "recheck"}, true);
  auto notes = r.text("notes", 500, false);
  // The scope of the check (商服贸规函〔2020〕191号): general / home / elderly_care / maternity. Not health
  // data.
  auto level = r.choice("level", {"general", "home", "elderly_care", "maternity"}, false);
  if (r.error) return r.error;
  put(d, "institution", institution);
  put(d, "level", level);
  json::object health;
  health["result"] = *result;
  if (notes) health["notes"] = *notes;
  p.health = std::move(health);
  if (*result == "fit") {
    if (!in.e.valid_until) return make_error("missing_field", "valid_until");
    p.valid_until = in.e.valid_until;
  }
  // The summary is the same for both results apart from the expiry, which a fit result alone has.
  p.summary = p.valid_until ? fmt::format("健康体检（{}），有效期至 {}", *institution, *p.valid_until)
                            : fmt::format("健康体检（{}）", *institution);
  return std::nullopt;
}

std::optional<Error> read_training(const KindInput& in, Reader& r, PreparedEntry& p) {
  json::object& d = p.details;
  auto course = r.text("course", 100, true);
  // 0 hours: an assessment or a certificate recorded apart from the course's hours (training module).
  auto hours = r.number("hours", 0, 2000, true);
  auto assessment = r.choice("assessment", {"passed", "failed", "none"}, false);
  auto score = r.number("score", 0, 100, false);
  auto certificate = r.text("certificate_no", 64, false);
  auto occupation = r.text("occupation", 64, false);
  auto level = r.integer("level", 1, 4, false);
  auto provider = r.text("provider", 100, false);
  check_occupation(r, in.refs, occupation);
  if (r.error) return r.error;
  put(d, "course", course);
  put(d, "hours", hours);
  d["assessment"] = assessment.value_or("none");
  put(d, "score", score);
  put(d, "certificate_no", certificate);
  put(d, "occupation", occupation);
  put(d, "level", level);
  put(d, "provider", provider);
  std::string s = *hours > 0 ? fmt::format("培训：{}，{} 学时", *course, format_number(*hours))
                             : fmt::format("培训：{}", *course);
  if (assessment == "passed") s += "，考核合格";
  if (assessment == "failed") s += "，考核未通过";
  if (certificate) s += "，证书 " + *certificate;
  p.summary = s;
  return std::nullopt;
}

std::optional<Error> read_employment(const KindInput& in, Reader& r, PreparedEntry& p) {
  json::object& d = p.details;
  auto employer = r.text("employer", 100, true);
  auto employer_id = r.integer("employer_enterprise_id", 1, INT64_MAX, false);
  auto place_code = r.text("place_division_code", 12, false);
  auto place_other = r.text("place_other", 100, false);
  auto occupation = r.text("occupation", 64, true);
  auto end_date = r.date("end_date", false);
  auto wage = r.integer("monthly_wage", 0, 100000, false);
  check_occupation(r, in.refs, occupation);
  if (r.error) return r.error;
  if (place_code && place_other)
    return make_error("invalid_field", "details.place_other", "either a division or another place");
  if (!place_code && !place_other) return make_error("missing_field", "details.place_division_code");
  std::string place, province;
  if (place_code) {
    const reference::Division* div = in.refs.divisions ? in.refs.divisions->find(*place_code) : nullptr;
    if (!div || place_code->substr(0, 2) != "62")
      return make_error("unknown_division", "details.place_division_code", *place_code);
    place = div->name;
    province = "62";
  } else {
    place = *place_other;
    if (in.refs.divisions) province = in.refs.divisions->province_of_place(place);
    if (province == "62")
      return make_error("invalid_field", "details.place_other", "a place in Gansu is a division code");
  }
  if (end_date && *day_number(*end_date) < in.occurred)
    return make_error("invalid_field", "details.end_date", "before occurred_on");
  put(d, "employer", employer);
  put(d, "employer_enterprise_id", employer_id);
  put(d, "place_division_code", place_code);
  put(d, "place_other", place_other);
  d["cross_province"] = place_other.has_value();
  d["place_province_code"] = province;
  put(d, "occupation", occupation);
  put(d, "end_date", end_date);
  put(d, "monthly_wage", wage);
  p.employment = EmploymentFacts{*employer,   employer_id,      *occupation, place_code, province,
                                 place_other, in.e.occurred_on, end_date,    wage};
  p.summary = fmt::format("从业：{}，{}，{}，{} 至 {}", *employer, occupation_name(in.refs, occupation),
                          place, in.e.occurred_on, end_date ? *end_date : std::string("今"));
  return std::nullopt;
}

std::optional<Error> read_insurance(const KindInput& in, Reader& r, PreparedEntry& p) {
  json::object& d = p.details;
  auto kind = r.choice("policy_kind", {"liability", "employer_liability", "work_injury", "accident"}, true);
  auto insurer = r.text("insurer", 100, true);
  auto policy_no = r.text("policy_no", 64, false);
  auto coverage = r.integer("coverage", 0, 100000000, false);
  if (r.error) return r.error;
  if (!in.e.valid_until) return make_error("missing_field", "valid_until");
  put(d, "policy_kind", kind);
  put(d, "insurer", insurer);
  put(d, "policy_no", policy_no);
  put(d, "coverage", coverage);
  p.valid_until = in.e.valid_until;
  static const std::map<std::string, std::string> kKinds = {{"liability", "职业责任险"},
                                                            {"employer_liability", "雇主责任险"},
                                                            {"work_injury", "工伤保险"},
                                                            {"accident", "意外险"}};
  p.summary =
      fmt::format("{}（{}），{} 至 {}", kKinds.at(*kind), *insurer, in.e.occurred_on, *in.e.valid_until);
  return std::nullopt;
}

std::optional<Error> read_competition(const KindInput& in, Reader& r, PreparedEntry& p) {
  json::object& d = p.details;
  auto name = r.text("competition", 100, true);
  auto award = r.text("award", 50, true);
  auto level = r.choice("level", {"national", "provincial", "city", "county"}, true);
  auto occupation = r.text("occupation", 64, false);
  check_occupation(r, in.refs, occupation);
  if (r.error) return r.error;
  put(d, "competition", name);
  put(d, "award", award);
  put(d, "level", level);
  put(d, "occupation", occupation);
  static const std::map<std::string, std::string> kLevels = {
      {"national", "国家级"}, {"provincial", "省级"}, {"city", "市级"}, {"county", "县级"}};
  p.summary = fmt::format("技能大赛：{}，{}（{}）", *name, *award, kLevels.at(*level));
  return std::nullopt;
}

std::optional<Error> read_review(const KindInput& in, Reader& r, PreparedEntry& p) {
  json::object& d = p.details;
  auto skill = r.integer("skill", 1, 5, true);
  auto attitude = r.integer("attitude", 1, 5, true);
  auto punctuality = r.integer("punctuality", 1, 5, true);
  auto hygiene = r.integer("hygiene", 1, 5, true);
  auto review_id = r.integer("review_id", 1, INT64_MAX, true);
  auto order_id =
      r.integer("order_id", 1, INT64_MAX, false);  // absent: written before reviews needed an order
  if (r.error) return r.error;
  put(d, "skill", skill);
  put(d, "attitude", attitude);
  put(d, "punctuality", punctuality);
  put(d, "hygiene", hygiene);
  put(d, "review_id", review_id);
  put(d, "order_id", order_id);
  double mean = static_cast<double>(*skill + *attitude + *punctuality + *hygiene) / 4.0;
  p.summary = fmt::format("消费者评价：平均 {:.2f} 分（技能 {}、态度 {}、守时 {}、卫生 {}）", mean, *skill,
                          *attitude, *punctuality, *hygiene);
  return std::nullopt;
}

std::optional<Error> read_complaint(const KindInput& in, Reader& r, PreparedEntry& p) {
  json::object& d = p.details;
  auto complaint_id = r.integer("complaint_id", 1, INT64_MAX, true);
  auto findings = r.text("findings", 2000, true);
  if (r.error) return r.error;
  put(d, "complaint_id", complaint_id);
  put(d, "findings", findings);
  p.summary = "投诉经核查成立";
  return std::nullopt;
}

// The reader of each kind.
std::optional<Error> read_details(EntryKind kind, const KindInput& in, Reader& r, PreparedEntry& p) {
  switch (kind) {
    case EntryKind::identity_verification:
      return read_identity(in, r, p);
    case EntryKind::background_check:
      return read_background_check(in, r, p);
    case EntryKind::health_check:
      return read_health_check(in, r, p);
    case EntryKind::training:
      return read_training(in, r, p);
    case EntryKind::employment:
      return read_employment(in, r, p);
    case EntryKind::insurance:
      return read_insurance(in, r, p);
    case EntryKind::competition:
      return read_competition(in, r, p);
    case EntryKind::review:
      return read_review(in, r, p);
    case EntryKind::complaint:
      return read_complaint(in, r, p);
  }
  return std::nullopt;
}

// occurred_on, valid_until and evidence, which every kind has: the day number of occurred_on.
Result<int64_t> check_dates(const NewEntry& e, const KindRefs& refs) {
  auto occurred = day_number(e.occurred_on);
  if (e.occurred_on.empty()) return make_error("missing_field", "occurred_on");
  if (!occurred) return make_error("invalid_field", "occurred_on", "YYYY-MM-DD");
  auto today = day_number(refs.today).value();
  int64_t latest = e.kind == EntryKind::insurance ? today + 366 : today;
  if (*occurred > latest) return make_error("invalid_field", "occurred_on", "in the future");
  if (*occurred < day_number("1950-01-01").value())
    return make_error("invalid_field", "occurred_on", "too early");
  std::optional<int64_t> until;
  if (e.valid_until) {
    until = day_number(*e.valid_until);
    if (!until) return make_error("invalid_field", "valid_until", "YYYY-MM-DD");
    if (*until <= *occurred) return make_error("invalid_field", "valid_until", "after occurred_on");
  }
  if (utf8_length(e.evidence) > 500) return make_error("invalid_field", "evidence", "at most 500 characters");
  return *occurred;
}

}  // namespace

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::optional<SourceType> recording_source(Role role, EntryKind kind) {
  auto rule = assertion_rule(role, kind);  // credit/provenance.cpp: the one table
  if (!rule) return std::nullopt;
  return rule->source;
}

Result<PreparedEntry> prepare_entry(const NewEntry& e, const KindRefs& refs) {
  auto occurred = check_dates(e, refs);
  if (!occurred) return occurred.error();
  PreparedEntry p;
  Reader r(e.details);
  if (auto error = read_details(e.kind, KindInput{e, refs, *occurred}, r, p)) return *error;
  return p;
}

EmploymentFacts employment_facts(const json::object& d, const std::string& start_date) {
  auto text = [&](std::string_view key) -> std::optional<std::string> {
    const json::value* v = d.if_contains(key);
    if (!v || !v->is_string()) return std::nullopt;
    return std::string(v->as_string());
  };
  auto integer = [&](std::string_view key) -> std::optional<int64_t> {
    const json::value* v = d.if_contains(key);
    if (!v) return std::nullopt;
    if (v->is_int64()) return v->as_int64();
    if (v->is_uint64()) return static_cast<int64_t>(v->as_uint64());
    return std::nullopt;
  };
  EmploymentFacts f;
  f.employer = text("employer").value_or("");
  f.employer_enterprise_id = integer("employer_enterprise_id");
  f.occupation_code = text("occupation").value_or("");
  f.place_division_code = text("place_division_code");
  f.place_other = text("place_other");
  f.place_province_code = text("place_province_code").value_or(f.place_division_code ? "62" : "");
  f.start_date = start_date;
  f.end_date = text("end_date");
  f.monthly_wage = integer("monthly_wage");
  return f;
}

}  // namespace jz::credit
