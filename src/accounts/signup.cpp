#include "accounts/signup.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <chrono>
#include <stdexcept>

#include "accounts/signup_store.hpp"
#include "accounts/api_types.hpp"
#include "accounts/store.hpp"
#include "common/mobile.hpp"
#include "common/time.hpp"
#include "security/masking.hpp"
#include "security/password.hpp"
#include "security/random.hpp"

namespace jz::accounts {
namespace {

namespace json = boost::json;
using security::Access;

constexpr int kCodeMinutes = 10;     // a code is good for ten minutes
constexpr int kResendSeconds = 60;   // one code a minute per number
constexpr int kCodesPerDay = 5;      // per number
constexpr int kCodesPerHourPerIp = 20;
constexpr int kGuessesPerCode = 5;   // then the code is dead: a 6-digit code cannot be guessed in 5 tries

std::string hex(const db::Blob& b, size_t n) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < b.size() && out.size() < n; ++i) {
    out += d[b[i] >> 4];
    out += d[b[i] & 15];
  }
  return out.substr(0, n);
}

std::string phone_key(const security::FieldCipher& cipher, const std::string& phone) {
  return hex(cipher.blind_index(phone, "signup_codes.phone"), 64);
}

std::string code_hash(const std::string& phone_key, const std::string& code) {
  return security::token_hash(phone_key + ":" + code);
}

std::string at(std::chrono::seconds from_now) { return format_utc(Clock::now() + from_now); }

Result<std::string> mobile_of(const json::object& body) {
  auto phone = http::required_string(body, "phone", 32);
  if (!phone) return phone.error();
  auto m = check_mobile(*phone);
  if (!m.valid) return make_error("invalid_mobile", "phone", m.reason);
  return m.normalized;
}

}  // namespace

void LogSmsSender::send(const std::string& phone, const std::string& text) {
  spdlog::info("SMS to {}: {}", security::mask_phone(phone), text);
}

std::unique_ptr<SmsSender> make_sms_sender(const std::string& name) {
  if (name == "log") return std::make_unique<LogSmsSender>();
  throw std::invalid_argument("unknown sms_sender: " + name);
}

std::string login_name_for(const security::FieldCipher& cipher, std::string_view typed) {
  // Only an entry of digits (with spaces, dashes or a +86 prefix) can be a number: "admin" stays "admin".
  if (typed.find_first_of("0123456789") == std::string_view::npos) return std::string(typed);
  auto m = check_mobile(typed);
  if (!m.valid) return std::string(typed);
  return "m" + hex(cipher.blind_index(m.normalized, "users.phone"), 24);
}

void register_signup_routes(http::Router& router, db::Database& db, const security::FieldCipher& cipher,
                            SmsSender& sms) {
  router.add({.method = http::Method::post,
              .path = "/api/v1/auth/signup/code",
              .access = Access::anyone(),
              .summary = "Household sign-up, step 1: send a 6-digit SMS code to a mobile number (one a minute, five a day)",
              .request = http::schema_of<api::SignupCodeInput>(),
              .response = http::schema_of<api::SignupCodeResult>(),
              .status = 202,
              .handler = [&db, &cipher, &sms](http::Context& ctx) {
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                auto phone = mobile_of(*body);
                if (!phone) return ctx.fail(phone.error());
                const std::string key = phone_key(cipher, *phone);
                const std::string code = security::random_digits(6);
                const std::string now = now_utc();
                const std::string ip = ctx.actor().ip;
                {
                  auto conn = db.acquire();
                  db::Transaction tx(*conn, true);
                  Store users(*conn);
                  if (users.find_user_by_name(login_name_for(cipher, *phone)))
                    return ctx.fail(make_error("phone_registered", "phone"));
                  std::string newest = signup_store::newest_code_at(*conn, key);
                  if (!newest.empty() && newest > at(std::chrono::seconds(-kResendSeconds)))
                    return ctx.fail(make_error("sms_too_soon", "phone", std::to_string(kResendSeconds)));
                  if (signup_store::count_codes(*conn, key, at(std::chrono::hours(-24))) >= kCodesPerDay ||
                      (!ip.empty() && signup_store::count_codes_from_ip(*conn, ip, at(std::chrono::hours(-1))) >=
                                          kCodesPerHourPerIp))
                    return ctx.fail(make_error("sms_limit", "phone"));
                  signup_store::insert_code(*conn, key, code_hash(key, code), ip, now,
                                            at(std::chrono::minutes(kCodeMinutes)));
                  ctx.audit(*conn, {"user.signup_code", "user", "", "phone=" + security::mask_phone(*phone)});
                  tx.commit();
                }
                sms.send(*phone, fmt::format("【陇原家政】您的注册验证码是 {}，{} 分钟内有效。如非本人操作请忽略。", code,
                                             kCodeMinutes));
                return http::json_response(
                    json::object{{"expires_in", kCodeMinutes * 60}, {"resend_after", kResendSeconds}}, 202);
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/auth/signup",
              .access = Access::anyone(),
              .summary = "Household sign-up, step 2: mobile number, SMS code and password → a consumer account",
              .request = http::schema_of<api::AuthSignupInput>(),
              .response = http::schema_of<api::AuthSignupResult>(),
              .status = 201,
              .handler = [&db, &cipher](http::Context& ctx) {
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                auto phone = mobile_of(*body);
                if (!phone) return ctx.fail(phone.error());
                auto code = http::required_string(*body, "code", 16);
                if (!code) return ctx.fail(code.error());
                auto password = http::required_string(*body, "password", 256);
                if (!password) return ctx.fail(password.error());
                std::string display_name = http::optional_string(*body, "display_name").value_or("");
                if (display_name.size() > 60) return ctx.fail(make_error("invalid_field", "display_name", "≤ 20 characters"));
                if (auto r = security::check_password_strength(*password); !r)
                  return ctx.fail(make_error("weak_password", "password", r.error().detail));
                const std::string key = phone_key(cipher, *phone);
                const std::string username = login_name_for(cipher, *phone);
                // Argon2 outside the transaction: it takes a fraction of a second.
                const std::string hash = security::hash_password(*password);
                const std::string now = now_utc();
                auto conn = db.acquire();
                db::Transaction tx(*conn, true);
                auto found = signup_store::newest_unused_code(*conn, key);
                if (!found || found->attempts >= kGuessesPerCode || found->expires_at < now)
                  return ctx.fail(make_error("sms_code_expired", "code"));
                if (found->code_hash != code_hash(key, *code)) {
                  signup_store::count_wrong_guess(*conn, found->id);
                  tx.commit();
                  return ctx.fail(make_error("sms_code_wrong", "code"));
                }
                Store users(*conn);
                if (users.find_user_by_name(username)) return ctx.fail(make_error("phone_registered", "phone"));
                if (!signup_store::use_code(*conn, found->id, now)) return ctx.fail(make_error("sms_code_expired", "code"));
                NewUser u;
                u.username = username;
                u.role = security::Role::consumer;
                u.display_name = display_name;
                int64_t id = users.insert_user(u, hash);
                signup_store::set_user_phone(*conn, id, cipher.encrypt(*phone, "users.phone"),
                                             security::mask_phone(*phone));
                ctx.audit(*conn, {"user.signup", "user", std::to_string(id),
                                  "role=consumer phone=" + security::mask_phone(*phone)});
                tx.commit();
                return http::json_response(json::object{{"id", id},
                                                        {"role", "consumer"},
                                                        {"display_name", display_name},
                                                        {"phone_mask", security::mask_phone(*phone)}},
                                           201);
              }});
}

}  // namespace jz::accounts
