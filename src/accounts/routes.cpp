#include "accounts/routes.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "accounts/store.hpp"
#include "accounts/api_types.hpp"
#include "reference/store.hpp"

namespace jz::accounts {
namespace {

namespace json = boost::json;
using security::Access;
using security::Role;

std::string division_name(db::Database& db, const std::string& code) {
  if (code.empty()) return {};
  auto conn = db.acquire();
  auto d = reference::store::find_division(*conn, code);
  return d ? d->name : std::string();
}

json::object user_json(db::Database& db, int64_t id, const std::string& username, Role role,
                       const std::string& division, const std::string& display_name) {
  json::object o{{"id", id},
                 {"username", username},
                 {"role", security::role_name(role)},
                 {"display_name", display_name}};
  o["division_code"] = division.empty() ? json::value(nullptr) : json::value(division);
  o["division_name"] = division.empty() ? json::value(nullptr) : json::value(division_name(db, division));
  return o;
}

// Whose account this is, for the console header: the enterprise's or institution's name, or for a worker her own
// name (she sees her own record), so the header never shows an account's typed display name instead.
void add_organization(db::Database& db, json::object& o, std::optional<int64_t> enterprise_id,
                      std::optional<int64_t> institution_id, std::optional<int64_t> worker_id) {
  auto conn = db.acquire();
  auto names = Store(*conn).account_names(enterprise_id, institution_id, worker_id);
  auto value = [](const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); };
  if (enterprise_id || institution_id) o["organization_name"] = value(names.organization);
  if (worker_id) o["worker_name"] = value(names.worker);
}

// Secure when the client reached us over HTTPS (a trusted proxy said so, or public_url is https): such a
// cookie is never sent back over plain HTTP.
std::string session_cookies_attrs(int64_t max_age, bool secure) {
  return fmt::format("; Path=/; Max-Age={}; SameSite=Lax{}", max_age, secure ? "; Secure" : "");
}

}  // namespace

void register_routes(http::Router& router, Service& service, db::Database& db,
                     std::function<std::string(std::string_view)> login_alias) {
  router.add({.method = http::Method::post,
              .path = "/api/v1/auth/login",
              .access = Access::anyone(),
              .summary = "Log in with username (or a household's mobile number) and password; returns a bearer token and sets the session cookie",
              .request = http::schema_of<api::AuthLoginInput>(),
              .response = http::schema_of<api::AuthLoginResult>(),
              .handler = [&service, &db, login_alias](http::Context& ctx) {
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                auto username = http::required_string(*body, "username", 64);
                if (!username) return ctx.fail(username.error());
                auto password = http::required_string(*body, "password", 256);
                if (!password) return ctx.fail(password.error());
                // A household types her mobile number: it stands for the account name derived from it.
                auto r = service.login(login_alias ? login_alias(*username) : *username, *password, ctx.actor());
                if (!r) {
                  http::Response refused = ctx.fail(r.error());
                  if (r.error().code == "too_many_attempts") refused.set_header("Retry-After", r.error().detail);
                  return refused;
                }
                bool secure = ctx.req().https;
                ctx.audit_done();  // login audited inside its transaction
                const User& u = r->user;
                json::object out{{"token", r->token},
                                 {"csrf_token", r->csrf_token},
                                 {"expires_in", r->expires_in_s},
                                 {"user", user_json(db, u.id, u.username, u.role, u.division_code, u.display_name)}};
                out["user"].as_object()["must_change_password"] = u.must_change_password;
                add_organization(db, out["user"].as_object(), u.enterprise_id, u.institution_id, u.worker_id);
                http::Response resp = http::json_response(out);
                resp.set_header("Set-Cookie", "jz_session=" + r->token + "; HttpOnly" +
                                                  session_cookies_attrs(r->expires_in_s, secure));
                resp.set_header("Set-Cookie",
                                "jz_csrf=" + r->csrf_token + session_cookies_attrs(r->expires_in_s, secure));
                return resp;
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/auth/logout",
              .access = Access::logged_in(),
              .summary = "Revoke the current session",
              .status = 204,
              .handler = [&service](http::Context& ctx) {
                service.logout(*ctx.user(), ctx.actor());
                ctx.audit_done();
                http::Response resp = http::no_content();
                bool secure = ctx.req().https;
                resp.set_header("Set-Cookie", "jz_session=; HttpOnly" + session_cookies_attrs(0, secure));
                resp.set_header("Set-Cookie", "jz_csrf=" + session_cookies_attrs(0, secure));
                return resp;
              }});

  router.add({.method = http::Method::get,
              .path = "/api/v1/me",
              .access = Access::logged_in(),
              .summary = "The logged-in user and the CSRF token of the session",
              .response = http::schema_of<api::MeView>(),
              .handler = [&db, &service](http::Context& ctx) {
                const auto& p = *ctx.user();
                json::object user = user_json(db, p.user_id, p.username, p.role, p.division_code, p.display_name);
                auto stored = service.find_user(p.user_id);
                user["must_change_password"] = stored && stored->must_change_password;
                add_organization(db, user, p.enterprise_id, p.institution_id, p.worker_id);
                return http::json_response(json::object{{"user", std::move(user)}, {"csrf_token", p.csrf_token}});
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/me/password",
              .access = Access::logged_in(),
              .summary = "Change the password; other sessions of the account are revoked",
              .request = http::schema_of<api::MePasswordInput>(),
              .status = 204,
              .handler = [&service](http::Context& ctx) {
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                auto current = http::required_string(*body, "current_password", 256);
                if (!current) return ctx.fail(current.error());
                auto next = http::required_string(*body, "new_password", 256);
                if (!next) return ctx.fail(next.error());
                auto r = service.change_password(*ctx.user(), *current, *next, ctx.actor());
                if (!r) return ctx.fail(r.error());
                ctx.audit_done();  // change_password audited inside its transaction
                return http::no_content();
              }});

  router.add({.method = http::Method::post,
              .path = "/api/v1/users",
              .access = Access::only({Role::province_admin}),
              .summary = "Create an account (province admin)",
              .request = http::schema_of<api::UserInput>(),
              .response = http::schema_of<api::UserBody>(),
              .status = 201,
              .handler = [&service, &db](http::Context& ctx) {
                auto body = http::parse_json_object(ctx.req());
                if (!body) return ctx.fail(body.error());
                NewUser u;
                auto username = http::required_string(*body, "username", 64);
                if (!username) return ctx.fail(username.error());
                auto password = http::required_string(*body, "password", 256);
                if (!password) return ctx.fail(password.error());
                auto role_s = http::required_string(*body, "role", 32);
                if (!role_s) return ctx.fail(role_s.error());
                auto role = security::parse_role(*role_s);
                if (!role) return ctx.fail(make_error("invalid_role", "role", *role_s));
                u.username = *username;
                u.password = *password;
                u.role = *role;
                u.division_code = http::optional_string(*body, "division_code").value_or("");
                u.display_name = http::optional_string(*body, "display_name").value_or("");
                auto r = service.create_user(u, ctx.actor());
                if (!r) return ctx.fail(r.error());
                // create_user wrote its own audit entry in its transaction.
                ctx.audit_done();
                return http::json_response(
                    user_json(db, r->id, r->username, r->role, r->division_code, r->display_name), 201);
              }});

  register_audit_routes(router, db);
}

}  // namespace jz::accounts
