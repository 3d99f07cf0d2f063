#include "verify/routes.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <cstdlib>
#include <cstring>

#include "common/time.hpp"
#include "verify/api_types.hpp"
#include "verify/page.hpp"
#include "verify/public_profile.hpp"
#include "verify/service.hpp"
#include "verify/token_kinds.hpp"

namespace jz::verify {
namespace {

namespace json = boost::json;
using security::Access;
using security::Role;

// JZ_VERIFY_SIGNATURE_CACHE: how many genuine tokens' signature checks to remember (default 65536; 0 turns
// the cache off, as bench/verify_bench.sh does for its uncached figure). An environment variable rather than
// a configuration key because it is a benchmark and tuning knob, not something a deployment needs to set.
size_t signature_cache_entries() {
  if (const char* v = std::getenv("JZ_VERIFY_SIGNATURE_CACHE"); v && *v) {
    size_t n = 0;
    auto [end, ec] = std::from_chars(v, v + std::strlen(v), n);
    if (ec == std::errc() && *end == '\0') return n;
  }
  return Service::kDefaultSignatureCache;
}

class ModuleImpl final : public Module {
 public:
  ModuleImpl(db::Database& db, const std::filesystem::path& key_dir, std::string public_url,
             const std::string& database_url, security::CryptoSuite suite)
      : key(SigningKey::load_or_create(key_dir)),
        audit(db::open_database(database_url, 1)),
        service(db, key, std::move(public_url), audit, signature_cache_entries()) {
    // 国密: new certificates are SM2-signed; SM2 tokens verify whenever an SM2 key exists (a migration in
    // either direction), Ed25519 tokens always.
    if (suite == security::CryptoSuite::sm) {
      sm2.emplace(Sm2SigningKey::load_or_create(key_dir));
      service.use_sm2(&*sm2, sm2->public_key());
    } else if (auto pub = Sm2SigningKey::load_public(key_dir)) {
      service.use_sm2(nullptr, *pub);
    }
  }
  SigningKey key;
  std::optional<Sm2SigningKey> sm2;
  AuditQueue audit;
  Service service;
};

json::value opt(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

json::object certificate_json(const Certificate& c, const Service& service) {
  return json::object{{"id", c.id},
                      {"serial", c.serial},
                      {"worker_id", c.worker_id},
                      {"public_id", c.public_id},
                      {"issued_on", c.issued_on},
                      {"expires_on", c.expires_on},
                      {"status", certificate_state(c, today_utc())},
                      {"revoked_at", opt(c.revoked_at)},
                      {"revoke_reason", opt(c.revoke_reason)},
                      {"token", c.token},
                      {"verify_url", service.verify_url(c.token)},
                      {"qr_url", "/api/v1/certificates/" + c.serial + "/qr.png"}};
}

Lang lang_of(const http::Context& ctx) {
  auto q = ctx.req().query_param("lang");
  if (q && (*q == "en" || *q == "zh")) return *q == "en" ? Lang::en : Lang::zh;
  return ctx.lang();
}

// The public profile of a verification, with the photo linked by certificate token when it may be shown.
std::optional<PublicProfile> profile_of(const Verification& v, Lang lang) {
  std::optional<PublicProfile> profile;
  if (v.profile) profile = build_public_profile(*v.profile, v.today, lang);
  if (profile && v.photo_matches && v.certificate) profile->photo_url = "/api/v1/verify/" + v.certificate->token + "/photo";
  return profile;
}

json::object verification_json(const Verification& v, Lang lang) {
  std::optional<PublicProfile> profile = profile_of(v, lang);
  StatusLight light = status_light(profile ? &*profile : nullptr, v.verdict);
  json::value cert = nullptr;
  if (v.certificate) {
    const auto& c = *v.certificate;
    cert = json::object{{"serial", c.serial},
                        {"issued_on", c.issued_on},
                        {"expires_on", c.expires_on},
                        {"revoked_on", c.revoked_at ? json::value(c.revoked_at->substr(0, 10)) : json::value(nullptr)},
                        {"on_record", v.on_record}};
  }
  return json::object{{"result", verdict_name(v.verdict)},
                      {"message", verdict_headline(v, lang)},
                      {"advice", verdict_advice(v, lang)},
                      {"checked_on", v.today},
                      {"certificate", std::move(cert)},
                      {"profile", profile ? json::value(profile_json(*profile)) : json::value(nullptr)},
                      {"status_light", light_json(light, lang)}};
}

using http::parse_id;

}  // namespace

std::unique_ptr<Module> register_routes(http::Router& router, db::Database& db, const std::filesystem::path& key_dir,
                                        std::string public_url, const std::string& database_url,
                                        security::CryptoSuite suite) {
  auto module = std::make_unique<ModuleImpl>(db, key_dir, std::move(public_url), database_url, suite);
  Service& service = module->service;

  router.add({.method = http::Method::post,
              .path = "/api/v1/workers/{id}/certificates",
              .access = Access::only({Role::enterprise, Role::city_officer, Role::province_admin}),
              .summary = "Issue a service certificate (居家上门服务证) {\"expires_on\"?}; supersedes the current one",
              .request = http::schema_of<api::WorkerCertificateInput>(),
              .response = http::schema_of<api::Certificate>(),
              .status = 201,
              .handler = [&service](http::Context& ctx) {
                auto id = parse_id(ctx.param("id"));
                if (!id) return ctx.fail(make_error("invalid_field", "id", "worker id"));
                std::optional<std::string> expires_on;
                if (!ctx.req().body.empty()) {
                  auto body = http::parse_json_object(ctx.req());
                  if (!body) return ctx.fail(body.error());
                  if (auto* v = body->if_contains("expires_on"); v && !v->is_null()) {
                    if (!v->is_string()) return ctx.fail(make_error("invalid_field", "expires_on", "YYYY-MM-DD"));
                    expires_on = std::string(v->as_string());
                  }
                }
                auto r = service.issue(*ctx.user(), *id, expires_on, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();  // issue audited inside its transaction
                return http::json_response(certificate_json(*r, service), 201);
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/workers/{id}/certificates",
              .access = Access::only({Role::province_admin, Role::department, Role::city_officer, Role::enterprise,
                                      Role::worker}),
              .summary = "A worker's service certificates, newest first (data scope)",
              .response = http::schema_of<api::WorkerCertificatesView>(),
              .handler = [&service](http::Context& ctx) {
                auto id = parse_id(ctx.param("id"));
                if (!id) return ctx.fail(make_error("invalid_field", "id", "worker id"));
                auto r = service.list(*ctx.user(), *id);
                if (!r) return ctx.fail(r.error());
                json::array items;
                for (const auto& c : *r) items.push_back(certificate_json(c, service));
                auto total = static_cast<int64_t>(items.size());
                return http::json_response(json::object{{"items", std::move(items)}, {"total", total}});
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/certificates/{serial}/revoke",
              .access = Access::only({Role::province_admin, Role::city_officer, Role::enterprise, Role::worker}),
              .summary = "Revoke a service certificate {\"reason\"} (issuers in scope, or the worker herself)",
              .request = http::schema_of<api::CertificateRevokeInput>(),
              .response = http::schema_of<api::Certificate>(),
              .handler = [&service](http::Context& ctx) {
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                auto reason = http::required_string(*body, "reason", 600);
                if (!reason) return ctx.fail(reason.error());
                auto r = service.revoke(*ctx.user(), ctx.param("serial"), *reason, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();  // revoke audited inside its transaction
                return http::json_response(certificate_json(*r, service));
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/certificates/public-key",
              .access = Access::anyone(),
              .blocking = false,
              .summary = "The Ed25519 public key that signs certificate tokens (base64 and PEM), for offline checks, "
                         "and the SM2 key (国密) when the deployment has one",
              .response = http::schema_of<api::CertificatePublicKeyView>(),
              .handler = [&service](http::Context&) {
                const auto& pk = service.public_key();
                json::value sm2 = nullptr;
                if (const auto& s = service.sm2_public_key())
                  sm2 = json::object{{"algorithm", "SM2-with-SM3"},
                                     {"id", std::string(kSm2Id)},
                                     {"pem", s->pem()},
                                     {"token_format",
                                      "as Ed25519 tokens, but payload = version (u8, 0x04), algorithm (u8, 0x02 = "
                                      "SM2 with SM3), then len, public_id and the rest unchanged; signature = DER "
                                      "SM2 signature of the payload (SM3 digest, ID 1234567812345678)"}};
                auto r = http::json_response(json::object{
                    {"sm2", std::move(sm2)},
                    {"algorithm", "Ed25519"},
                    {"public_key", pk.base64()},
                    {"pem", pk.pem()},
                    {"token_format", "base64url(payload) '.' base64url(Ed25519 signature of payload), base64url as "
                                     "RFC 4648 section 5 without padding and canonical (unused trailing bits zero; "
                                     "any other spelling is rejected); payload = version (u8, 0x01), len (u8, "
                                     "1-64: bytes of public_id), public_id (ASCII), issued day (u16 BE, days since "
                                     "1970-01-01 UTC), expiry day (u16 BE, last valid day), serial number (u32 BE, "
                                     "0-99999999); serial = 'GS' + issue date YYYYMMDD + number in 8 digits; valid "
                                     "from the issued day to the expiry day inclusive"}});
                r.set_header("Cache-Control", "public, max-age=3600");
                return r;
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/certificates/{serial}",
              .access = Access::anyone(),
              .sensitive = true,
              .summary = "家政信用查 by certificate serial: the same verdict and public profile as the token",
              .response = http::schema_of<api::CertificateView>(),
              .handler = [&service](http::Context& ctx) {
                auto r = service.verify_serial(ctx.param("serial"), ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();  // queued by the service (AuditQueue)
                return http::json_response(verification_json(*r, lang_of(ctx)));
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/certificates/{serial}/qr.png",
              .access = Access::only({Role::province_admin, Role::department, Role::city_officer, Role::enterprise,
                                      Role::worker}),
              .summary = "QR code (PNG) of the certificate's verify URL",
              .produces = "image/png",
              .handler = [&service](http::Context& ctx) {
                auto r = service.qr_png(*ctx.user(), ctx.param("serial"));
                if (!r) return ctx.fail(r.error());
                auto resp = http::text_response(std::move(*r), "image/png");
                resp.gzip_ok = false;  // already deflated
                resp.set_header("Cache-Control", "private, max-age=300");
                return resp;
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/verify/{token}",
              .access = Access::anyone(),
              .sensitive = true,
              .summary = "家政信用查 by QR token: {result: valid|forged|expired|revoked, profile, status_light}",
              .response = http::schema_of<api::VerifyView>(),
              .handler = [&service](http::Context& ctx) {
                // Another kind of certificate signed with our key (token_kinds.hpp): its module answers.
                if (auto* other = token_kind_handler(ctx.param("token")))
                  if (auto answer = (*other)(ctx.param("token"))) return http::json_response(answer->json);
                auto v = service.verify_token(ctx.param("token"), Channel::token_api, ctx.actor());
                ctx.audit_done();  // queued by the service (AuditQueue)
                return http::json_response(verification_json(v, lang_of(ctx)));
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/verify/{token}/photo",
              .access = Access::anyone(),
              .sensitive = true,
              .summary = "The photo a service certificate was issued with, by its token (QR code); 404 when the "
                         "certificate is revoked or not on record, or the photo on file has changed since",
              .produces = "image/*",
              .handler = [&service](http::Context& ctx) {
                auto photo = service.photo(ctx.param("token"), ctx.actor());
                if (!photo) return ctx.fail(photo.error());
                ctx.audit_done();  // queued by the service (AuditQueue)
                auto r = http::text_response(std::move(photo->data), photo->content_type);
                r.gzip_ok = false;  // already compressed
                r.set_header("Cache-Control", "private, no-store");
                r.set_header("X-Content-Type-Options", "nosniff");
                r.set_header("Referrer-Policy", "no-referrer");
                return r;
              }});

  router.add({.method = http::Method::get,
              .path = "/v/{token}",
              .access = Access::anyone(),
              .sensitive = true,
              .summary = "The public verification page a certificate's QR code opens (HTML, no JavaScript)",
              .also_status = {302},
              .produces = "text/html; charset=utf-8",
              .handler = [&service](http::Context& ctx) {
                if (auto* other = token_kind_handler(ctx.param("token")))
                  if (auto answer = (*other)(ctx.param("token"))) {
                    http::Response r;
                    r.status = 302;
                    r.content_type = "text/plain; charset=utf-8";
                    r.set_header("Location", answer->page);
                    r.set_header("Referrer-Policy", "no-referrer");
                    return r;
                  }
                auto v = service.verify_token(ctx.param("token"), Channel::token_page, ctx.actor());
                ctx.audit_done();  // queued by the service (AuditQueue)
                Lang lang = lang_of(ctx);
                std::optional<PublicProfile> profile = profile_of(v, lang);
                StatusLight light = status_light(profile ? &*profile : nullptr, v.verdict);
                auto resp = http::text_response(render_page(v, profile ? &*profile : nullptr, light, lang,
                                                            ctx.req().path),
                                                "text/html; charset=utf-8");
                resp.set_header("Content-Security-Policy",
                                "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; "
                                "form-action 'none'; frame-ancestors 'none'");
                resp.set_header("Referrer-Policy", "no-referrer");
                resp.set_header("Content-Language", lang == Lang::en ? "en" : "zh-CN");
                resp.set_header("Vary", "Accept-Language");
                return resp;
              }});

  return module;
}

}  // namespace jz::verify
