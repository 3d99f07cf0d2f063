#include "matching/routes.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <sodium.h>

#include <cctype>
#include <cmath>
#include <map>
#include <cstring>

#include "common/csv.hpp"
#include "common/embedded.hpp"
#include "common/text.hpp"
#include "common/time.hpp"
#include "matching/schemas.hpp"
#include "matching/score.hpp"
#include "registry/scope.hpp"
#include "security/masking.hpp"

namespace jz::matching {
namespace {

namespace json = boost::json;
using security::Access;
using security::Role;

using http::parse_id;

Result<int64_t> path_id(http::Context& ctx) { return http::path_id(ctx.req()); }

Result<size_t> param_k(const http::Request& req, size_t def = 20) {
  auto v = req.query_param("k");
  if (!v || v->empty()) return def;
  auto n = parse_id(*v);
  if (!n || *n > 500) return make_error("invalid_field", "k", "1–500");
  return static_cast<size_t>(*n);
}

// Query parameters for the OpenAPI document.
http::QueryParam top_k() {
  return {.name = "k", .type = "integer", .description = "how many, best first (default 20)", .min = 1, .max = 500};
}
std::vector<http::QueryParam> feed_query() {
  return {{.name = "prefecture", .description = "市州 code"},
          {.name = "occupation", .description = "occupation code"},
          {.name = "event_id", .type = "integer", .min = 1}};
}
std::vector<http::QueryParam> jobs_query() {
  auto q = feed_query();
  q.push_back({.name = "status", .description = "open (default), closed or all: closed ones for officials and the owner"});
  q.push_back({.name = "mine", .description = "1: the enterprise's own postings"});
  return q;
}

double round2(double v) { return std::round(v * 100.0) / 100.0; }

json::value opt(const std::optional<int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::object job_json(const Job& j) {
  return json::object{{"id", j.id},
                      {"title", j.title},
                      {"occupation", j.occupation},
                      {"employer", j.employer},
                      {"enterprise_id", opt(j.enterprise_id)},
                      {"event_id", opt(j.event_id)},
                      {"place",
                       json::object{{"division_code", j.place.division_code},
                                    {"province_code", j.place.province_code},
                                    {"city", j.place.city},
                                    {"prefecture_code", j.prefecture_code},
                                    {"name", j.place_name},
                                    {"in_gansu", j.place.in_gansu()}}},
                      {"live_in", j.live_in},
                      {"wage_min", j.wage_min},
                      {"wage_max", j.wage_max},
                      {"openings", j.openings},
                      {"min_level", j.min_level},
                      {"requires_certificate", j.requires_certificate},
                      {"requires_health_check", j.requires_health_check},
                      {"min_experience_years", j.min_experience_years},
                      {"valid_from", j.valid_from},
                      {"valid_until", j.valid_until},
                      {"status", j.status},
                      {"description", j.description},
                      {"created_at", j.created_at},
                      {"updated_at", j.updated_at}};
}

json::object components_json(const Scored& s, const Weights& w) {
  const Components& c = s.components;
  auto part = [](double fit, double weight) {
    return json::object{{"fit", round2(fit)}, {"weight", weight}, {"points", round2(fit * weight)}};
  };
  return json::object{{"skill", part(c.skill, w.skill)},
                      {"credit", part(c.credit, w.credit)},
                      {"region", part(c.region, w.region)},
                      {"wage", part(c.wage, w.wage)},
                      {"experience", part(c.experience, w.experience)},
                      {"rating", part(c.rating, w.rating)},
                      {"priority", part(c.priority, w.priority)}};
}

json::object weights_json(const Weights& w) {
  return json::object{{"skill", w.skill},     {"credit", w.credit},         {"region", w.region},
                      {"wage", w.wage},       {"experience", w.experience}, {"rating", w.rating},
                      {"priority", w.priority}};
}

// A candidate's handle for a contact request about one job: the job and the worker encrypted under the field
// key with a random nonce. It names her to the server only, differs in every response, and cannot be linked
// across jobs or to her public id — which a match list shows only once she is in the caller's scope or has
// accepted contact.
constexpr std::string_view kCandidateContext = "matching.candidate";

std::string candidate_ref(const security::FieldCipher& cipher, int64_t job_id, int64_t worker_id) {
  db::Blob blob = cipher.encrypt(fmt::format("{}:{}", job_id, worker_id), kCandidateContext);
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(blob.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), blob.data(), blob.size(), kVariant);
  out.resize(std::strlen(out.c_str()));
  return out;
}

// The worker a candidate handle names for `job_id`, or nullopt when it is not ours or names another job.
std::optional<int64_t> candidate_worker(const security::FieldCipher& cipher, std::string_view ref, int64_t job_id) {
  db::Blob blob(ref.size());
  size_t len = 0;
  if (ref.empty() || ref.size() > 200 ||
      sodium_base642bin(blob.data(), blob.size(), ref.data(), ref.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return std::nullopt;
  blob.resize(len);
  auto plain = cipher.decrypt(blob, kCandidateContext);
  if (!plain) return std::nullopt;
  auto colon = plain->find(':');
  if (colon == std::string::npos || plain->substr(0, colon) != std::to_string(job_id)) return std::nullopt;
  return parse_id(plain->substr(colon + 1));
}

// A candidate outside the caller's scope who has not accepted contact is not someone she can look up or follow:
// no name (not even the surname), no county, a ten-year age band instead of the birth year and the distance to
// the nearest 10 km. Surname, gender, county and birth year together single out one woman in most villages.
std::string age_band(std::string_view birth_date, std::string_view today) {
  if (birth_date.size() < 4 || today.size() < 4) return "";
  int age = std::stoi(std::string(today.substr(0, 4))) - std::stoi(std::string(birth_date.substr(0, 4)));
  int low = age / 10 * 10;
  return fmt::format("{}-{}", low, low + 9);
}

// `refs` (job matches only): the cipher for the candidates' contact handles and the job they are for.
struct CandidateRefs {
  const security::FieldCipher& cipher;
  int64_t job_id;
};

json::object match_list_json(const MatchList& m, const Weights& w, const reference::DivisionCatalog& catalog,
                             const CandidateRefs* refs = nullptr) {
  json::array items;
  int rank = 0;
  const std::string today = today_beijing();
  for (const auto& c : m.items) {
    const auto* county = catalog.find(c.profile.county);
    const auto* pref = catalog.find(c.profile.prefecture);
    json::object worker{{"revealed", c.revealed},
                        {"gender", c.profile.gender},
                        {"prefecture", pref ? pref->name : c.profile.prefecture},
                        {"credit_band", c.profile.band}};
    double distance = std::round(c.scored.components.distance_km);
    if (c.revealed) {
      worker["public_id"] = c.profile.public_id;
      worker["worker_id"] = c.profile.id;
      worker["name"] = c.profile.name;
      worker["phone_mask"] = c.profile.phone_mask;
      worker["county_code"] = c.profile.county;
      worker["county"] = county ? county->name : c.profile.county;
      worker["birth_year"] = c.profile.birth_date.substr(0, 4);
    } else {
      worker["name"] = nullptr;
      worker["age_band"] = age_band(c.profile.birth_date, today);
      distance = std::round(c.scored.components.distance_km / 10) * 10;
    }
    if (refs) worker["candidate"] = candidate_ref(refs->cipher, refs->job_id, c.profile.id);
    items.push_back(json::object{{"rank", ++rank},
                                 {"score", round2(c.scored.score)},
                                 {"components", components_json(c.scored, w)},
                                 {"region_reason", c.scored.components.region_reason},
                                 {"distance_km", distance},
                                 {"worker", std::move(worker)},
                                 {"contact_status", c.contact_status}});
  }
  return json::object{{"items", std::move(items)},
                      {"bitmap_candidates", m.stats.bitmap_candidates},
                      {"eligible", m.stats.eligible},
                      {"took_ms", round2(m.took_ms)},
                      {"weights", weights_json(w)}};
}

json::object event_json(const RecruitmentEvent& e) {
  return json::object{{"id", e.id},
                      {"name", e.name},
                      {"kind", e.kind},
                      {"division_code", e.division_code},
                      {"prefecture_code", e.prefecture_code},
                      {"starts_on", e.starts_on},
                      {"ends_on", e.ends_on},
                      {"description", e.description},
                      {"job_count", e.job_count},
                      {"created_at", e.created_at}};
}

json::object request_json(const ServiceRequest& r) {
  return json::object{{"id", r.id},           {"occupation", r.occupation}, {"county_code", r.county_code},
                      {"prefecture_code", r.prefecture_code}, {"schedule", r.schedule}, {"budget", r.budget},
                      {"live_in", r.live_in}, {"status", r.status},         {"created_at", r.created_at}};
}

json::object contact_json(const Store::Contact& c) {
  return json::object{{"id", c.id},           {"job_id", c.job_id},     {"job_title", c.job_title},
                      {"employer", c.employer}, {"status", c.status}, {"created_at", c.created_at}};
}

json::object plan_json(const TransferPlan& p, bool with_pairs) {
  json::object o{{"id", p.id},
                 {"name", p.name},
                 {"status", p.status},
                 {"base_id", opt(p.base_id)},
                 {"prefecture_code", p.prefecture_code},
                 {"cohort", json::parse(p.cohort_json.empty() ? "{}" : p.cohort_json)},
                 {"cohort_size", p.cohort_size},
                 {"total_score", round2(p.total_score)},
                 {"greedy_score", round2(p.greedy_score)},
                 {"gain_over_greedy", round2(p.total_score - p.greedy_score)},
                 {"greedy_pairs", p.greedy_pairs},
                 {"solve_ms", round2(p.solve_ms)},
                 {"created_at", p.created_at},
                 {"approved_at", p.approved_at.empty() ? json::value(nullptr) : json::value(p.approved_at)}};
  if (with_pairs) {
    json::array pairs, openings;
    for (const auto& x : p.pairs)
      pairs.push_back(json::object{
          {"worker_id", x.worker_id}, {"job_id", x.job_id}, {"score", round2(x.score)}, {"entry_id", opt(x.entry_id)}});
    for (const auto& x : p.openings)
      openings.push_back(json::object{{"job_id", x.job_id},
                                      {"headcount", x.headcount},
                                      {"assigned", x.assigned},
                                      {"eligible", x.eligible},
                                      {"reason", x.reason}});
    o["pairs"] = std::move(pairs);
    o["openings"] = std::move(openings);
  }
  o["pair_count"] = static_cast<int64_t>(p.pairs.size());
  return o;
}

// Hand-written conversion: clients may omit any field (PATCH) or send extra ones.
Result<JobInput> parse_job_input(const json::object& o) {
  JobInput in;
  auto text = [&](const char* key, std::optional<std::string>& out) -> Result<void> {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return {};
    if (!v->is_string()) return make_error("invalid_field", key, "text expected");
    if (v->as_string().size() > 8000) return make_error("invalid_field", key, "too long");
    out = std::string(v->as_string());
    return {};
  };
  auto number = [&](const char* key, std::optional<int64_t>& out) -> Result<void> {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return {};
    if (v->is_int64()) out = v->as_int64();
    else if (v->is_uint64() && v->as_uint64() < 1000000000) out = static_cast<int64_t>(v->as_uint64());
    else if (v->is_string() && parse_id(std::string(v->as_string()))) out = parse_id(std::string(v->as_string()));
    else if (v->is_string() && v->as_string() == "0") out = 0;
    else return make_error("invalid_field", key, "integer expected");
    return {};
  };
  auto flag = [&](const char* key, std::optional<bool>& out) -> Result<void> {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return {};
    if (!v->is_bool()) return make_error("invalid_field", key, "true or false expected");
    out = v->as_bool();
    return {};
  };
  for (auto [k, f] : {std::pair{"title", &in.title}, {"occupation", &in.occupation}, {"division_code", &in.division_code},
                      {"province_code", &in.province_code}, {"city", &in.city}, {"valid_from", &in.valid_from},
                      {"valid_until", &in.valid_until}, {"description", &in.description}, {"employer", &in.employer},
                      {"status", &in.status}})
    if (auto r = text(k, *f); !r) return r.error();
  for (auto [k, f] : {std::pair{"wage_min", &in.wage_min}, {"wage_max", &in.wage_max}, {"openings", &in.openings},
                      {"min_level", &in.min_level}, {"min_experience_years", &in.min_experience_years},
                      {"event_id", &in.event_id}})
    if (auto r = number(k, *f); !r) return r.error();
  for (auto [k, f] : {std::pair{"live_in", &in.live_in}, {"requires_certificate", &in.requires_certificate},
                      {"requires_health_check", &in.requires_health_check}})
    if (auto r = flag(k, *f); !r) return r.error();
  return in;
}

std::string xml_escape(std::string_view raw) {
  // Characters XML 1.0 forbids (U+000B from a pasted Excel cell, say) would make the whole feed ill-formed.
  const std::string s = xml_safe(raw);
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

// "2026-11-29T09:00:00.123Z" → "Sun, 29 Nov 2026 09:00:00 GMT" (RFC 822, as RSS wants).
std::string rfc822(const std::string& iso) {
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  static const char* kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // day 0 = 1970-01-01, a Thursday
  if (iso.size() < 19) return "";
  int y = std::stoi(iso.substr(0, 4)), m = std::stoi(iso.substr(5, 2)), d = std::stoi(iso.substr(8, 2));
  // Days from civil (H. Hinnant).
  int yy = y - (m <= 2);
  int era = (yy >= 0 ? yy : yy - 399) / 400;
  int yoe = yy - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  long days = static_cast<long>(era) * 146097 + doe - 719468;
  return fmt::format("{}, {:02} {} {} {} GMT", kDays[((days % 7) + 7) % 7], d, kMonths[m - 1], y, iso.substr(11, 8));
}

Result<JobFilter> feed_filter(const http::Request& req) {
  JobFilter f;
  f.prefecture = req.query_param("prefecture").value_or("");
  f.occupation = req.query_param("occupation").value_or("");
  if (f.prefecture.size() > 6) return make_error("invalid_field", "prefecture", "a 市州 code");
  if (!f.occupation.empty() && occupation_index(f.occupation) < 0)
    return make_error("unknown_occupation", "occupation", f.occupation);
  if (auto e = req.query_param("event_id"); e && !e->empty()) {
    auto id = parse_id(*e);
    if (!id) return make_error("invalid_field", "event_id", "a number");
    f.event_id = id;
  }
  auto page = http::parse_page(req);
  if (!page) return page.error();
  f.page = page->page;
  f.page_size = page->page_size;
  return f;
}

// The Chinese name of an occupation code (data/occupations.csv), the code itself when unknown.
const std::string& occupation_label(const std::string& code) {
  static const std::map<std::string, std::string> kNames = [] {
    std::map<std::string, std::string> m;
    auto rows = parse_csv(embedded_file("data/occupations.csv").value_or(""));
    for (size_t i = 1; i < rows.size(); ++i)
      if (rows[i].size() >= 2) m.emplace(rows[i][0], rows[i][1]);
    return m;
  }();
  auto it = kNames.find(code);
  return it == kNames.end() ? code : it->second;
}

std::string wage_text(const Job& j) {
  return j.wage_max > 0 ? fmt::format("{}–{} 元/月", j.wage_min, j.wage_max) : "面议";
}

// The feed's own URL with the filter of `f` and page `page` (absolute, for self links and next_url).
std::string feed_url(const std::string& public_url, std::string_view file, const JobFilter& f, int64_t page) {
  std::string q;
  auto add = [&](std::string_view k, const std::string& v) {
    if (!v.empty()) q += fmt::format("{}{}={}", q.empty() ? "?" : "&", k, v);
  };
  add("prefecture", f.prefecture);  // codes and numbers only: nothing to percent-encode
  add("occupation", f.occupation);
  add("event_id", f.event_id ? std::to_string(*f.event_id) : "");
  if (page > 1) add("page", std::to_string(page));
  return fmt::format("{}/api/v1/jobs/{}{}", public_url, file, q);
}

// The public feed.
void feed_routes(http::Router& router, Service& service, const std::string& public_url) {
  router.add({.method = http::Method::get,
              .path = "/api/v1/jobs/feed.json",
              .access = Access::anyone(),
              .summary = "Open job postings as JSON Feed 1.1 for republishing (WeChat accounts, video channels, 零工市场 "
                         "screens); filter prefecture (市州 code), occupation, event_id; page, page_size",
              .query = feed_query(),
              .paged = true,
              .response = http::schema_of<api::JobFeed>(),
              .produces = "application/feed+json; charset=utf-8",
              .handler = [&service, public_url](http::Context& ctx) {
                auto f = feed_filter(ctx.req());
                if (!f) return ctx.fail(f.error());
                auto page = service.list_jobs(nullptr, *f);
                if (!page) return ctx.fail(page.error());
                json::array items;
                for (const auto& j : page->items) {
                  const std::string url = fmt::format("{}/jobs/{}", public_url, j.id);
                  auto ext = job_json(j);
                  ext["occupation_name"] = occupation_label(j.occupation);
                  json::object item{
                      {"id", url},
                      {"url", url},
                      {"title", fmt::format("{}｜{}｜{}", j.title, j.employer, j.place_name)},
                      {"content_text", fmt::format("{}：{}，招 {} 人，{}{}", occupation_label(j.occupation), wage_text(j),
                                                   j.openings, j.live_in ? "住家，" : "", j.description)},
                      {"summary", fmt::format("{} · {} · {}", occupation_label(j.occupation), j.place_name, wage_text(j))},
                      {"date_published", j.created_at},
                      {"tags", json::array{json::value(occupation_label(j.occupation)), json::value(j.place_name)}},
                      {"_jiazheng", std::move(ext)}};
                  if (!j.updated_at.empty()) item["date_modified"] = j.updated_at;
                  items.push_back(std::move(item));
                }
                json::object feed{{"version", "https://jsonfeed.org/version/1.1"},
                                  {"title", "陇原家政 · 岗位信息"},
                                  {"home_page_url", public_url + "/jobs"},
                                  {"feed_url", feed_url(public_url, "feed.json", *f, f->page)},
                                  {"description", "甘肃省家政服务岗位（开放中）"},
                                  {"language", "zh-CN"},
                                  {"items", std::move(items)},
                                  {"_jiazheng", json::object{{"total", page->total},
                                                             {"page", f->page},
                                                             {"page_size", f->page_size}}}};
                if (f->page * f->page_size < page->total)
                  feed["next_url"] = feed_url(public_url, "feed.json", *f, f->page + 1);
                auto r = http::json_response(std::move(feed));
                r.content_type = "application/feed+json; charset=utf-8";
                r.set_header("Cache-Control", "public, max-age=60");
                return r;
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/jobs/feed.rss",
              .access = Access::anyone(),
              .summary = "The same feed as RSS 2.0 (filter prefecture, occupation)",
              .query = feed_query(),
              .paged = true,
              .produces = "application/rss+xml; charset=utf-8",
              .handler = [&service, public_url](http::Context& ctx) {
                auto f = feed_filter(ctx.req());
                if (!f) return ctx.fail(f.error());
                f->page_size = std::max<int64_t>(f->page_size, 50);
                auto page = service.list_jobs(nullptr, *f);
                if (!page) return ctx.fail(page.error());
                std::string xml = fmt::format(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel>"
                    "<title>陇原家政 · 岗位信息</title><link>{}/jobs</link>"
                    "<description>甘肃省家政服务岗位（开放中）</description><language>zh-cn</language>"
                    "<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>",
                    xml_escape(public_url), xml_escape(feed_url(public_url, "feed.rss", *f, f->page)));
                for (const auto& j : page->items) {
                  xml += fmt::format(
                      "<item><title>{}</title><link>{}/jobs/{}</link><guid>{}/jobs/{}</guid><pubDate>{}</pubDate>"
                      "<category>{}</category><description>{}</description></item>",
                      xml_escape(j.title + "｜" + j.employer + "｜" + j.place_name), xml_escape(public_url), j.id,
                      xml_escape(public_url), j.id, rfc822(j.created_at), xml_escape(occupation_label(j.occupation)),
                      xml_escape(fmt::format("{}，招 {} 人，{}{}", wage_text(j), j.openings, j.live_in ? "住家，" : "",
                                             j.description)));
                }
                xml += "</channel></rss>\n";
                auto r = http::text_response(std::move(xml), "application/rss+xml; charset=utf-8");
                r.set_header("Cache-Control", "public, max-age=60");
                return r;
              }});
}

// Postings.
void posting_routes(http::Router& router, Service& service) {
  router.add({.method = http::Method::get,
              .path = "/api/v1/jobs",
              .access = Access::anyone(),
              .summary = "Job postings: open and current for everyone; status=all|closed for officials and the "
                         "posting enterprise (mine=1: the enterprise's own)",
              .query = jobs_query(),
              .paged = true,
              .response = http::paged_schema_of<api::JobView>(),
              .handler = [&service](http::Context& ctx) {
                auto f = feed_filter(ctx.req());
                if (!f) return ctx.fail(f.error());
                auto status = ctx.req().query_param("status").value_or("open");
                if (status != "open" && status != "closed" && status != "all")
                  return ctx.fail(make_error("invalid_field", "status", "open|closed|all"));
                f->status = status == "all" ? "" : status;
                f->only_current = status == "open" && ctx.req().query_param("mine").value_or("") != "1";
                auto page = service.list_jobs(ctx.user(), *f);
                if (!page) return ctx.fail(page.error());
                json::array items;
                for (const auto& j : page->items) items.push_back(job_json(j));
                return http::json_response(json::object{
                    {"items", std::move(items)}, {"total", page->total}, {"page", f->page}, {"page_size", f->page_size}});
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/jobs",
              .access = Access::only({Role::enterprise, Role::province_admin, Role::city_officer}),
              .summary = "Post a job: title, occupation, division_code (a Gansu county) or province_code + city, "
                         "live_in, wage_min/max, openings, min_level, requires_certificate, requires_health_check, "
                         "min_experience_years, valid_from/until, description; officials add employer and event_id",
              .request = http::schema_of<api::JobInput>(),
              .response = http::schema_of<api::JobView>(),
              .status = 201,
              .handler = [&service](http::Context& ctx) {
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                auto in = parse_job_input(*body);
                if (!in) return ctx.fail(in.error());
                auto r = service.create_job(*ctx.user(), *in, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::json_response(job_json(*r), 201);
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/jobs/{id}",
              .access = Access::anyone(),
              .summary = "One job posting (closed ones only for their owner and officials)",
              .response = http::schema_of<api::JobView>(),
              .handler = [&service](http::Context& ctx) {
                auto id = path_id(ctx);
                if (!id) return ctx.fail(id.error());
                auto r = service.get_job(ctx.user(), *id);
                if (!r) return ctx.fail(r.error());
                return http::json_response(job_json(*r));
              }});

  router.add({.method = http::Method::patch,
              .path = "/api/v1/jobs/{id}",
              .access = Access::only({Role::enterprise, Role::province_admin, Role::city_officer}),
              .summary = "Change a posting (title, wages, openings, requirements, valid_until, status open|closed)",
              .request = http::schema_of<api::JobInput>(),
              .response = http::schema_of<api::JobView>(),
              .handler = [&service](http::Context& ctx) {
                auto id = path_id(ctx);
                if (!id) return ctx.fail(id.error());
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                auto in = parse_job_input(*body);
                if (!in) return ctx.fail(in.error());
                auto r = service.update_job(*ctx.user(), *id, *in, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::json_response(job_json(*r));
              }});

  router.add({.method = http::Method::del,
              .path = "/api/v1/jobs/{id}",
              .access = Access::only({Role::enterprise, Role::province_admin, Role::city_officer}),
              .summary = "Delete a posting that no transfer plan uses",
              .status = 204,
              .handler = [&service](http::Context& ctx) {
                auto id = path_id(ctx);
                if (!id) return ctx.fail(id.error());
                auto r = service.delete_job(*ctx.user(), *id, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::no_content();
              }});
}

// Matching.
void matching_routes(http::Router& router, Service& service, Engine& engine, const reference::DivisionCatalog& cat,
                     const security::FieldCipher& cipher) {
  router.add({.method = http::Method::get,
              .path = "/api/v1/jobs/{id}/matches",
              .access = Access::only({Role::enterprise, Role::province_admin, Role::department, Role::city_officer}),
              .summary = "The best k (default 20, up to 500) workers for a job, each with her score and its "
                         "components; candidates outside the caller's scope who have not accepted contact show no "
                         "public id or name (surname only), and a `candidate` handle for a contact request",
              .query = {top_k()},
              .response = http::schema_of<api::MatchListView>(),
              .handler = [&service, &engine, &cat, &cipher](http::Context& ctx) {
                auto id = path_id(ctx);
                if (!id) return ctx.fail(id.error());
                auto k = param_k(ctx.req());
                if (!k) return ctx.fail(k.error());
                auto r = service.job_matches(*ctx.user(), *id, *k);
                if (!r) return ctx.fail(r.error());
                CandidateRefs refs{cipher, *id};
                auto out = match_list_json(*r, engine.weights(), cat, &refs);
                out["job_id"] = *id;
                return http::json_response(out);
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/match",
              .access = Access::only({Role::enterprise, Role::province_admin, Role::department, Role::city_officer}),
              .summary = "Ad-hoc demand → ranked workers: occupation, division_code or province_code + city, "
                         "live_in, wage_min/max, min_level, requires_*, min_experience_years, valid_from; ?k=20",
              .query = {top_k()},
              .request = http::schema_of<api::JobInput>(),
              .response = http::schema_of<api::MatchListView>(),
              .handler = [&service, &engine, &cat](http::Context& ctx) {
                auto k = param_k(ctx.req());
                if (!k) return ctx.fail(k.error());
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                auto in = parse_job_input(*body);
                if (!in) return ctx.fail(in.error());
                auto r = service.adhoc_match(*ctx.user(), *in, *k);
                if (!r) return ctx.fail(r.error());
                return http::json_response(match_list_json(*r, engine.weights(), cat));
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/workers/{id}/jobs",
              .access = Access::only(
                  {Role::province_admin, Role::department, Role::city_officer, Role::enterprise, Role::worker}),
              .summary = "The best k open jobs for a worker (herself, her enterprise, officials in scope), with "
                         "score and components",
              .query = {top_k()},
              .response = http::schema_of<api::WorkerJobsView>(),
              .handler = [&service, &engine](http::Context& ctx) {
                auto id = path_id(ctx);
                if (!id) return ctx.fail(id.error());
                auto k = param_k(ctx.req());
                if (!k) return ctx.fail(k.error());
                auto r = service.worker_jobs(*ctx.user(), *id, *k);
                if (!r) return ctx.fail(r.error());
                json::array items;
                int rank = 0;
                for (const auto& m : *r)
                  items.push_back(json::object{{"rank", ++rank},
                                               {"score", round2(m.scored.score)},
                                               {"components", components_json(m.scored, engine.weights())},
                                               {"region_reason", m.scored.components.region_reason},
                                               {"distance_km", std::round(m.scored.components.distance_km)},
                                               {"job", job_json(m.job)}});
                return http::json_response(
                    json::object{{"worker_id", *id}, {"items", std::move(items)}, {"weights", weights_json(engine.weights())}});
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/matching/status",
              .access = Access::only({Role::province_admin, Role::department}),
              .summary = "The matching engine of this instance: workers indexed, memory, load time, weights",
              .response = http::schema_of<api::EngineStatusView>(),
              .handler = [&engine](http::Context&) {
                auto s = engine.stats();
                return http::json_response(json::object{{"workers", s.workers},
                                                        {"memory_bytes", s.memory_bytes},
                                                        {"load_seconds", round2(s.load_seconds)},
                                                        {"reloaded", s.reloaded},
                                                        {"weights", weights_json(engine.weights())}});
              }});
}

// Contact.
void contact_routes(http::Router& router, Service& service, const security::FieldCipher& cipher) {
  router.add({.method = http::Method::post,
              .path = "/api/v1/jobs/{id}/contact-requests",
              .access = Access::only({Role::enterprise}),
              .summary = "Ask a candidate for contact about this job, by the `candidate` handle of the job's match "
                         "list (or a public_id); she sees it under her contact requests and may accept",
              .request = http::schema_of<api::ContactRequestInput>(),
              .response = http::schema_of<api::ContactView>(),
              .status = 201,
              .handler = [&service, &cipher](http::Context& ctx) {
                auto id = path_id(ctx);
                if (!id) return ctx.fail(id.error());
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                Result<Store::Contact> r = make_error("missing_field", "candidate");
                if (auto* cand = body->if_contains("candidate")) {
                  auto worker = cand->is_string() ? candidate_worker(cipher, cand->as_string(), *id) : std::nullopt;
                  if (!worker) return ctx.fail(make_error("invalid_field", "candidate", "not a candidate of this job"));
                  r = service.request_contact(*ctx.user(), *id, *worker, ctx.actor());
                } else if (body->contains("public_id")) {
                  auto pid = http::required_string(*body, "public_id", 32);
                  if (!pid) return ctx.fail(pid.error());
                  r = service.request_contact(*ctx.user(), *id, *pid, ctx.actor());
                }
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::json_response(contact_json(*r), 201);
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/me/contact-requests",
              .access = Access::only({Role::worker}),
              .summary = "Enterprises that asked the logged-in worker for contact about a job",
              .response = http::items_schema_of<api::ContactView>(),
              .handler = [&service](http::Context& ctx) {
                auto r = service.my_contacts(*ctx.user());
                if (!r) return ctx.fail(r.error());
                json::array items;
                for (const auto& c : *r) items.push_back(contact_json(c));
                return http::json_response(json::object{{"items", std::move(items)}});
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/contact-requests/{id}/answer",
              .access = Access::only({Role::worker}),
              .summary = "The worker accepts {accept: true} or declines a contact request; accepted, the "
                         "enterprise sees her name and phone mask in the job's matches",
              .request = http::schema_of<api::ContactAnswer>(),
              .response = http::schema_of<api::ContactView>(),
              .handler = [&service](http::Context& ctx) {
                auto id = path_id(ctx);
                if (!id) return ctx.fail(id.error());
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                auto accept = http::required_bool(*body, "accept");
                if (!accept) return ctx.fail(accept.error());
                auto r = service.answer_contact(*ctx.user(), *id, *accept, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::json_response(contact_json(*r));
              }});
}

// Recruitment events.
void event_routes(http::Router& router, Service& service) {
  router.add({.method = http::Method::get,
              .path = "/api/v1/recruitment-events",
              .access = Access::anyone(),
              .summary = "Recruitment events (专场招聘, campus), newest first; filter prefecture",
              .query = {{.name = "prefecture", .description = "市州 code"}},
              .response = http::items_schema_of<api::EventView>(),
              .handler = [&service](http::Context& ctx) {
                json::array items;
                for (const auto& e : service.list_events(ctx.req().query_param("prefecture").value_or("")))
                  items.push_back(event_json(e));
                return http::json_response(json::object{{"items", std::move(items)}});
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/recruitment-events/{id}",
              .access = Access::anyone(),
              .summary = "One recruitment event with its open postings",
              .response = http::schema_of<api::EventView>(),
              .handler = [&service](http::Context& ctx) {
                auto id = path_id(ctx);
                if (!id) return ctx.fail(id.error());
                auto e = service.get_event(*id);
                if (!e) return ctx.fail(e.error());
                JobFilter f;
                f.event_id = *id;
                f.page_size = 200;
                auto jobs = service.list_jobs(nullptr, f);
                json::array items;
                if (jobs)
                  for (const auto& j : jobs->items) items.push_back(job_json(j));
                auto out = event_json(*e);
                out["jobs"] = std::move(items);
                return http::json_response(out);
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/recruitment-events",
              .access = Access::only({Role::province_admin, Role::city_officer}),
              .summary = "Create a recruitment event {name, kind job_fair|campus, division_code, starts_on, "
                         "ends_on, description}; a 市州 officer in her 市州",
              .request = http::schema_of<api::NewEvent>(),
              .response = http::schema_of<api::EventView>(),
              .status = 201,
              .handler = [&service](http::Context& ctx) {
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                RecruitmentEvent e;
                for (auto [k, f] : {std::pair{"name", &e.name}, {"kind", &e.kind}, {"division_code", &e.division_code},
                                    {"starts_on", &e.starts_on}, {"ends_on", &e.ends_on},
                                    {"description", &e.description}})
                  if (auto v = http::optional_string(*body, k)) *f = *v;
                auto r = service.create_event(*ctx.user(), e, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::json_response(event_json(*r), 201);
              }});
}

// Consumer service requests.
void service_request_routes(http::Router& router, Service& service, Engine& engine, const reference::DivisionCatalog& cat) {
  router.add({.method = http::Method::post,
              .path = "/api/v1/service-requests",
              .access = Access::only({Role::consumer}),
              .summary = "A consumer's service request {occupation, county_code, schedule, budget, live_in}",
              .request = http::schema_of<api::ServiceRequestInput>(),
              .response = http::schema_of<api::ServiceRequestView>(),
              .status = 201,
              .handler = [&service](http::Context& ctx) {
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                ServiceRequestInput in;
                auto occ = http::required_string(*body, "occupation", 64);
                if (!occ) return ctx.fail(occ.error());
                auto county = http::required_string(*body, "county_code", 12);
                if (!county) return ctx.fail(county.error());
                in.occupation = *occ;
                in.county_code = *county;
                in.schedule = http::optional_string(*body, "schedule").value_or("");
                if (const auto* b = body->if_contains("budget"); b && !b->is_null()) {
                  if (!b->is_int64()) return ctx.fail(make_error("invalid_field", "budget", "integer expected"));
                  in.budget = b->as_int64();
                }
                if (const auto* l = body->if_contains("live_in"); l && l->is_bool()) in.live_in = l->as_bool();
                auto r = service.create_request(*ctx.user(), in, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::json_response(request_json(*r), 201);
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/service-requests",
              .access = Access::only({Role::consumer, Role::province_admin, Role::department, Role::city_officer}),
              .summary = "Service requests: a consumer's own; officials' in their scope",
              .response = http::items_schema_of<api::ServiceRequestView>(),
              .handler = [&service](http::Context& ctx) {
                json::array items;
                for (const auto& r : service.list_requests(*ctx.user())) items.push_back(request_json(r));
                return http::json_response(json::object{{"items", std::move(items)}});
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/service-requests/{id}/matches",
              .access = Access::only({Role::consumer, Role::province_admin, Role::department, Role::city_officer}),
              .summary = "Ranked workers for a service request (public profiles for the consumer)",
              .query = {top_k()},
              .response = http::schema_of<api::MatchListView>(),
              .handler = [&service, &engine, &cat](http::Context& ctx) {
                auto id = path_id(ctx);
                if (!id) return ctx.fail(id.error());
                auto k = param_k(ctx.req());
                if (!k) return ctx.fail(k.error());
                auto r = service.request_matches(*ctx.user(), *id, *k);
                if (!r) return ctx.fail(r.error());
                return http::json_response(match_list_json(*r, engine.weights(), cat));
              }});
}

// A plan's pairs with each worker's name (issue 16: people, not numbers): in full where the viewer's scope
// admits her record (registry::can_view_worker), masked otherwise — a city officer reading a plan whose base
// draws on another 市州 sees those workers as 张*花.
json::object plan_with_names(const TransferPlan& p, db::Database& db, const security::Principal& viewer) {
  json::object o = plan_json(p, true);
  std::vector<int64_t> ids;
  for (const auto& x : p.pairs) ids.push_back(x.worker_id);
  std::map<int64_t, std::string> names;
  {
    auto conn = db.acquire();
    Store store(*conn);
    for (const auto& w : store.profiles(ids))
      names[w.id] = registry::can_view_worker(viewer, registry::WorkerRef{w.id, w.prefecture, w.enterprise_id})
                        ? w.name
                        : security::mask_name(w.name);
  }
  for (auto& v : o["pairs"].as_array()) {
    auto& pair = v.as_object();
    auto it = names.find(pair.at("worker_id").as_int64());
    pair["worker_name"] = it == names.end() ? json::value(nullptr) : json::value(it->second);
  }
  return o;
}

// Labour transfer.
void transfer_routes(http::Router& router, Service& service, db::Database& db) {
  router.add({.method = http::Method::post,
              .path = "/api/v1/transfer-plans",
              .access = Access::only({Role::province_admin, Role::city_officer}),
              .summary = "Plan a labour transfer: {name, base_id | prefecture/county/flag, job_ids, "
                         "candidates_per_opening} → an optimal assignment (min-cost flow) with its gain over greedy",
              .request = http::schema_of<api::PlanInput>(),
              .response = http::schema_of<api::PlanView>(),
              .status = 201,
              .handler = [&service, &db](http::Context& ctx) {
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                PlanInput in;
                in.name = http::optional_string(*body, "name").value_or("");
                if (const auto* b = body->if_contains("base_id"); b && !b->is_null()) {
                  if (!b->is_int64()) return ctx.fail(make_error("invalid_field", "base_id", "integer expected"));
                  in.base_id = b->as_int64();
                }
                in.prefecture = http::optional_string(*body, "prefecture").value_or("");
                in.county = http::optional_string(*body, "county").value_or("");
                in.flag = http::optional_string(*body, "flag").value_or("");
                if (const auto* n = body->if_contains("candidates_per_opening"); n && n->is_int64())
                  in.candidates_per_opening = static_cast<int>(std::clamp<int64_t>(n->as_int64(), -1, 100000));
                const auto* ids = body->if_contains("job_ids");
                if (!ids || !ids->is_array()) return ctx.fail(make_error("missing_field", "job_ids"));
                for (const auto& v : ids->as_array()) {
                  if (!v.is_int64()) return ctx.fail(make_error("invalid_field", "job_ids", "integers expected"));
                  in.job_ids.push_back(v.as_int64());
                }
                auto r = service.create_plan(*ctx.user(), in, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::json_response(plan_with_names(*r, db, *ctx.user()), 201);
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/transfer-plans",
              .access = Access::only({Role::province_admin, Role::department, Role::city_officer}),
              .summary = "Transfer plans in the official's scope, newest first",
              .response = http::items_schema_of<api::PlanView>(),
              .handler = [&service](http::Context& ctx) {
                json::array items;
                for (const auto& p : service.list_plans(*ctx.user())) items.push_back(plan_json(p, false));
                return http::json_response(json::object{{"items", std::move(items)}});
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/transfer-plans/{id}",
              .access = Access::only({Role::province_admin, Role::department, Role::city_officer}),
              .summary = "One plan: pairs with scores and worker names (masked outside the viewer's scope), openings with "
                         "unfilled reasons, totals vs greedy",
              .response = http::schema_of<api::PlanView>(),
              .handler = [&service, &db](http::Context& ctx) {
                auto id = path_id(ctx);
                if (!id) return ctx.fail(id.error());
                auto r = service.get_plan(*ctx.user(), *id);
                if (!r) return ctx.fail(r.error());
                return http::json_response(plan_with_names(*r, db, *ctx.user()));
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/transfer-plans/{id}/approve",
              .access = Access::only({Role::province_admin, Role::city_officer}),
              .summary = "Approve a draft plan (a second official in scope): one employment credit entry per pair, "
                         "in one transaction",
              .response = http::schema_of<api::PlanView>(),
              .handler = [&service, &db](http::Context& ctx) {
                auto id = path_id(ctx);
                if (!id) return ctx.fail(id.error());
                auto r = service.approve_plan(*ctx.user(), *id, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();
                return http::json_response(plan_with_names(*r, db, *ctx.user()));
              }});
}

}  // namespace

Module::~Module() {
  if (engine) engine->stop();
}

std::unique_ptr<Module> register_routes(http::Router& router, db::Database& db, const security::FieldCipher& cipher,
                                        const reference::DivisionCatalog& catalog, const std::string& public_url,
                                        const std::string& database_url, const std::string& weights_text) {
  auto weights = parse_weights(weights_text);
  if (!weights) throw std::runtime_error("matching_weights: " + weights.error().detail);
  auto m = std::make_unique<Module>();
  m->follower_db = db::open_database(database_url, 1);
  m->engine = std::make_unique<Engine>(*m->follower_db, *weights);
  m->engine->load();
  m->engine->start();
  m->credit = std::make_unique<credit::Service>(db, cipher, catalog);
  m->service = std::make_unique<Service>(db, *m->engine, *m->credit, catalog);
  Service& service = *m->service;
  Engine& engine = *m->engine;
  const reference::DivisionCatalog& cat = catalog;

  feed_routes(router, service, public_url);
  posting_routes(router, service);
  matching_routes(router, service, engine, cat, cipher);
  contact_routes(router, service, cipher);
  event_routes(router, service);
  service_request_routes(router, service, engine, cat);
  transfer_routes(router, service, db);
  return m;
}

}  // namespace jz::matching
